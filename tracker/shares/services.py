"""Share links: make, list, revoke; open one by its token, check its PIN, read its report.

Services take the user (or the link) and the clock; no Flask here. The token is the only
secret that opens a link: it is looked up by its SHA-256, so no comparison of secrets runs
in Python, and the raw token is never stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import or_, select, update

from tracker.auth.models import User
from tracker.errors import Conflict, Invalid, NotFound
from tracker.extensions import db
from tracker.reports import services as reports
from tracker.reports.model import Report
from tracker.secrettokens import digest, new_token
from tracker.shares.models import ShareLink, ShareView
from tracker.timeutils import local_today
from tracker.trends import ranges
from tracker.trends.cache import ChartCache

LABEL_LIMIT = 100
PIN_DIGITS = (4, 8)
_hasher = PasswordHasher()  # argon2id, the same defaults as passwords


@dataclass(frozen=True)
class SharePolicy:
    default_days: int = 14
    min_days: int = 1
    max_days: int = 90
    # 5 wrong PINs in a row lock the link for 15 minutes; 20 over its life lock it for good
    # (the owner makes a new link). With a 4-digit PIN that leaves a 0.2% chance to guess.
    failures_in_row: int = 5
    lock: timedelta = timedelta(minutes=15)
    failures_total: int = 20
    # How long a right PIN keeps the report open in that browser.
    unlocked_for: timedelta = timedelta(minutes=30)


POLICY = SharePolicy()


@dataclass(frozen=True)
class Created:
    """A new link and its raw token, which exists only in this answer."""

    link: ShareLink
    token: str


def default_range(user: User, *, now: datetime) -> tuple[date, date]:
    """The report's default range: since the last prescriber visit, else the last 90 days."""
    return reports.default_range(user, now=now)


def _check_label(label: str | None) -> str:
    label = (label or "").strip()
    if not label:
        raise Invalid("Name the link, for example “Dr. Okafor, March visit”.", "label")
    if len(label) > LABEL_LIMIT:
        raise Invalid(f"Keep the name under {LABEL_LIMIT} characters.", "label")
    return label


def _check_pin(pin: str | None) -> str | None:
    if not pin:
        return None
    low, high = PIN_DIGITS
    if not (pin.isascii() and pin.isdigit() and low <= len(pin) <= high):
        raise Invalid(f"A PIN is {low} to {high} digits, or leave it empty.", "pin")
    return pin


def create_share(
    user: User,
    *,
    label: str | None,
    first: date | None,
    last: date | None,
    days: int | None,
    pin: str | None,
    now: datetime,
    request_key: str | None = None,
    policy: SharePolicy = POLICY,
) -> Created:
    """Make a link to the report over [first, last] that expires after `days` days."""
    label = _check_label(label)
    today = local_today(user.timezone, now)
    rng = ranges.resolve(
        "custom", today=today, first_day=today, last_appointment=None, start=first, end=last
    )
    days = policy.default_days if days is None else days
    if not policy.min_days <= days <= policy.max_days:
        raise Invalid(f"Choose {policy.min_days} to {policy.max_days} days.", "days")
    pin = _check_pin(pin)
    if request_key and db.session.scalar(
        select(ShareLink.id).where(ShareLink.request_key == request_key)
    ):
        raise Conflict("This link was already made. Make a new one if you lost its address.")
    token = new_token()
    link = ShareLink(
        user_id=user.id,
        token_hash=digest(token),
        label=label,
        first=rng.first,
        last=rng.last,
        created_at=now,
        expires_at=now + timedelta(days=days),
        pin_hash=_hasher.hash(pin) if pin else None,
        request_key=request_key or None,
    )
    db.session.add(link)
    db.session.flush()
    return Created(link, token)


def status(link: ShareLink, *, now: datetime, policy: SharePolicy = POLICY) -> str:
    """active, expired, revoked, locked (for a while) or blocked (too many wrong PINs)."""
    if link.revoked_at is not None:
        return "revoked"
    if link.expires_at <= now:
        return "expired"
    if link.pin_failures_total >= policy.failures_total:
        return "blocked"
    if link.locked_until is not None and link.locked_until > now:
        return "locked"
    return "active"


@dataclass(frozen=True)
class Opening:
    at: datetime
    pin_ok: bool | None


@dataclass(frozen=True)
class ShareSummary:
    id: int
    label: str
    first: date
    last: date
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    locked_until: datetime | None
    has_pin: bool
    status: str
    openings: tuple[Opening, ...]


def summary(link: ShareLink, *, now: datetime) -> ShareSummary:
    return ShareSummary(
        id=link.id,
        label=link.label,
        first=link.first,
        last=link.last,
        created_at=link.created_at,
        expires_at=link.expires_at,
        revoked_at=link.revoked_at,
        locked_until=link.locked_until,
        has_pin=link.has_pin,
        status=status(link, now=now),
        openings=tuple(Opening(v.at, v.pin_ok) for v in link.views),
    )


