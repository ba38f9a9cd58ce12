"""Account rules: passwords, lock-out, sessions, settings and deletion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, delete, select

from tracker import ratelimit
from tracker.auth.models import User, UserSession
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.secrettokens import digest, new_token
from tracker.timeutils import is_zone

MIN_PASSWORD = 8
MAX_PASSWORD = 1024  # long passphrases are welcome; this only bounds the hashing work
_hasher = PasswordHasher()  # argon2id with argon2-cffi's defaults
_DUMMY_HASH = _hasher.hash("timing-equaliser")


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    lock: timedelta = timedelta(minutes=15)
    session_lifetime: timedelta = timedelta(days=30)


class AccountLocked(Invalid):
    """Too many failed logins; `until` says when the account opens again."""

    def __init__(self, until: datetime) -> None:
        super().__init__("Too many failed attempts. This account is locked for a while.", "email")
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


def create_user(email: str, password: str, timezone: str, *, now: datetime) -> User:
    """Create an account; the email must be free."""
    email = _check_email(email)
    check_password_rules(password)
    timezone = _check_timezone(timezone)
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Invalid("An account with this email already exists.", "email")
    user = User(
        email=email, password_hash=_hasher.hash(password), timezone=timezone, created_at=now
    )
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


def authenticate(
    email: str,
    password: str,
    *,
    now: datetime,
    policy: LoginPolicy,
    failures: ratelimit.Limiter | None = None,
) -> User:
    """The user for these credentials; failures are recorded and lock the account.

    Failures are counted by `failures` (default: the app's, in the database or Redis); the
    lock itself is always the user's row, so the caller commits on failure too.
    """
    failures = failures or ratelimit.limiter()
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        try:
            _hasher.verify(_DUMMY_HASH, password)  # same work as a real check: no user oracle
        except VerificationError:
            pass
        raise Invalid("Email or password is not right.", "password")
    if user.locked_until is not None and user.locked_until > now:
        raise AccountLocked(user.locked_until)
    if not verify_password(user, password):
        _record_failure(user, now, policy, failures)
        raise Invalid("Email or password is not right.", "password")
    failures.clear_login_failures(user.id)
    user.locked_until = None
    return user


def _record_failure(
    user: User, now: datetime, policy: LoginPolicy, failures: ratelimit.Limiter
) -> None:
    if failures.login_failure(user.id, policy.window, now=now) >= policy.max_failures:
        user.locked_until = now + policy.lock
        failures.clear_login_failures(user.id)
        raise AccountLocked(user.locked_until)


def start_session(user: User, *, now: datetime) -> str:
    """Open a server-side session and return its secret token (kept only in the cookie)."""
    token = new_token()
    db.session.add(UserSession(user_id=user.id, token_hash=digest(token), created_at=now))
    user.session_token = token
    return token


# The session and its user in one statement, built once: it runs before every logged-in
# request, and building it anew each time took about as long as running it.
_SESSION_USER = (
    select(User, UserSession.created_at)
    .join(UserSession, UserSession.user_id == User.id)
    .where(UserSession.token_hash == bindparam("token_hash"))
)


def user_for_session(token: str, *, now: datetime, policy: LoginPolicy) -> User | None:
    """The user whose live session holds `token`, or None when it ended or expired."""
    found = db.session.execute(_SESSION_USER, {"token_hash": digest(token)}).first()
    if found is None or found.created_at <= now - policy.session_lifetime:
        return None
    user = found[0]
    user.session_token = token
    return user


def end_session(token: str) -> None:
    """End one session on the server: its cookie no longer logs anybody in."""
    db.session.execute(delete(UserSession).where(UserSession.token_hash == digest(token)))


def change_password(user: User, current: str, new: str, *, now: datetime) -> str:
    """Set a new password, end every session of the user and open a fresh one for this browser."""
    if not verify_password(user, current):
        raise Invalid("This is not your current password.", "current_password")
    check_password_rules(new, "new_password")
    user.password_hash = _hasher.hash(new)
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    return start_session(user, now=now)


def update_settings(
    user: User, *, timezone: str, on_time_window_minutes: int, display_name: str | None
) -> None:
    """Change the user's zone, on-time window and optional name (shown on reports)."""
    user.timezone = _check_timezone(timezone)
    if not 5 <= on_time_window_minutes <= 240:
        raise Invalid("Choose between 5 and 240 minutes.", "on_time_window_minutes")
    user.on_time_window_minutes = on_time_window_minutes
    user.display_name = (display_name or "").strip()[:100] or None


def delete_account(user: User, password: str) -> None:
    """Delete the user and, through ON DELETE CASCADE, every record the user owns."""
    if not verify_password(user, password):
        raise Invalid("This is not your password.", "password")
    db.session.execute(delete(User).where(User.id == user.id))
    db.session.expunge_all()
