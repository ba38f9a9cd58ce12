"""The whole account read into plain, JSON-ready dicts: a table of records, one entry each.

Every format (JSON, CSV, FHIR) is written from this one reading. The tables are the journal
kinds' (tracker/registry.py), each kind's `tables` in order, so the file's order is the
registry's. Rows name each other by file-local refs (1, 2, 3 … per table, in the order
written), never by database ids, so the same data gives the same file in any account on any
server. Adding a kind is its codec in its own package (`tracker/<domain>/codec.py`: its
tables and loaders) set on its `kind.py`; nothing here names a kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tracker import registry
from tracker.auth.models import User
from tracker.exports.kinds import CellType, Kind, ProfileSetting, Refs, cells
from tracker.extensions import db

FORMAT = "tracker-account"
FORMAT_VERSION = 1
# Every table of every kind, in file order (a table pointed at comes before those pointing).
KINDS: tuple[Kind, ...] = tuple(table for kind in registry.KINDS for table in kind.tables)
BY_NAME = {k.name: k for k in KINDS}
# The tables with a user_id that the export leaves out, and why: bookkeeping about the
# account, not the user's records. Every other such table is some kind's (a test checks it;
# account deletion removes them all through ON DELETE CASCADE from users).
BOOKKEEPING: dict[str, str] = {
    "user_sessions": "sign-in sessions of this server (a device in a few words, times); "
    "a new account signs in anew",
    "login_failures": "failed sign-ins, security bookkeeping of this server",
    "totp_factors": "an authenticator app's key, sealed with this server's key: set up anew",
    "passkeys": "passkeys are bound to this server's address (its relying-party id): "
    "added again in the new account",
    "recovery_codes": "digests of single-use sign-in codes of this server: made anew",
    "api_tokens": "API secrets (only their hashes are kept): never carried to another server",
    "idempotent_requests": "stored answers to retried API calls, kept for a short time",
    "calendar_feeds": "secret feed addresses of this server; made again in the new account",
    "share_links": "secret report links of this server; made again in the new account",
    "jobs": "background work and its progress; what a job adds is exported as records",
    "import_batches": "which import added which rows, for undoing it on this server",
    "imported_records": "other apps' keys of imported rows, to skip them in a later file",
    "pending_imports": "an uploaded file waiting to be imported",
    "reminder_channels": "notification addresses and browsers' push subscriptions hold secrets, "
    "encrypted with this server's key, and a subscription is bound to this server's VAPID key: "
    "never carried to another server; added again in the new account",
    "reminder_preferences": "quiet hours and wording of this server's reminders, set again with "
    "the channels they apply to",
    "reminder_repeats": "how often this server repeats a dose's reminder, set again with the "
    "channels they apply to",
    "reminders": "reminders planned and sent by this server, derived from the medication plan",
    "table_versions": "change counters for the page cache, derived from the records",
}
# The profile: the account's own settings, then each kind's (its `profile`) in the registry's
# order; never the password hash, the login email or sign-in bookkeeping.
ACCOUNT_SETTINGS = ("display_name", "timezone", "on_time_window_minutes")
SETTINGS: tuple[ProfileSetting, ...] = tuple(s for kind in registry.KINDS for s in kind.profile)
PROFILE_CELLS = cells(numbers=("on_time_window_minutes",)) | {
    s.key: s.cell for s in SETTINGS if s.cell is not None
}


@dataclass(frozen=True)
class Account:
    profile: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def profile(user: User) -> dict[str, Any]:
    """The user's settings: the account's own, then the kinds'."""
    return {
        **{key: getattr(user, key) for key in ACCOUNT_SETTINGS},
        **{s.key: s.dump(user) for s in SETTINGS},
    }


def cell_type(file: str, column: str) -> CellType | None:
    """What a CSV cell of a table's file (or of the profile's) holds when it is not text."""
    if file == "profile":
        return PROFILE_CELLS.get(column)
    return BY_NAME[file].cell_type(column)


def _rows(user: User, kind: Kind) -> list[Any]:
    return sorted(db.session.scalars(kind.rows_of(user)), key=kind.order)


def read_account(user: User) -> Account:
    """Everything the user owns, table by table, as plain dicts in a fixed order."""
    refs: Refs = {}
    tables: dict[str, list[dict[str, Any]]] = {}
    for kind in KINDS:
        rows = _rows(user, kind)
        if kind.has_ref:
            refs[kind.name] = {row.id: n for n, row in enumerate(rows, start=1)}
        out = []
        for n, row in enumerate(rows, start=1):
            written = kind.dump(row, refs)
            kept = {c: written[c] for c in kind.columns}
            out.append({"ref": n, **kept} if kind.has_ref else kept)
        tables[kind.name] = out
    return Account(profile(user), tables)


def columns(kind: Kind) -> tuple[str, ...]:
    """The columns a table is written with, its ref first when other tables point at it."""
    return ("ref", *kind.columns) if kind.has_ref else kind.columns
