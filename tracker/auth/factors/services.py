"""Second-factor rules: the code at sign-in, the confirm form before a factor changes,
setting up and turning off the authenticator, recovery codes and the administrator's reset.

Every code typed counts in the password's lock-out (auth.services.check_attempt): the same
counter on the user's row, taken atomically before the code is tested, whichever server
process gets it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete

from tracker.auth import factors
from tracker.auth.factors import passkeys, recovery, totp
from tracker.auth.factors.models import Passkey
from tracker.auth.models import User, UserSession
from tracker.auth.services import LoginPolicy, check_attempt, check_password
from tracker.errors import Invalid
from tracker.extensions import db

WRONG_CODE = "This code is not right, or it was used already. Try the newest code."
WRONG_PASSWORD = "This is not your password."  # noqa: S105 - a message
REQUIRED = (
    "This server asks every account for a second factor, so it cannot be turned off. To move "
    "to a new phone, set up the authenticator again: the new one replaces the old."
)


@dataclass(frozen=True)
class Security:
    """What the Security page shows."""

    totp_on: bool
    totp_since: datetime | None
    totp_last_used: datetime | None
    recovery_left: int
    passkeys: tuple[Passkey, ...] = ()

    @property
    def protected(self) -> bool:
        return self.totp_on or bool(self.passkeys)

    @property
    def few_codes(self) -> bool:
        return self.totp_on and self.recovery_left <= recovery.FEW


def security(user: User) -> Security:
    """The account's factors and how many recovery codes are left."""
    factor = totp.factor_of(user)
    return Security(
        totp_on=factor is not None,
        totp_since=factor.created_at if factor else None,
        totp_last_used=factor.last_used_at if factor else None,
        recovery_left=recovery.remaining(user),
        passkeys=tuple(passkeys.passkeys_of(user)),
    )


def answer_type(answer: str) -> str:
    """Which factor a typed code belongs to: six digits are an authenticator's."""
    cleaned = "".join(answer.split())
    return totp.KEY if len(cleaned) == 6 and cleaned.isdigit() else recovery.KEY


def prove(
    user: User, key: str, answer: str, *, now: datetime, policy: LoginPolicy, field: str = "code"
) -> None:
    """The second step: `answer` must prove the factor `key`; counted in the lock-out, whose
    count a right answer clears. Raises Invalid (AccountLocked past the limit)."""
    check_attempt(
        user,
        lambda: factors.check(user, key, answer, now=now),
        now=now,
        policy=policy,
        field=field,
        wrong=passkeys.NOT_ACCEPTED if key == passkeys.KEY else WRONG_CODE,
    )


CONFIRM_WITH_PASSKEY = (
    "Confirm with one of your passkeys too: press the button and follow your device's prompt "
    "(this needs JavaScript in this browser)."
)


@dataclass(frozen=True)
class Current:
    """The current factors, given again in the form that changes one."""

    password: str
    code: str | None = None  # an authenticator's or a recovery code
    passkey: str | None = None  # a signed assertion, packed (passkeys.confirm_answer)
    passkeys_on: bool = False  # whether this server can check a passkey at all


def confirm_current(user: User, current: Current, *, now: datetime, policy: LoginPolicy) -> None:
    """Re-authentication within the request, before a factor changes: the password, and then
    a code (authenticator or recovery) when the account has an authenticator, or else one of
    its passkeys when it has passkeys and they are on. With passkeys off (no
    TRACKER_PUBLIC_URL) none can be checked, and the password alone confirms."""
    protected = totp.enrolled(user)
    by_passkey = not protected and current.passkeys_on and passkeys.enrolled(user)
    check_password(
        user,
        current.password,
        now=now,
        policy=policy,
        wrong=WRONG_PASSWORD,
        clear=not (protected or by_passkey),
    )
    if protected:
        code = (current.code or "").strip()
        if not code:
            raise Invalid("Enter a code from your authenticator app, or a recovery code.", "code")
        prove(user, answer_type(code), code, now=now, policy=policy)
    elif by_passkey:
        if not current.passkey:
            raise Invalid(CONFIRM_WITH_PASSKEY, "password")
        prove(user, passkeys.KEY, current.passkey, now=now, policy=policy, field="password")


