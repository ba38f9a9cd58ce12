"""Lock-out under a burst: real threads, each its own request and database connection, against
the suite's real database. Of 40 parallel logins with wrong passwords at most 5 passwords are
tested (argon2 calls are counted, the database is not touched by the counting)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import select

from tests.conftest import PASSWORD, login, make_user
from tracker.auth import services
from tracker.auth.models import User
from tracker.extensions import db

BURST = 40
# Each burst races real password checks of their real length against the lock-out.
pytestmark = pytest.mark.real_password_hashing


@pytest.fixture
def tested(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password argon2 was asked to test for a real account, in order."""
    seen: list[str] = []
    lock = threading.Lock()
    real = services.verify_password

    def counting(user: User, password: str) -> bool:
        with lock:
            seen.append(password)
        return real(user, password)

    monkeypatch.setattr(services, "verify_password", counting)
    return seen


def together(count: int, action: Callable[[int], object]) -> list[object]:
    """Run `action(n)` in `count` threads released at the same moment; their results."""
    results: list[object] = [None] * count
    start = threading.Barrier(count, timeout=60)

    def run(n: int) -> None:
        start.wait()
        try:
            results[n] = action(n)
        except Exception as exc:  # noqa: BLE001 - reported by the test as a result
            results[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_forty_parallel_logins_test_at_most_five_passwords(app: Flask, tested: list[str]) -> None:
    make_user(app)

    statuses = together(
        BURST, lambda n: login(app.test_client(), password=f"wrong password {n}").status_code
    )

    assert statuses == [422] * BURST
    assert len(tested) <= 5
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.locked_until is not None
    refused = login(app.test_client())  # the right password, while locked
    assert refused.status_code == 422
    assert len(tested) <= 5


def test_settings_password_checks_count_in_the_same_lock_out(app: Flask, tested: list[str]) -> None:
    make_user(app)
    client = app.test_client()
    login(client)
    tested.clear()

    for n in range(3):
        client.post(
            "/settings/password",
            data={"current_password": f"guess {n}", "new_password": "a new passphrase"},
        )
    client.post("/settings/delete", data={"password": "guess 3"})
    client.post("/reauth", data={"password": "guess 4"})
    after_lock = client.post("/settings/delete", data={"password": PASSWORD})

    assert after_lock.status_code == 422
    assert len(tested) == 5
    with app.app_context():
        assert db.session.scalar(select(User)).locked_until is not None
    assert login(app.test_client()).status_code == 422


def test_parallel_password_checks_in_settings_test_at_most_five(
    app: Flask, tested: list[str]
) -> None:
    make_user(app)
    clients = [app.test_client() for _ in range(12)]
    for client in clients:
        login(client)
    tested.clear()

    together(
        len(clients),
        lambda n: clients[n].post("/settings/delete", data={"password": f"guess {n}"}),
    )

    assert len(tested) <= 5
