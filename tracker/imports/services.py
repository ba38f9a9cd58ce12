"""Imports as services that take the user: parse, preview (a dry run rolled back), run (the
caller commits once), history and undo. The import page and `tracker import` call these."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import IO, Any

from sqlalchemy import select

from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.imports import bulk, records
from tracker.imports.apply import Outcome, Prepared, prepare, write
from tracker.imports.mapping import Account, Choice, Med, catalog_symptoms
from tracker.imports.models import ImportBatch, ImportedRecord
from tracker.imports.plan import Plan, counted, in_order, plan
from tracker.medications.services import list_medications
from tracker.symptoms import following

SOURCES = {
    "daylio": "Daylio (CSV export)",
    "bearable": "Bearable (CSV export)",
    "apple-health": "Apple Health (export.zip or export.xml)",
    "json": "This app's JSON export (into an empty account)",
    "csv": "This app's CSV export, a zip (into an empty account)",
}
OWN = ("json", "csv")
# Text formats are read whole; only Apple Health's export is streamed.
TEXT_LIMIT = 50 * 1024 * 1024


class ImportTooLarge(Invalid):
    """A file over the limit for its kind of source."""


@dataclass
class Preview:
    """What an import of this file with this mapping adds, skips and still asks."""

    source: str
    rows: int = 0
    added: dict[str, int] = field(default_factory=dict)
    skipped: list[records.Skip] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)
    duplicates: int = 0
    left_out: int = 0
    skipped_more: int = 0  # skipped lines beyond those kept with a stored preview
    repeated: int = 0  # rows repeating an earlier row of the file, read once (also skipped)

    @property
    def skipped_count(self) -> int:
        return len(self.skipped) + self.skipped_more

    @property
    def missing(self) -> list[Choice]:
        return [c for c in self.choices if not c.value]

    @property
    def total(self) -> int:
        return sum(self.added.values())


def _parser(source: str) -> Callable[[Any], records.Parsed]:
    if source == "daylio":
        from tracker.imports.parsers import daylio

        return daylio.parse
    if source == "bearable":
        from tracker.imports.parsers import bearable

        return bearable.parse
    from tracker.imports.parsers import apple_health

    return apple_health.parse


def _read(source: str, stream: IO[bytes]) -> bytes | IO[bytes]:
    if source == "apple-health":
        return stream
    data = stream.read(TEXT_LIMIT + 1)
    if len(data) > TEXT_LIMIT:
        raise ImportTooLarge(
            f"The file is larger than the {TEXT_LIMIT // (1024 * 1024)} MB a "
            f"{SOURCES[source].split(' (')[0]} import takes. Export a shorter period.",
            "file",
        )
    return data


def account_of(user: User) -> Account:
    """The account's medications and symptoms as the planner sees them."""
    meds = tuple(Med(m.id, m.name, m.unit, m.as_needed) for m in list_medications(user))
    rows = following.symptom_rows(user)
    own = [(following.ref_of(r), following.display_name(r)) for r in rows if r.key is None]
    return Account(user.timezone, meds, (*catalog_symptoms(), *own))


def imported_keys(user: User, source: str) -> set[str]:
    prefix = source.split("-")[0]
    query = select(ImportedRecord.key).where(
        ImportedRecord.user_id == user.id, ImportedRecord.key.startswith(prefix)
    )
    return set(db.session.scalars(query))


def _plan(
    user: User, source: str, stream: IO[bytes], mapping: dict[str, str], now: datetime
) -> Plan:
    parsed = _parser(source)(_read(source, stream))
    return plan(parsed, account_of(user), mapping, imported=imported_keys(user, source), now=now)


def _batch(user: User, source: str, filename: str, now: datetime) -> ImportBatch:
    batch = ImportBatch(
        user_id=user.id, source=source, filename=filename[:200], summary="", added=0, skipped=0,
        created_at=now,
    )  # fmt: skip
    db.session.add(batch)
    db.session.flush()
    return batch


def _load_own(user: User, source: str, data: bytes, now: datetime):  # noqa: ANN202
    """Our own export read and every row checked and built; nothing written."""
    from tracker.exports import services as exports

    return exports.load(user, source, data, now=now, max_bytes=TEXT_LIMIT)


def preview(
    user: User,
    source: str,
    stream: IO[bytes],
    mapping: dict[str, str],
    *,
    now: datetime,
    progress: Callable[[int, int], None] | None = None,
) -> Preview:
    """What importing the file would add and skip: every entry checked, nothing written (own
    exports, into an empty account, are tried and rolled back)."""
    if source not in SOURCES:
        raise Invalid("Choose where the file comes from.", "source")
    if source in OWN:
        from tracker.exports import importer

        loaded = _load_own(user, source, _read(source, stream), now)
        with _rolled_back():  # the settings' own rules; a few statements, undone at once
            importer.check_profile(user, loaded)
        return Preview(source, added={k: n for k, n in loaded.counts.items() if n})
    planned, prepared = stage(user, source, stream, mapping, now=now, progress=progress)
    return _preview(planned, prepared.outcome)


@contextmanager
def _rolled_back() -> Iterator[None]:
    """Writes inside are undone at the end, whatever happens."""
    savepoint = db.session.begin_nested()
    try:
        yield
    finally:
        savepoint.rollback()


def _preview(planned: Plan, outcome: Outcome) -> Preview:
    return Preview(
        planned.source,
        planned.rows,
        dict(+outcome.added),
        [*planned.skipped, *outcome.skipped],
        planned.choices,
        planned.duplicates,
        planned.left_out,
        repeated=planned.repeated,
    )


