"""The medication and wellness tracker.

The app is built by tracker.app.create_app, its table of contents. It is not defined here: a
package's __init__ runs before any module of it is imported, so the blueprints imported here
would load the whole app (matplotlib included) for anything that needs one pure module, such
as tracker.charts.series or the gunicorn master's tracker.today.shared.
"""
