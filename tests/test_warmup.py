"""The warm-up the gunicorn master runs before forking: every template compiled, the public
pages rendered once, nothing written and no database connection left open."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from tests.conftest import make_user
from tracker.extensions import db
from tracker.warmup import warm, warm_worker


def _rows() -> dict[str, int]:
    return {
        t.name: db.session.scalar(select(func.count()).select_from(t))
        for t in db.metadata.sorted_tables
    }


def test_every_template_is_compiled_before_the_fork_and_nothing_is_written(app: Flask) -> None:
    make_user(app)
    with app.app_context():
        before = _rows()
        db.session.remove()
    names = app.jinja_env.list_templates(filter_func=lambda n: n.endswith((".html", ".txt")))
    assert len(app.jinja_env.cache or {}) < len(names)
    assert warm(app) == len(names) > 50
    cached = {key[1] for key in app.jinja_env.cache}
    assert set(names) <= cached
    with app.app_context():
        assert db.engine.pool.checkedout() == 0  # no connection for a worker to inherit
        assert _rows() == before


def test_todays_reads_are_compiled_before_the_fork(app: Flask) -> None:
    """A worker forked after the warm-up finds the SQL of Today's reads compiled: drawing Today
    for a real account compiles nothing new (its reads match the warm-up's user's)."""
    from tracker.auth.models import User
    from tracker.timeutils import local_today, utcnow
    from tracker.today import page

    make_user(app)
    warm(app)
    with app.test_request_context("/today"):
        cache = db.engine._compiled_cache
        user = db.session.scalar(select(User))
        now = utcnow()
        day = local_today(user.timezone, now)
        before = len(cache)
        page.today_context(user, day, day, now)
        added = len(cache) - before
        db.session.rollback()
    assert added <= 1, added  # the symptoms a new account follows are written on first sight


def test_a_new_worker_warms_itself_writing_and_keeping_nothing(app: Flask, tmp_path) -> None:  # noqa: ANN001
    """gunicorn's post_worker_init: the pages drawn once more in the worker, before its first
    request; no row written, no part of the warm-up's user kept in memory or shared."""
    import os

    make_user(app)
    shared = tmp_path / "shared"
    app.config["TODAY_SHARED_FOLDER"] = str(shared)
    with app.app_context():
        before = _rows()
        db.session.remove()
    warm_worker(app)
    assert "today_parts" not in app.extensions
    assert not [n for _path, _dirs, names in os.walk(shared) for n in names]
    with app.app_context():
        assert _rows() == before
