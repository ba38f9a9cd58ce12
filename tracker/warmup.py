"""Work every worker would otherwise repeat on its first requests, done once in the gunicorn
master before it forks (gunicorn.conf.py `when_ready`): a worker that gunicorn replaces after
`max_requests` then starts as fast as an old one instead of compiling every template again.

Nothing here keeps a database connection: the master's engine is disposed at the end, so no
worker inherits a connection opened before the fork.

A forked worker shares the master's memory until it writes to it, and Python writes to every
object it uses (reference counts): the first request of a new worker copied some 5,000 pages
of memory, most of its time. `warm_worker` (gunicorn.conf.py `post_worker_init`) draws the
same pages once more in the worker before it takes requests, so that copying is done there,
and opens the worker's own database connection.
"""

from __future__ import annotations

from flask import Flask

from tracker.extensions import db

# Pages that need no login and no data: rendering them runs the routing, the forms, CSRF, the
# session cookie and the templates' filters once.
PAGES = ("/login", "/signup")


def _today(app: Flask) -> None:
    """Draw Today for a user who is not in the database (id 0: every read finds nothing): the
    SQL of its reads is compiled once here, in the engine's cache the workers inherit. Only
    reads run; the transaction is rolled back and the parts drawn are dropped."""
    from flask import render_template

    from tracker.auth.models import User
    from tracker.timeutils import local_today, utcnow
    from tracker.today import page, parts

    now = utcnow()
    day = local_today("UTC", now)
    nobody = User(id=0, email="warm-up@invalid", timezone="UTC", data_version=0)
    for column in User.__table__.columns:  # the settings' defaults, as a new account has them
        if getattr(nobody, column.key) is None and column.default is not None:
            setattr(nobody, column.key, column.default.arg)
    with app.test_request_context("/today"):
        try:
            context = page.today_context(nobody, day, day, now)
            render_template("today/show.html", prev_day=day, next_day=day, **context)
        finally:
            db.session.rollback()
            parts.forget(0)  # a shared folder configured for the workers keeps nothing of it
    app.extensions.pop("today_parts", None)


def warm_worker(app: Flask) -> None:
    """In a worker just forked, before its first request: the public pages and Today drawn
    once more (reads only, nothing kept)."""
    if "sqlalchemy" not in app.extensions:
        return
    client = app.test_client()
    for path in PAGES:
        client.get(path)
    _today(app)


def warm(app: Flask) -> int:
    """Compile every template and render the public pages once; returns the templates compiled
    (none for an app that is not the tracker, such as bench/bare.py's)."""
    if "sqlalchemy" not in app.extensions:
        return 0
    env = app.jinja_env
    names = env.list_templates(filter_func=lambda name: name.endswith((".html", ".txt")))
    for name in names:
        env.get_template(name)
    from matplotlib import font_manager

    font_manager.findfont("DejaVu Sans")  # loads matplotlib's font list for the charts
    client = app.test_client()
    for path in PAGES:
        client.get(path)
    _today(app)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return len(names)
