"""Account rules: passwords, lock-out, sessions, settings and deletion."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import ColumnElement, and_, bindparam, delete, not_, or_, select, update

from tracker import ratelimit
from tracker.auth import factors
from tracker.auth.models import User, UserSession
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.secrettokens import digest, new_token
from tracker.timeutils import CLOCKS, is_zone

MIN_PASSWORD = 8
MAX_PASSWORD = 1024  # long passphrases are welcome; this only bounds the hashing work
_hasher = PasswordHasher()  # argon2id with argon2-cffi's defaults
_DUMMY_HASH = _hasher.hash("timing-equaliser")


# One answer for an unknown email, a wrong password and a locked account: none of them tells
# whether an account exists.
WRONG_LOGIN = (
    "Email or password is not right. After 5 wrong tries an account waits 15 minutes: "
    "if that may be you, wait and try again."
)
LOCKED = "Too many wrong passwords. Wait 15 minutes, then try again."


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    lock: timedelta = timedelta(minutes=15)
    # "Keep me signed in": SESSION_DAYS; otherwise a session ends 12 hours after login, or
    # after `idle` without a request.
    session_lifetime: timedelta = timedelta(days=30)
    short_lifetime: timedelta = timedelta(hours=12)
    idle: timedelta = timedelta(minutes=30)
    # Exports, API tokens and share links ask for the password again past this.
    reauth: timedelta = timedelta(minutes=10)


# last_seen_at is written at most this often: a session's idle time is exact to a minute.
# Coarser would save little (one small UPDATE a minute per browser in use) and would end an
# idle session up to that much early; Settings → Sessions shows the last use no finer than
# "active now" (within ACTIVE_NOW, tracker/auth/sessions.py).
TOUCH_EVERY = timedelta(minutes=1)


class AccountLocked(Invalid):
    """Too many wrong passwords; `until` says when the account opens again."""

    def __init__(self, until: datetime, field: str = "password") -> None:
        super().__init__(LOCKED, field)
        self.until = until


def normalise_email(email: str) -> str:
    """Emails compare case-insensitively and without surrounding spaces."""
    return email.strip().lower()


def _check_email(email: str) -> str:
    email = normalise_email(email)
    local, _, domain = email.partition("@")
    if not local or "." not in domain or " " in email or len(email) > 254:
        raise Invalid("Enter an email address like name@example.org.", "email")
    return email


def check_password_rules(password: str, field: str = "password") -> None:
    """Length only: at least 8 characters, no composition rules, passphrases as typed."""
    if len(password) < MIN_PASSWORD:
        raise Invalid(f"Use at least {MIN_PASSWORD} characters.", field)
    if len(password) > MAX_PASSWORD:
        raise Invalid(f"Use at most {MAX_PASSWORD} characters.", field)


def _check_timezone(tz: str) -> str:
    if not is_zone(tz):
        raise Invalid("Choose a time zone from the list.", "timezone")
    return tz


class EmailTaken(Invalid):
    """Sign-up with an email that has an account (the page must not say so)."""

    def __init__(self) -> None:
        super().__init__("An account with this email already exists.", "email")


def create_user(
    email: str, password: str, timezone: str, *, clock: str = "24", now: datetime
) -> User:
    """Create an account; the email must be free. `clock`: how times are shown."""
    email = _check_email(email)
    check_password_rules(password)
    timezone = _check_timezone(timezone)
    hashed = _hasher.hash(password)  # first: a taken email takes as long as a free one
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise EmailTaken()
    if clock not in CLOCKS:
        raise Invalid("Choose 24-hour or 12-hour.", "clock")
    user = User(email=email, password_hash=hashed, timezone=timezone, clock=clock, created_at=now)
    db.session.add(user)
    db.session.flush()
    return user


def verify_password(user: User, password: str) -> bool:
    """Whether `password` is the user's; upgrades the hash when argon2's defaults moved on."""
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return True


def _equal_work(password: str) -> None:
    """Hash as a real check would, so a refusal takes as long as a wrong password."""
    try:
        _hasher.verify(_DUMMY_HASH, password)
    except VerificationError:
        pass


def authenticate(
    email: str,
    password: str,
    *,
    now: datetime,
    policy: LoginPolicy,
    failures: ratelimit.Limiter | None = None,
) -> User:
    """The user for these credentials; every try counts towards the account's lock-out.

    Raises Invalid (AccountLocked when locked); the caller shows WRONG_LOGIN for either.
    The try is counted and committed before the password is tested (see check_password).
    """
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        _equal_work(password)  # no user oracle by timing
        raise Invalid(WRONG_LOGIN, "password")
    # With a second factor the count goes on until its code is right (tracker/auth/factors).
    clear = not factors.protected(user)
    check_password(user, password, now=now, policy=policy, failures=failures, clear=clear)
    return user


def check_password(
    user: User,
    password: str,
    *,
    now: datetime,
    policy: LoginPolicy,
    failures: ratelimit.Limiter | None = None,
    field: str = "password",
    wrong: str = WRONG_LOGIN,
    clear: bool = True,
) -> None:
    """Test `password` for a login or for the password asked again in Settings: one lock-out.

    See check_attempt. `clear=False` keeps the count after a right password: an account
    with a second factor is cleared by its code, so that knowing the password does not
    reset the count of wrong codes.
    """
    check_attempt(
        user,
        lambda: verify_password(user, password),
        now=now,
        policy=policy,
        failures=failures,
        field=field,
        wrong=wrong,
        clear=clear,
        refused=lambda: _equal_work(password),
    )


def check_attempt(
    user: User,
    test: Callable[[], bool],
    *,
    now: datetime,
    policy: LoginPolicy,
    failures: ratelimit.Limiter | None = None,
    field: str,
    wrong: str,
    clear: bool = True,
    refused: Callable[[], None] | None = None,
) -> None:
    """Run `test` (a password, a second factor's code) as one try of the account's lock-out.

    The try is counted (and committed, whatever the caller does next) in the step that
    checks the limit, before `test` runs: of any number of parallel tries at most
    `max_failures` are tested. The one that reaches the limit and fails locks the account
    for `lock`. `refused` runs instead of `test` on a locked account (equal work). Call it
    before any change in the session.
    """
    failures = failures or ratelimit.limiter()
    locked = user.locked_until is not None and user.locked_until > now
    number = (
        policy.max_failures + 1
        if locked
        else failures.login_attempt(user.id, policy.max_failures, policy.window, now=now)
    )
    if number > policy.max_failures:
        if refused is not None:
            refused()
        raise AccountLocked(user.locked_until or now + policy.lock, field)
    if test():
        if clear:
            failures.clear_login_failures(user.id)
            user.locked_until = None
        return
    if number >= policy.max_failures:
        _lock(user, now + policy.lock)
        raise AccountLocked(now + policy.lock, field)
    raise Invalid(wrong, field)


def _lock(user: User, until: datetime) -> None:
    # Committed at once: a settings view rolls back its failed form, the lock must stay.
    db.session.rollback()
    db.session.execute(update(User).where(User.id == user.id).values(locked_until=until))
    db.session.commit()


def session_is_live(now: datetime, policy: LoginPolicy) -> ColumnElement[bool]:
    """The condition of a session that still logs its browser in (user_for_session's rule):
    before its end, and (without "keep me signed in") used within the idle time."""
    return and_(
        UserSession.expires_at > now,
        or_(UserSession.remember, UserSession.last_seen_at > now - policy.idle),
    )


def start_session(
    user: User,
    *,
    now: datetime,
    policy: LoginPolicy | None = None,
    remember: bool = False,
    device: str | None = None,
) -> str:
    """Open a server-side session and return its secret token (kept only in the cookie).

    `device`: the browser and system in a few words (tracker/auth/devices.py). The user's
    sessions that ended by time (at their end, or idle) are deleted here.
    """
    policy = policy or LoginPolicy()
    token = new_token()
    lifetime = policy.session_lifetime if remember else policy.short_lifetime
    db.session.execute(
        delete(UserSession).where(
            UserSession.user_id == user.id, not_(session_is_live(now, policy))
        )
    )
    db.session.add(
        UserSession(
            user_id=user.id,
            token_hash=digest(token),
            created_at=now,
            last_seen_at=now,
            expires_at=now + lifetime,
            remember=remember,
            password_at=now,
            device=device,
        )
    )
    user.session_token, user.session_password_at = token, now
    return token


# The session and its user in one statement, built once: it runs before every logged-in
# request, and building it anew each time took about as long as running it.
_SESSION_USER = (
    select(
        User,
        UserSession.id,
        UserSession.last_seen_at,
        UserSession.expires_at,
        UserSession.remember,
        UserSession.password_at,
    )
    .join(UserSession, UserSession.user_id == User.id)
    .where(UserSession.token_hash == bindparam("token_hash"))
)


def user_for_session(token: str, *, now: datetime, policy: LoginPolicy) -> User | None:
    """The user whose live session holds `token`, or None when it ended, expired or idled.

    Notes the request in the session (its own commit, at most once a minute) when nothing
    else is pending in the database session.
    """
    found = db.session.execute(_SESSION_USER, {"token_hash": digest(token)}).first()
    if found is None or found.expires_at <= now:
        return None
    if not found.remember and found.last_seen_at <= now - policy.idle:
        return None
    user = found[0]
    user.session_token, user.session_password_at = token, found.password_at
    session = db.session
    if found.last_seen_at <= now - TOUCH_EVERY and not (session.new or session.dirty):
        session.execute(
            update(UserSession).where(UserSession.id == found.id).values(last_seen_at=now)
        )
        session.commit()
    return user


def end_session(token: str) -> None:
    """End one session on the server: its cookie no longer logs anybody in."""
    db.session.execute(delete(UserSession).where(UserSession.token_hash == digest(token)))


def password_is_recent(user: User, *, now: datetime, policy: LoginPolicy) -> bool:
    """Whether the password was typed in this session within `policy.reauth`."""
    at = user.session_password_at
    return at is not None and at > now - policy.reauth


def confirm_password(user: User, password: str, *, now: datetime, policy: LoginPolicy) -> None:
    """Re-authentication: the password again, counted in the lock-out; then it is recent."""
    check_password(user, password, now=now, policy=policy, wrong="This is not your password.")
    db.session.execute(
        update(UserSession)
        .where(UserSession.token_hash == digest(user.session_token or ""))
        .values(password_at=now)
    )
    user.session_password_at = now


def change_password(
    user: User, current: str, new: str, *, now: datetime, policy: LoginPolicy
) -> str:
    """Set a new password, end every session of the user and open a fresh one for this browser."""
    check_password_rules(new, "new_password")
    check_password(
        user,
        current,
        now=now,
        policy=policy,
        field="current_password",
        wrong="This is not your current password.",
    )
    user.password_hash = _hasher.hash(new)
    device = db.session.scalar(
        select(UserSession.device).where(UserSession.token_hash == digest(user.session_token or ""))
    )
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    return start_session(user, now=now, policy=policy, device=device)


def update_settings(
    user: User,
    *,
    timezone: str,
    on_time_window_minutes: int,
    display_name: str | None,
    clock: str | None = None,
) -> None:
    """Change the user's zone, on-time window, optional name (shown on reports) and clock
    ("24" or "12": how times are shown; None keeps it)."""
    user.timezone = _check_timezone(timezone)
    if clock is not None:
        if clock not in CLOCKS:
            raise Invalid("Choose 24-hour or 12-hour.", "clock")
        user.clock = clock
    if not 5 <= on_time_window_minutes <= 240:
        raise Invalid("Choose between 5 and 240 minutes.", "on_time_window_minutes")
    user.on_time_window_minutes = on_time_window_minutes
    user.display_name = (display_name or "").strip()[:100] or None
