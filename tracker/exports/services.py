"""Exports and the import as services that take the user: the settings page and the CLI call
these, and the caller commits the import once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tracker.auth.models import User
from tracker.exports import csv_format, fhir, importer, json_format
from tracker.exports.account import read_account
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
    bundle = fhir.bundle(account, now=now, today=today)
    return Download(f"{stem}-fhir.json", fhir.MEDIA_TYPE, fhir.dumps(bundle))


def import_json(user: User, data: bytes, *, now: datetime) -> dict[str, int]:
    """Read our JSON export into the user's empty account (the caller commits once)."""
    return importer.import_account(user, data, now=now)


def describe(counts: dict[str, int]) -> str:
    """'3 medications, 120 dose events, …' for the kinds that had rows."""
    parts = [f"{n} {name.replace('_', ' ')}" for name, n in counts.items() if n]
    return ", ".join(parts) if parts else "no records (only the settings)"