def stage(
    user: User,
    source: str,
    stream: IO[bytes],
    mapping: dict[str, str],
    *,
    now: datetime,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Plan, Prepared]:
    """Read, plan and check the whole file: reads only, so no write lock is held meanwhile."""
    planned = _plan(user, source, stream, mapping, now)
    return planned, prepare(user, planned, now=now, progress=progress)


def write_staged(
    user: User, planned: Plan, prepared: Prepared, filename: str, *, now: datetime
) -> tuple[ImportBatch | None, Preview]:
    """Write a staged import as one batch (the caller commits once); refused while names are
    unmapped. A file that adds nothing makes no batch."""
    if planned.missing:
        names = ", ".join(f"“{c.name}”" for c in planned.missing)
        raise Invalid(f"Choose what these mean before importing: {names}.", "mapping")
    if not +prepared.outcome.added:
        return None, _preview(planned, prepared.outcome)
    # Encoded, and on SQLite staged in temporary tables, before the write lock.
    with bulk.staged(db.session.connection(), prepared.rows) as (encoded, staging):
        batch = _batch(user, planned.source, filename, now)
        written = write(user, prepared, batch, now=now, encoded=encoded, staging=staging)
    result = _preview(planned, written)
    batch.summary, batch.added, batch.skipped = describe(result), result.total, len(result.skipped)
    return batch, result


def run(
    user: User,
    source: str,
    stream: IO[bytes],
    filename: str,
    mapping: dict[str, str],
    *,
    now: datetime,
) -> tuple[ImportBatch | None, Preview]:
    """Import the file as one batch (the caller commits once); None when it adds nothing."""
    if source in OWN:
        return _run_own(user, source, _read(source, stream), filename, now)
    planned, prepared = stage(user, source, stream, mapping, now=now)
    return write_staged(user, planned, prepared, filename, now=now)


def _run_own(
    user: User, source: str, data: bytes, filename: str, now: datetime
) -> tuple[ImportBatch | None, Preview]:
    """Our own export into the (empty) account as one batch: read and checked first, staged on
    SQLite, then written in bulk with a source key for every row that has an owner."""
    from tracker.exports import services as exports

    loaded = _load_own(user, source, data, now)
    result = Preview(source, added={k: n for k, n in loaded.counts.items() if n})
    if not result.added:
        exports.write(user, loaded)  # the settings alone
        return None, result
    with bulk.staged(db.session.connection(), loaded.rows) as (encoded, staging):
        batch = _batch(user, source, filename, now)
        exports.write(user, loaded, encoded=encoded, staging=staging, batch_id=batch.id)
    batch.summary, batch.added, batch.skipped = describe(result), result.total, 0
    return batch, result


SKIPPED_KEPT = 1000  # skipped lines a stored preview lists (the rest are counted)


def to_json(preview: Preview) -> str:
    """A preview to store with its upload, so the page shows it without reading the file again."""
    return json.dumps({
        "source": preview.source, "rows": preview.rows, "added": preview.added,
        "skipped": [[s.line, s.reason] for s in preview.skipped[:SKIPPED_KEPT]],
        "skipped_more": max(0, preview.skipped_count - SKIPPED_KEPT),
        "choices": [asdict(c) for c in preview.choices],
        "duplicates": preview.duplicates, "left_out": preview.left_out,
        "repeated": preview.repeated,
    }, ensure_ascii=False)  # fmt: skip


def from_json(stored: str) -> Preview:
    """A stored preview, as `to_json` wrote it."""
    data = json.loads(stored)
    choices = [
        Choice(**{**c, "options": [tuple(o) for o in c["options"]]}) for c in data["choices"]
    ]
    return Preview(
        data["source"], data["rows"], data["added"],
        [records.Skip(line, reason) for line, reason in data["skipped"]],
        choices, data["duplicates"], data["left_out"], data["skipped_more"],
        data.get("repeated", 0),  # previews stored before it was counted
    )  # fmt: skip


def describe(preview: Preview) -> str:
    """'120 mood check-ins, 30 nights of sleep' (what an import adds), in one line."""
    parts = [counted(kind, n) for kind, n in in_order(preview.added)]
    return ", ".join(parts) if parts else "nothing new"


def summary_lines(preview: Preview, *, done: bool = False, skipped_shown: int = 50) -> list[str]:
    """The preview as plain lines: the CLI prints these, the page shows the same facts."""
    lines = [f"{'Imported' if done else 'Would add'} {describe(preview)}."]
    if preview.repeated:
        lines.append(f"Rows repeated in the file, read once: {preview.repeated:,}.")
    if preview.duplicates:
        lines.append(f"Already imported before, not added again: {preview.duplicates:,}.")
    if preview.left_out:
        lines.append(f"Left out by your mapping: {preview.left_out:,}.")
    for c in preview.choices:
        how = ("automatic" if c.automatic else "chosen") if c.value else "← choose"
        lines.append(f"  {c.group} “{c.name}” ({c.count}×) → {c.label} [{how}]")
    if preview.skipped:
        lines.append(f"Skipped: {preview.skipped_count:,}.")
        for skip in preview.skipped[:skipped_shown]:
            lines.append(f"  line {skip.line}: {skip.reason}")
        if preview.skipped_count > skipped_shown:
            lines.append(f"  … and {preview.skipped_count - skipped_shown:,} more.")
    return lines
