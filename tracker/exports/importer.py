"""Read our own export into an empty account: every field checked, all or nothing.

The JSON file and the CSV zip (`csv_reader`) are both read into one document, which
`import_document` loads with the same field checks.

Each table is read by its kind's loader (the kind's codec, `tracker/<domain>/codec.py`, set as
the `loaders` of its `kind.py`), in the registry's order. Reading (`load_document`) checks
every row and builds it without writing anything, each row numbered by its place in its
table (1, 2, …) and pointing at the rows of other tables by those numbers; writing
(`write_document`) then inserts them in bulk (`tracker.imports.bulk`), so the database's write
lock is held for the inserts alone. The caller commits once, and rolls back on any error, so a
refused file adds nothing. It goes only into an account that holds no records yet: importing
the same file a second time is refused and adds nothing.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from tracker import dataversion, registry
from tracker.auth import services as auth
from tracker.auth.models import User
from tracker.exports import json_format
from tracker.exports.account import KINDS, SETTINGS
from tracker.exports.context import Check, Context, Loader, paths
from tracker.exports.kinds import Kind
from tracker.exports.values import Fields, ImportRefused
from tracker.extensions import db
from tracker.imports import bulk

# Each table's loader, and the checks to run once all of a table's rows are read, from the
# kinds' codecs.
LOADERS: dict[str, Loader] = {n: f for kind in registry.KINDS for n, f in kind.loaders.items()}
CHECKS: dict[str, Check] = {n: f for kind in registry.KINDS for n, f in kind.checks.items()}


def _held(user: User) -> list[str]:
    """The tables of records the account already holds."""
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
    values = [(setting, setting.read(f)) for setting in SETTINGS]  # the kinds' settings
    f.done()
    with paths("profile"):  # the settings rules name the form fields, which match these keys
        auth.update_settings(
            user, timezone=zone, on_time_window_minutes=int(window or 0), display_name=name
        )
    for setting, value in values:  # each kind's rule, named by its key in the file
        with paths(f"profile.{setting.key}", field=False):
            setting.apply(user, value)


@dataclass
class Loaded:
    """A read export: the profile to apply, every row checked and built, and the counts."""

    profile: Any
    rows: list[bulk.Staged] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    lines: Any = None  # a CSV zip's places of the document's paths, to name them in errors


def _load_kind(ctx: Context, kind: Kind, items: Any, loader: Loader, into: Loaded) -> int:
    if not isinstance(items, list):
        raise ImportRefused(kind.name, "expected a list ([...]).")
    rows = ctx.refs.setdefault(kind.name, {}) if kind.has_ref else None
    token = secrets.token_hex(4)  # the source keys of one import's rows differ from another's
    for n, item in enumerate(items, 1):
        path = f"{kind.name}[{n - 1}]"
        f = Fields(item, path)
        with paths(path):
            ref = f.integer("ref", required=True) if rows is not None else None
            row = loader(ctx, f)
            f.done()
        if rows is not None:
            if ref in rows:
                raise f.refuse("ref", f"ref {ref} is used twice.")
            rows[ref] = row
        row.id = n  # its place: the rows of later kinds point at it by this number
        table = kind.model.__tablename__
        into.rows.append(
            bulk.Staged(kind.model, bulk.values_of(row), f"own:{token}:{table}:{n:09d}")
        )
    return len(items)


def load_document(user: User, doc: dict[str, Any], *, now: datetime) -> Loaded:
    """Check and build every row of a read export document for the user's empty account,
    writing nothing."""
    _refuse_unless_empty(user)
    if "profile" not in doc:
        raise ImportRefused("profile", "is required.")
    loaded = Loaded(doc["profile"])
    ctx = Context(user, now)
    for kind in KINDS:
        items = doc.get(kind.name, [])
        loaded.counts[kind.name] = _load_kind(ctx, kind, items, LOADERS[kind.name], loaded)
        if kind.name in CHECKS:
            CHECKS[kind.name](ctx)
    return loaded


def check_profile(user: User, loaded: Loaded) -> None:
    """Apply the profile's settings by their own rules, to be rolled back (a preview)."""
    _profile(user, loaded.profile)


def write_document(
    user: User,
    loaded: Loaded,
    *,
    encoded: list[bulk.Encoded] | None = None,
    staging: bulk.Staging | None = None,
    batch_id: int | None = None,
) -> None:
    """Write a loaded export (its rows `encoded`, and on SQLite `staging`d, before the write
    began); with a batch, every row gets its source key. The caller commits once."""
    _refuse_unless_empty(user)  # again: another import may have filled it meanwhile
    _profile(user, loaded.profile)
    conn = db.session.connection()
    if encoded is None:
        encoded = bulk.encode(loaded.rows, conn.dialect)
    bulk.roomy(conn)
    bulk.write_rows(conn, encoded, staging, {}, user_id=user.id, batch_id=batch_id)
    tables = {enc.table.name for enc in encoded} | ({"imported_records"} if batch_id else set())
    dataversion.moved(db.session, [(user.id, name) for name in sorted(tables)])


def import_document(user: User, doc: dict[str, Any], *, now: datetime) -> dict[str, int]:
    """Load a read export document into the user's empty account; how many of each kind."""
    loaded = load_document(user, doc, now=now)
    write_document(user, loaded)
    return loaded.counts


def import_account(user: User, data: bytes, *, now: datetime) -> dict[str, int]:
    """Import a JSON export file into the user's empty account; returns how many of each kind."""
    return import_document(user, json_format.loads(data), now=now)
