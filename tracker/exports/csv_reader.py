"""Our CSV export (the zip `csv_format` writes) read back into the document the JSON export
reads into, so the import checks every field with the same loaders.

`csv_format` reversed exactly: UTF-8 (the byte-order mark may be missing), quoted fields, one
leading apostrophe off a text cell (`unneutralize`), lists split at `;`, an empty cell null (an
empty list for the profile's lists), numbers read as JSON reads them, `true`/`false` as flags.
Which columns are not text each table says (`account.cell_type`). A cell that does not read
as its type is passed on as text, so the loader refuses it with the message a JSON file would
get. Therapy notes are not in the CSV, so they are absent from the document.

The zip must be whole, as the app writes it: `tracker-export/profile.csv` with one row, and a
file for every table (a header only when it has no rows), each with exactly its columns. A
missing file is refused rather than read as no rows, so a zip that lost a file never imports
half an account (but for a table added after older exports were made: those lack it). Any
other file is refused too; folders and macOS `__MACOSX/` entries are skipped. The files may
unpack to no more than the import limit in all (a zip bomb is refused before it fills the
memory).

A refusal names the file, the line its row starts on (as a text editor counts them: a cell
holding a line break spans lines) and the column: `sleep_entries.csv, line 12, column quality`.
"""

from __future__ import annotations

import csv
import io
import json
import lzma
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

from tracker.config import Defaults
from tracker.exports.account import FORMAT, FORMAT_VERSION, KINDS, cell_type
from tracker.exports.csv_format import FOLDER, file_columns, unneutralize
from tracker.exports.values import ImportRefused

PROFILE = "profile"
FILES = (PROFILE, *(kind.name for kind in KINDS))
# Tables added after exports were made without them: an older zip has no file of theirs.
LATER_FILES = frozenset(kind.name for kind in KINDS if kind.table_added_later)
SKIPPED = ("__MACOSX/",)  # what macOS adds when a user zips the folder again
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_FLAGS = {"true": True, "false": False}
_PLACE = re.compile(r"(?P<file>[a-z0-9_]+)(?:\[(?P<row>\d+)\])?(?:\.(?P<column>.+)|(?P<rest>.*))")

# What unpacking a damaged, truncated or encrypted zip raises (each compression its own).
_DAMAGED = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)

Lines = dict[str, list[int]]  # "profile" or a kind -> the line each of its rows starts on


@dataclass(frozen=True)
class Unzipped:
    """The document read from the zip, and the line each of its rows starts on."""

    document: dict[str, Any]
    lines: Lines


# Cells -----------------------------------------------------------------------------------------


def _number(text: str) -> Any:
    if not _JSON_NUMBER.fullmatch(text):
        return text
    try:
        return json.loads(text)  # an int or a float, exactly as the JSON file would hold it
    except ValueError:  # more digits than Python turns into an int
        return text


def read_cell(column: str, text: str, file: str = PROFILE) -> Any:
    """One cell of a file (profile, or a kind) as its JSON value (the inverse of
    `csv_format.cell`); a misfit stays text."""
    kind = cell_type(file, column)
    if kind == "keys":
        return unneutralize(text).split(";") if text else []
    if not text:
        return None
    if kind == "number":
        return _number(text)
    if kind == "flag":
        return _FLAGS.get(text, text)
    if kind == "scores":
        return [_number(t) for t in unneutralize(text).split(";")]
    return unneutralize(text)


# Files -----------------------------------------------------------------------------------------


