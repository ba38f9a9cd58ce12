"""The whole account read into plain, JSON-ready dicts: a table of kinds, one entry each.

Every format (JSON, CSV, FHIR) is written from this one reading. Rows name each other by
file-local refs (1, 2, 3 … per kind, in the order written), never by database ids, so the
same data gives the same file in any account on any server. Adding a kind is one `Kind` in a
dump module, listed here, and one loader in the importer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tracker.activity.services import followed_practices
from tracker.auth.models import User
from tracker.checkins.services import shown_scales
from tracker.exports import dump_appointments, dump_journal, dump_medications
from tracker.exports.kinds import Kind, Refs
from tracker.extensions import db

FORMAT = "tracker-account"
FORMAT_VERSION = 1
KINDS: tuple[Kind, ...] = (
    *dump_medications.KINDS,
    *dump_journal.KINDS,
    *dump_appointments.KINDS,
)


@dataclass(frozen=True)
class Account:
    profile: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def profile(user: User) -> dict[str, Any]:
    """The user's settings (never the password hash, the login email or sign-in bookkeeping)."""
    return {
        "display_name": user.display_name,
        "timezone": user.timezone,
        "on_time_window_minutes": user.on_time_window_minutes,
        "followed_practices": followed_practices(user),
        "mood_scales": shown_scales(user),
        "questionnaire_days": user.questionnaire_days,
    }


BY_NAME = {k.name: k for k in KINDS}


def _rows(user: User, kind: Kind) -> list[Any]:
    return sorted(db.session.scalars(kind.rows_of(user)), key=kind.order)


def read_account(user: User) -> Account:
    """Everything the user owns, kind by kind, as plain dicts in a fixed order."""
    refs: Refs = {}
    tables: dict[str, list[dict[str, Any]]] = {}
    for kind in KINDS:
        rows = _rows(user, kind)
        if kind.has_ref:
            refs[kind.name] = {row.id: n for n, row in enumerate(rows, start=1)}
        out = []
        for n, row in enumerate(rows, start=1):
            written = kind.dump(row, refs)
            cells = {c: written[c] for c in kind.columns}
            out.append({"ref": n, **cells} if kind.has_ref else cells)
        tables[kind.name] = out
    return Account(profile(user), tables)


def columns(kind: Kind) -> tuple[str, ...]:
    """The columns a kind is written with, its ref first when other kinds point at it."""
    return ("ref", *kind.columns) if kind.has_ref else kind.columns
