"""Read our own export into an empty account: every field checked, all or nothing.

The JSON file and the CSV zip (`csv_reader`) are both read into one document, which
`import_document` loads with the same field checks.

The import adds and flushes; the caller (the settings page or the CLI) commits once, and rolls
back on any error, so a refused file adds nothing. It goes only into an account that holds no
records yet: importing the same file a second time is refused and adds nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from tracker.activity import catalog as activity_catalog
from tracker.activity.services import set_followed_practices
from tracker.auth import services as auth
from tracker.auth.models import User
from tracker.checkins.scales import KEYS as MOOD_KEYS
from tracker.checkins.services import set_shown_scales
from tracker.exports import json_format, load_appointments, load_journal, load_medications
from tracker.exports.account import KINDS
from tracker.exports.context import Context, Loader, paths
from tracker.exports.kinds import Kind
from tracker.exports.values import Fields, ImportRefused
from tracker.extensions import db
from tracker.questionnaires.services import set_cadence

LOADERS: dict[str, Loader] = {
    **load_medications.LOADERS,
    **load_journal.LOADERS,
    **load_appointments.LOADERS,
}
CHECKS = load_medications.CHECKS


def _held(user: User) -> list[str]:
    """The kinds of record the account already holds."""
    held = []
    for kind in KINDS:
        query = kind.rows_of(user).limit(1).subquery()
        if db.session.scalar(select(func.count()).select_from(query)):
            held.append(kind.name.replace("_", " "))
    return held


def _refuse_unless_empty(user: User) -> None:
    # Lock the account's row (PostgreSQL): a second import sent at the same moment waits for
    # this one, then finds the account no longer empty. SQLite runs one writer at a time.
    db.session.execute(select(User.id).where(User.id == user.id).with_for_update())
    held = _held(user)
    if held:
        raise ImportRefused(
            "",
            f"This account already holds {', '.join(held)}. An import only goes into an empty "
            "account, so that nothing is ever doubled: create a new account and import there.",
        )


def _profile(user: User, item: Any) -> None:
    f = Fields(item, "profile")
    name = f.text("display_name", 100)
    zone = f.zone("timezone")
    window = f.integer("on_time_window_minutes", required=True)
    practices = f.keys("followed_practices", tuple(activity_catalog.PRACTICES))
    scales = f.keys("mood_scales", MOOD_KEYS)
    days = f.integer("questionnaire_days", required=True)
    f.done()
    with paths("profile"):  # the settings rules name the form fields, which match these keys
        auth.update_settings(
            user, timezone=zone, on_time_window_minutes=int(window or 0), display_name=name
        )
        set_cadence(user, days)
    with paths("profile.followed_practices", field=False):
        set_followed_practices(user, practices)
    with paths("profile.mood_scales", field=False):
        set_shown_scales(user, scales)


def _load_kind(ctx: Context, kind: Kind, items: Any, loader: Loader) -> int:
    if not isinstance(items, list):
        raise ImportRefused(kind.name, "expected a list ([...]).")
    rows = ctx.refs.setdefault(kind.name, {}) if kind.has_ref else None
    for n, item in enumerate(items):
        path = f"{kind.name}[{n}]"
        f = Fields(item, path)
        with paths(path):
            ref = f.integer("ref", required=True) if rows is not None else None
            row = loader(ctx, f)
            f.done()
        if rows is not None:
            if ref in rows:
                raise f.refuse("ref", f"ref {ref} is used twice.")
            rows[ref] = row
        db.session.add(row)
    db.session.flush()  # ids for the kinds that point at these rows
    return len(items)


def import_document(user: User, doc: dict[str, Any], *, now: datetime) -> dict[str, int]:
    """Load a read export document into the user's empty account; how many of each kind."""
    _refuse_unless_empty(user)
    if "profile" not in doc:
        raise ImportRefused("profile", "is required.")
    _profile(user, doc["profile"])
    ctx = Context(user, now)
    counts = {}
    for kind in KINDS:
        counts[kind.name] = _load_kind(ctx, kind, doc.get(kind.name, []), LOADERS[kind.name])
        if kind.name in CHECKS:
            CHECKS[kind.name](ctx)
    return counts


def import_account(user: User, data: bytes, *, now: datetime) -> dict[str, int]:
    """Import a JSON export file into the user's empty account; returns how many of each kind."""
    return import_document(user, json_format.loads(data), now=now)
