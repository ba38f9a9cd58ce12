"""API tests make many users and never test password hashing: hash with argon2's lightest
settings here, so a user costs milliseconds instead of a third of a second on this machine."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from tracker.auth import services as auth

LIGHT = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(autouse=True)
def _light_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "_hasher", LIGHT)
