"""Work every worker would otherwise repeat on its first requests, done once in the gunicorn
master before it forks (gunicorn.conf.py `when_ready`): a worker that gunicorn replaces after
`max_requests` then starts as fast as an old one instead of compiling every template again.

Nothing here keeps a database connection: the master's engine is disposed at the end, so no
worker inherits a connection opened before the fork.
"""

from __future__ import annotations

from flask import Flask

from tracker.extensions import db

# Pages that need no login and no data: rendering them runs the routing, the forms, CSRF, the
# session cookie and the templates' filters once.
PAGES = ("/login", "/signup")


def warm(app: Flask) -> int:
    """Compile every template and render the public pages once; returns the templates compiled."""
    env = app.jinja_env
    names = env.list_templates(filter_func=lambda name: name.endswith((".html", ".txt")))
    for name in names:
        env.get_template(name)
    from matplotlib import font_manager

    font_manager.findfont("DejaVu Sans")  # loads matplotlib's font list for the charts
    client = app.test_client()
    for path in PAGES:
        client.get(path)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return len(names)
