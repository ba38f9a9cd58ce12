"""Second factors: what an account proves after its password.

Each type is one module (totp, passkeys, recovery) described by a FactorType: its key
(posted by the second step's form), its label, whether it protects an account on its own
(recovery codes only stand in for one), the partial the second step shows for it, and two
functions: `enrolled(user)` and `check(user, answer, now=...)`, which uses the answer up
(a code is accepted once). The sign-in, the confirm forms and the lock-out only go through
this list (tracker/auth/factors/services.py), so a new type is a module and a line here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from types import ModuleType

from tracker.auth.factors import passkeys, recovery, totp
from tracker.auth.models import User


@dataclass(frozen=True)
class FactorType:
    key: str
    label: str
    protects: bool
    template: str
    enrolled: Callable[[User], bool]
    check: Callable[..., bool]  # (user, answer, *, now: datetime) -> bool


def _of(module: ModuleType) -> FactorType:
    return FactorType(
        key=module.KEY,
        label=module.LABEL,
        protects=module.PROTECTS,
        template=module.TEMPLATE,
        enrolled=module.enrolled,
        check=module.check,
    )


FACTORS: tuple[FactorType, ...] = (_of(passkeys), _of(totp), _of(recovery))
BY_KEY = {f.key: f for f in FACTORS}


def protected(user: User) -> bool:
    """Whether the account has a second factor (then sign-in asks for it)."""
    return any(f.protects and f.enrolled(user) for f in FACTORS)


def offered(user: User) -> list[FactorType]:
    """The types the second step offers this user, in order."""
    return [f for f in FACTORS if f.enrolled(user)]


def check(user: User, key: str, answer: str, *, now: datetime) -> bool:
    """Whether `answer` proves the factor `key` of the user (and use it up)."""
    factor = BY_KEY.get(key)
    return factor is not None and factor.enrolled(user) and factor.check(user, answer, now=now)