def list_shares(user: User, *, now: datetime) -> list[ShareSummary]:
    """Every link of the user, newest first, each with every time it was opened."""
    links = db.session.scalars(
        select(ShareLink)
        .where(ShareLink.user_id == user.id)
        .order_by(ShareLink.created_at.desc(), ShareLink.id.desc())
    )
    return [summary(link, now=now) for link in links]


def revoke_share(user: User, link: ShareLink, *, now: datetime) -> None:
    """End a link now; revoking twice keeps the first time."""
    if link.user_id != user.id:  # callers load through get_owned_or_404; this is a backstop
        raise Invalid("This link is not yours.")
    if link.revoked_at is None:
        link.revoked_at = now


def find_share(token: str, *, now: datetime, policy: SharePolicy = POLICY) -> ShareLink | None:
    """The link this token opens now; None when unknown, expired, revoked or locked."""
    if not token or len(token) > 128:
        return None
    link = db.session.scalar(select(ShareLink).where(ShareLink.token_hash == digest(token)))
    if link is None or status(link, now=now, policy=policy) != "active":
        return None
    return link


def record_opening(link: ShareLink, *, now: datetime, pin_ok: bool | None = None) -> None:
    """Note that the link was opened (no IP address or browser details are kept)."""
    db.session.add(ShareView(share_id=link.id, at=now, pin_ok=pin_ok))


def _pin_matches(link: ShareLink, pin: str) -> bool:
    try:
        return bool(link.pin_hash) and _hasher.verify(link.pin_hash or "", pin)
    except (VerificationError, InvalidHashError):
        return False


def _claim_guess(link: ShareLink, *, now: datetime, policy: SharePolicy) -> int | None:
    """Count one PIN guess in the statement that checks the limits, and commit it; the
    guess's number in the row, or None when the link is locked, blocked or revoked."""
    db.session.commit()  # end the request's reads: on SQLite the write then waits its turn
    claimed = db.session.execute(
        update(ShareLink)
        .where(
            ShareLink.id == link.id,
            ShareLink.revoked_at.is_(None),
            ShareLink.pin_failures < policy.failures_in_row,
            ShareLink.pin_failures_total < policy.failures_total,
            or_(ShareLink.locked_until.is_(None), ShareLink.locked_until <= now),
        )
        .values(
            pin_failures=ShareLink.pin_failures + 1,
            pin_failures_total=ShareLink.pin_failures_total + 1,
        )
        .returning(ShareLink.pin_failures)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    db.session.commit()  # counted before the PIN is tested, whatever happens next
    return claimed


def check_pin(link: ShareLink, pin: str, *, now: datetime, policy: SharePolicy = POLICY) -> bool:
    """Whether `pin` opens the link; wrong ones count towards the lock-outs.

    Each guess is counted (and committed) before the PIN is tested, in the statement that
    checks the limits: of any number of parallel guesses at most `failures_in_row` are tested,
    and the link's total never passes `failures_total`. A right PIN takes its count back.
    """
    number = _claim_guess(link, now=now, policy=policy)
    if number is None:
        return False
    if _pin_matches(link, pin or ""):
        _settle(link, pin_failures=0, pin_failures_total=ShareLink.pin_failures_total - 1)
        record_opening(link, now=now, pin_ok=True)
        return True
    if number >= policy.failures_in_row:
        _settle(link, pin_failures=0, locked_until=now + policy.lock)
    record_opening(link, now=now, pin_ok=False)
    return False


def _settle(link: ShareLink, **values: object) -> None:
    db.session.execute(
        update(ShareLink)
        .where(ShareLink.id == link.id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def owner(link: ShareLink) -> User:
    user = db.session.get(User, link.user_id)
    assert user is not None  # noqa: S101 - a link is deleted with its owner (ON DELETE CASCADE)
    return user


def report_range(link: ShareLink) -> ranges.Range:
    return ranges.Range("custom", link.first, link.last)


SHARED_CHARTS = ("overview", "questionnaires")  # the report's two charts


def shared_chart(
    link: ShareLink,
    key: str,
    fmt: str,
    *,
    now: datetime,
    cache: ChartCache,
    width: str | None = None,
) -> bytes:
    """One of the two charts of the link's report, and nothing else of the account: drawn for
    print, or `width` CSS px wide for a screen (one of the trends' fixed widths)."""
    from tracker.trends.services import chart_image, screen_size

    if key not in SHARED_CHARTS:
        raise NotFound("Only the report's charts are shared.")
    size = "print" if width is None else screen_size(width)
    return chart_image(owner(link), key, report_range(link), fmt, size, now=now, cache=cache)


def shared_report(link: ShareLink, *, now: datetime) -> Report:
    """The report over the link's fixed range, for its owner, without the dose appendix."""
    return reports.build_report(owner(link), first=link.first, last=link.last, now=now)