def enrol_totp(
    user: User, secret: str, new_code: str, current: Current, *, now: datetime, policy: LoginPolicy
) -> list[str] | None:
    """Set up the authenticator with `secret` once its app shows `new_code`, after the
    current factors are confirmed. Returns new recovery codes to show once (None when an
    authenticator is replaced and unused codes remain: they keep working)."""
    step = totp.matching_step(secret, new_code, now=now)
    if step is None:
        raise Invalid(
            "This code does not match. Check the phone's time is set automatically, and "
            "type the code the app shows now.",
            "new_code",
        )
    confirm_current(user, current, now=now, policy=policy)
    replaced = totp.enrolled(user)
    totp.save(user, secret, step, now=now)
    if replaced and recovery.remaining(user):
        return None
    return recovery.regenerate(user, now=now)


def turn_off_totp(
    user: User, current: Current, *, now: datetime, policy: LoginPolicy, required: bool
) -> None:
    """Turn the authenticator off (and void the recovery codes) after the current factors."""
    if required:
        raise Invalid(REQUIRED)
    if not totp.enrolled(user):
        raise Invalid("The authenticator is not set up.")
    confirm_current(user, current, now=now, policy=policy)
    totp.remove(user)
    recovery.remove(user)


def regenerate_recovery(
    user: User, current: Current, *, now: datetime, policy: LoginPolicy
) -> list[str]:
    """Ten new recovery codes after the current factors; the old ones stop working."""
    if not totp.enrolled(user):
        raise Invalid("Set up the authenticator first: recovery codes come with it.")
    confirm_current(user, current, now=now, policy=policy)
    return recovery.regenerate(user, now=now)


def add_passkey(
    user: User,
    credential: str,
    current: Current,
    *,
    challenge: passkeys.Challenge | None,
    rp: passkeys.RelyingParty,
    name: str,
    now: datetime,
    policy: LoginPolicy,
) -> Passkey:
    """Keep the browser's new passkey once the current factors are confirmed and it answers
    its challenge."""
    confirm_current(user, current, now=now, policy=policy)
    added = passkeys.register(user, credential, challenge=challenge, rp=rp, name=name, now=now)
    db.session.add(added)
    return added


def remove_passkey(
    user: User,
    passkey: Passkey,
    current: Current,
    *,
    now: datetime,
    policy: LoginPolicy,
    required: bool,
) -> None:
    """Remove a passkey after the current factors (not the last factor when one is required)."""
    if required and not totp.enrolled(user) and len(passkeys.passkeys_of(user)) <= 1:
        raise Invalid(
            "This server asks every account for a second factor: add another passkey or an "
            "authenticator app first."
        )
    confirm_current(user, current, now=now, policy=policy)
    passkeys.remove(user, passkey)


def sign_in_with_passkey(
    credential: str,
    *,
    challenge: passkeys.Challenge | None,
    rp: passkeys.RelyingParty,
    now: datetime,
    policy: LoginPolicy,
) -> User:
    """The account whose passkey signed this challenge (two factors at once). A failure
    counts in the lock-out of the account the passkey belongs to, when the server has it."""
    found = passkeys.owner(credential)
    user = db.session.get(User, found.user_id) if found else None
    if user is None:
        raise Invalid(passkeys.NOT_ACCEPTED, "credential")
    check_attempt(
        user,
        lambda: (
            passkeys.verify(None, credential, challenge=challenge, purpose="signin", rp=rp, now=now)
            is not None
        ),
        now=now,
        policy=policy,
        field="credential",
        wrong=passkeys.NOT_ACCEPTED,
    )
    return user


@dataclass(frozen=True)
class Reset:
    authenticators: int
    passkeys: int
    recovery_codes: int
    sessions: int


def reset_factors(user: User) -> Reset:
    """The administrator's reset for someone who lost every factor: remove the factors and
    recovery codes and end every session (the next sign-in is with the password alone)."""
    authenticators = totp.remove(user)
    keys = passkeys.remove(user)
    codes = recovery.remove(user)
    sessions = db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    return Reset(authenticators, keys, codes, sessions.rowcount)