def _text(name: str, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(f"{name}, byte {exc.start}", "the file is not UTF-8 text.") from None


def _header(
    name: str, header: list[str] | None, columns: tuple[str, ...] | None, later: tuple[str, ...]
) -> list[str]:
    """The first line names the file's columns: each once, none unknown, none missing (but
    those `later` exports added, which older ones lack)."""
    if not header:
        raise ImportRefused(name, "is empty: its first line should name the columns.")
    twice = [c for n, c in enumerate(header) if c in header[:n]]
    if twice:
        raise ImportRefused(f"{name}, line 1, column {twice[0]}", "is named twice.")
    if columns is None:  # the profile: its loader refuses unknown settings, requires the rest
        return header
    unknown = [c for c in header if c not in columns]
    if unknown:
        raise ImportRefused(f"{name}, line 1, column {unknown[0]}", "is not a column of this file.")
    missing = [c for c in columns if c not in header and c not in later]
    if missing:
        raise ImportRefused(f"{name}, line 1", f"the column {missing[0]} is missing.")
    return header


def _row(where: str, header: list[str], cells: list[str], file: str) -> dict[str, Any]:
    if len(cells) != len(header):
        raise ImportRefused(where, f"has {len(cells)} cells; the header names {len(header)}.")
    return {c: read_cell(c, t, file) for c, t in zip(header, cells, strict=True)}


def _table(
    name: str, raw: bytes, columns: tuple[str, ...] | None, later: tuple[str, ...] = ()
) -> tuple[list[dict[str, Any]], list[int]]:
    """A file's rows as read cells by column, and the line each row starts on."""
    reader = csv.reader(io.StringIO(_text(name, raw), newline=""), strict=True)
    rows: list[dict[str, Any]] = []
    lines: list[int] = []
    try:
        header = _header(name, next(reader, None), columns, later)
        start = reader.line_num + 1
        for cells in reader:
            if cells:  # a blank line holds nothing
                rows.append(_row(f"{name}, line {start}", header, cells, name.removesuffix(".csv")))
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:  # named at the line the reader stopped on, inside a long cell too
        where = f"{name}, line {max(reader.line_num, 1)}"
        raise ImportRefused(where, f"not valid CSV ({exc}).") from None
    return rows, lines


# The zip ---------------------------------------------------------------------------------------


def _name(path: str) -> str:
    """The export's name for a file in the zip (profile, or a kind), or a refusal."""
    name = path.rsplit("/", 1)[-1].removesuffix(".csv")
    if name not in FILES or not path.endswith(".csv"):
        raise ImportRefused(path or "a nameless file", "is not a file of this app's CSV export.")
    if path != f"{FOLDER}{name}.csv":
        raise ImportRefused(path, f"should be {FOLDER}{name}.csv, where the export put it.")
    return name


def _members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The export's files by name (profile, kind): every one there, once, and nothing else."""
    found: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        if info.filename.endswith("/") or info.filename.startswith(SKIPPED):  # a folder
            continue
        name = _name(info.filename)
        if name in found:
            raise ImportRefused(info.filename, "is in the zip twice.")
        found[name] = info
    if PROFILE not in found:
        raise ImportRefused(
            f"{FOLDER}{PROFILE}.csv", "is not in the zip: this is not a CSV export of this app."
        )
    missing = [name for name in FILES if name not in found and name not in LATER_FILES]
    if missing:
        raise ImportRefused(
            f"{FOLDER}{missing[0]}.csv",
            "is not in the zip. An export holds a file for every kind of record (only its "
            "header when there are none), so a zip without one is not imported at all.",
        )
    return found


def _unpacked(data: bytes, max_bytes: int) -> dict[str, bytes]:
    """The export's files unpacked, refused once they hold more than `max_bytes` in all."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _DAMAGED:
        raise ImportRefused("", "This file is not a zip; a CSV export is a .zip file.") from None
    out: dict[str, bytes] = {}
    left = max_bytes
    with archive:
        for name, info in _members(archive).items():
            try:
                with archive.open(info) as member:
                    out[name] = member.read(left + 1)  # never more than the limit in memory
            except _DAMAGED:
                raise ImportRefused(
                    info.filename, "cannot be unpacked: the zip is damaged or encrypted."
                ) from None
            left -= len(out[name])
            if left < 0:
                raise ImportRefused(
                    info.filename,
                    f"the files unpack to over the {max_bytes / 2**20:.3g} MB an import takes.",
                )
    return out


def unzip(data: bytes, *, max_bytes: int = Defaults.IMPORT_MAX_BYTES) -> Unzipped:
    """Read a CSV export zip into the import's document, with the line of every row."""
    files = _unpacked(data, max_bytes)
    profile, profile_lines = _table(f"{PROFILE}.csv", files[PROFILE], None)
    if not profile:
        raise ImportRefused(f"{PROFILE}.csv", "holds no row of settings.")
    if len(profile) > 1:
        raise ImportRefused(f"{PROFILE}.csv, line {profile_lines[1]}", "the settings are one row.")
    document: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        PROFILE: profile[0],
    }
    lines: Lines = {PROFILE: profile_lines}
    for kind in KINDS:
        if kind.name not in files:  # a table added later, absent from an older export
            continue
        rows, kind_lines = _table(
            f"{kind.name}.csv", files[kind.name], file_columns(kind), kind.added_later
        )
        document[kind.name], lines[kind.name] = rows, kind_lines
    return Unzipped(document, lines)


def loads_zip(data: bytes, *, max_bytes: int = Defaults.IMPORT_MAX_BYTES) -> dict[str, Any]:
    """The zip read into the same document `json_format.loads` gives for the JSON export."""
    return unzip(data, max_bytes=max_bytes).document


def place(path: str, lines: Lines) -> str:
    """A document path as the loaders name it (`naps[2].minutes`) as file, line and column."""
    found = _PLACE.fullmatch(path)
    if found is None or found["file"] not in lines:
        return path  # not a row's place (the account is not empty)
    name, column = found["file"], found["column"]
    index = int(found["row"]) if found["row"] else (0 if name == PROFILE and column else None)
    out = f"{name}.csv"
    if index is not None and index < len(lines[name]):
        out += f", line {lines[name][index]}"
    if column:
        out += f", column {column}"
    return out + (found["rest"] or "")


def relocated(refused: ImportRefused, lines: Lines) -> ImportRefused:
    """A loader's refusal, naming its place in the zip instead of in the document."""
    return ImportRefused(place(refused.path, lines), refused.detail)
