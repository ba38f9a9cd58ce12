"""Exports and the import as services that take the user: the settings page and the CLI call
these, and the caller commits the import once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app

from tracker.auth.models import User
from tracker.exports import csv_format, csv_reader, fhir, importer, json_format
from tracker.exports.account import read_account
from tracker.exports.values import ImportRefused
from tracker.timeutils import local_today, to_local

FORMATS = ("json", "csv", "fhir")


@dataclass(frozen=True)
class Download:
    filename: str
    media_type: str
    data: bytes


def export(user: User, fmt: str, *, now: datetime) -> Download:
    """The user's whole account in one format: json, csv (a zip) or fhir (a Bundle)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    account = read_account(user)
    today = local_today(user.timezone, now)
    stem = f"tracker-{today.isoformat()}"
    if fmt == "json":
        return Download(f"{stem}.json", json_format.MEDIA_TYPE, json_format.dumps(account))
    if fmt == "csv":
        data = csv_format.zipped(account, now=to_local(now, user.timezone))
        return Download(f"{stem}-csv.zip", csv_format.MEDIA_TYPE, data)
    # TRACKER_PUBLIC_URL, when set, names this instance's own FHIR definitions (fhir_codes).
    public_url = current_app.config.get("PUBLIC_URL")
    bundle = fhir.bundle(account, now=now, today=today, public_url=public_url)
    return Download(f"{stem}-fhir.json", fhir.MEDIA_TYPE, fhir.dumps(bundle))


def import_json(user: User, data: bytes, *, now: datetime) -> dict[str, int]:
    """Read our JSON export into the user's empty account (the caller commits once)."""
    return importer.import_account(user, data, now=now)


def import_csv(
    user: User, data: bytes, *, now: datetime, max_bytes: int | None = None
) -> dict[str, int]:
    """Read our CSV zip into the user's empty account (the caller commits once); its files
    may unpack to `max_bytes` in all (by default the upload limit, IMPORT_MAX_BYTES)."""
    loaded = load(user, "csv", data, now=now, max_bytes=max_bytes)
    write(user, loaded)
    return loaded.counts


def load(
    user: User, fmt: str, data: bytes, *, now: datetime, max_bytes: int | None = None
) -> importer.Loaded:
    """Read and check our JSON export or CSV zip for the user's empty account, writing
    nothing (`importer.write_document` writes it)."""
    if fmt == "json":
        return importer.load_document(user, json_format.loads(data), now=now)
    limit = max_bytes if max_bytes is not None else current_app.config["IMPORT_MAX_BYTES"]
    unzipped = csv_reader.unzip(data, max_bytes=limit)
    try:
        loaded = importer.load_document(user, unzipped.document, now=now)
    except ImportRefused as refused:  # the loaders name document paths; name the file's place
        raise csv_reader.relocated(refused, unzipped.lines) from None
    loaded.lines = unzipped.lines
    return loaded


def write(user: User, loaded: importer.Loaded, **options: Any) -> None:
    """Write a loaded export (`importer.write_document`'s options); a refused profile of a CSV
    zip is named by its file and line."""
    try:
        importer.write_document(user, loaded, **options)
    except ImportRefused as refused:
        if loaded.lines is None:
            raise
        raise csv_reader.relocated(refused, loaded.lines) from None


def describe(counts: dict[str, int]) -> str:
    """'3 medications, 120 dose events, …' for the kinds that had rows."""
    parts = [f"{n} {name.replace('_', ' ')}" for name, n in counts.items() if n]
    return ", ".join(parts) if parts else "no records (only the settings)"
