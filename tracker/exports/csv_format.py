"""The account as a zip of CSV files, one per kind, safe to open in a spreadsheet.

Every field is quoted; UTF-8 with a byte-order mark (so spreadsheets read accents and emoji
right); CRLF line ends (RFC 4180); times are the same ISO-8601 text with offsets as in the
JSON. A text cell that a spreadsheet could run as a formula (=, +, -, @, TAB, CR, LF, NUL)
gets a leading apostrophe, and so does one that really starts with an apostrophe, so that
`unneutralize` gives back exactly what was written. Lists (practices, answers) are joined
with `;`. Private therapy notes are left out. `csv_reader` reads the zip back for the import.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime
from typing import Any

from tracker.exports.account import KINDS, Account, columns
from tracker.exports.kinds import Kind

MEDIA_TYPE = "application/zip"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
QUOTE = "'"
FOLDER = "tracker-export/"


def neutralize(value: str) -> str:
    """Prefix an apostrophe where a spreadsheet would read a formula (or an apostrophe)."""
    return QUOTE + value if value.startswith((*FORMULA_STARTS, QUOTE)) else value


def unneutralize(value: str) -> str:
    """The exact inverse of `neutralize`: one leading apostrophe comes off."""
    return value[1:] if value.startswith(QUOTE) else value


def cell(value: Any) -> str:
    """One value as CSV text: empty for null, true/false, numbers as Python writes them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return neutralize(";".join(str(v) for v in value))
    if isinstance(value, int | float):
        return str(value)
    return neutralize(str(value))


def file_columns(kind: Kind) -> tuple[str, ...]:
    """The columns of a kind's CSV file: its JSON columns less the private ones."""
    return tuple(c for c in columns(kind) if c not in kind.private)


def table(header: tuple[str, ...], rows: list[dict[str, Any]]) -> bytes:
    """One CSV file: the header, then a row per record in the header's column order."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(row[c]) for c in header])
    return out.getvalue().encode("utf-8-sig")


def files(account: Account) -> dict[str, bytes]:
    """File name -> CSV bytes: profile.csv, then one file per kind (header only when empty)."""
    out = {"profile.csv": table(tuple(account.profile), [account.profile])}
    for kind in KINDS:
        out[f"{kind.name}.csv"] = table(file_columns(kind), account.tables[kind.name])
    return out


def zipped(account: Account, *, now: datetime) -> bytes:
    """The CSV files in one zip; entries are dated `now` (local wall time of the export)."""
    buffer = io.BytesIO()
    stamp = now.timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files(account).items():
            info = zipfile.ZipInfo(f"{FOLDER}{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
