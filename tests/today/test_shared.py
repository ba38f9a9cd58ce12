"""Today's parts shared by the server processes of one machine (tracker/today/shared.py): a
worker just started finds the parts another drew for the same session, never another
session's, and a user's files go at log-out and account deletion."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator

import pytest
from flask import Flask

from tests.conftest import PASSWORD, config, login, make_user
from tracker.app import create_app
from tracker.extensions import db
from tracker.today import parts, shared
from tracker.today.shared import SharedParts, share_between_workers, stop_sharing


@pytest.fixture
def folder(app: Flask, tmp_path) -> str:  # noqa: ANN001
    path = str(tmp_path / "shared")
    app.config["TODAY_SHARED_FOLDER"] = path
    return path


@pytest.fixture
def worker(app: Flask, database_url: str, folder: str, tmp_path) -> Iterator[Flask]:  # noqa: ANN001
    """A second app over the same database and shared folder: another server process, its own
    memory empty."""
    other = create_app(config(database_url, str(tmp_path / "worker"), TODAY_SHARED_FOLDER=folder))
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def _drawn(client) -> int:  # noqa: ANN001
    """How many parts a GET of Today draws anew."""
    drawn = []
    real = parts.render_part
    parts.render_part = lambda *args: drawn.append(args[0]) or real(*args)
    try:
        response = client.get("/today")
    finally:
        parts.render_part = real
    assert response.status_code == 200
    return len(drawn)


def _user_files(folder: str) -> list[str]:
    return [name for _path, _dirs, names in os.walk(folder) for name in names]


def test_another_process_reuses_the_parts_drawn_for_the_same_session(app, client, worker):
    make_user(app)
    login(client)
    assert _drawn(client) > 5  # every part drawn here, and shared
    assert _user_files(app.config["TODAY_SHARED_FOLDER"])
    cookie = client.get_cookie("tracker_session").value
    same_session = worker.test_client()
    same_session.set_cookie("tracker_session", cookie)
    assert _drawn(same_session) == 0
    other_session = worker.test_client()
    login(other_session)
    assert _drawn(other_session) > 5  # another session's token: nothing of the first one's


def test_a_save_in_one_process_is_drawn_anew_in_the_other(app, client, worker):
    make_user(app)
    login(client)
    client.get("/today")
    cookie = client.get_cookie("tracker_session").value
    same_session = worker.test_client()
    same_session.set_cookie("tracker_session", cookie)
    same_session.get("/today")
    client.post("/activity/substances/new", data={"substance": "caffeine", "amount": "1"})
    assert _drawn(client) == 1
    assert _drawn(same_session) == 0  # the part drawn after the save, shared
    assert "Today: 1 drink with caffeine" in same_session.get("/today").get_data(as_text=True)


@pytest.mark.parametrize("leave", ["/logout", "/settings/sign-out-everywhere", "/settings/delete"])
def test_a_users_shared_parts_go_when_they_leave(app, client, folder, leave):
    uid = make_user(app)
    other = app.test_client()
    make_user(app, email="grace@example.org")
    login(other, "grace@example.org")
    login(client)
    client.get("/today")
    other.get("/today")
    assert os.listdir(os.path.join(folder, str(uid)))
    response = client.post(leave, data={"password": PASSWORD})
    assert response.status_code == 302
    assert not os.path.exists(os.path.join(folder, str(uid)))
    assert len(os.listdir(folder)) == 1  # the other user's parts stay


def test_a_users_folder_keeps_the_newest_files_within_a_day(tmp_path, monkeypatch):
    store = SharedParts(str(tmp_path))
    monkeypatch.setattr(shared, "MAX_FILES", 3)
    monkeypatch.setattr(shared, "PRUNE_EVERY", 0)
    for n in range(5):
        store.put(7, ("part", n), b"html %d" % n)
        os.utime(store._path(7, ("part", n)), (time.time() - 10 + n,) * 2)
    assert [n for n in range(5) if store.get(7, ("part", n))] == [2, 3, 4]
    old = time.time() - shared.MAX_AGE - 1
    os.utime(store._path(7, ("part", 3)), (old, old))
    store.put(7, ("part", 5), b"html 5")
    assert [n for n in range(6) if store.get(7, ("part", n))] == [2, 4, 5]  # 3: a day old
    assert store.get(7, ("part", 5)) == b"html 5"
    assert store.get(8, ("part", 5)) is None  # another user's folder


def test_the_files_of_users_who_do_not_come_back_go_within_a_day(tmp_path):
    SharedParts(str(tmp_path)).put(8, ("part", 1), b"gone")
    SharedParts(str(tmp_path)).put(9, ("part", 1), b"kept")
    old = time.time() - shared.MAX_AGE - 1
    os.utime(SharedParts(str(tmp_path))._path(8, ("part", 1)), (old, old))
    SharedParts(str(tmp_path)).put(7, ("part", 1), b"a new process's first write sweeps")
    assert sorted(os.listdir(tmp_path)) == ["7", "9"]


def test_the_master_makes_a_private_folder_and_removes_it_at_exit(app):
    assert app.config["TODAY_SHARED_FOLDER"] is None
    folder = share_between_workers(app)
    try:
        assert folder and os.path.isdir(folder)
        assert os.stat(folder).st_mode & 0o077 == 0
        assert app.config["TODAY_SHARED_FOLDER"] == folder
    finally:
        stop_sharing(app)
    assert not os.path.exists(folder)
    assert share_between_workers(Flask("bare")) is None


def test_the_request_keys_of_shared_parts_are_new_in_every_answer(app, client, worker):
    make_user(app)
    login(client)
    first = client.get("/today").get_data(as_text=True)
    same_session = worker.test_client()
    same_session.set_cookie("tracker_session", client.get_cookie("tracker_session").value)
    second = same_session.get("/today").get_data(as_text=True)
    keys = re.compile(r'name="(?:[\w-]+-)?request_key" type="hidden" value="(\w+)"')
    assert keys.findall(second) and set(keys.findall(first)).isdisjoint(keys.findall(second))
