"""Bytes to text and text to CSV rows, with the checks every CSV source shares.

A refused file names the line (and column where there is one): empty files, header-only
files, images or archives renamed .csv, NUL bytes, text that is not UTF-8, unbalanced quotes,
rows over the limit.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from tracker.imports.errors import ImportFailed
from tracker.imports.records import Skip

MAX_ROWS = 200_000
MAX_FIELD = 100_000  # characters in one cell

# File signatures of things people rename to .csv by mistake.
SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a zip archive",
    b"\x1f\x8b": "a gzip archive",
    b"SQLite format 3": "an SQLite database",
    b"{\\rtf": "an RTF document",
}


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes, what: str = "CSV file") -> str:
    """The file as text (UTF-8, a byte-order mark dropped), or ImportFailed saying why not."""
    for signature, name in SIGNATURES.items():
        if data.startswith(signature):
            raise ImportFailed(f"This is {name}, not a {what}.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as exc:
            raise ImportFailed("The file says it is UTF-16 but is not readable as such.") from exc
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ImportFailed("The file is empty.")
    nul = data.find(b"\0")
    if nul >= 0:
        raise ImportFailed(
            f"The file holds a NUL byte, so it is not a {what}.", line=_line_of(data, nul)
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            f"This is not UTF-8 text (byte 0x{data[exc.start]:02x}). Export the file again, "
            "or save it as UTF-8.",
            line=_line_of(data, exc.start),
        ) from exc


@dataclass(frozen=True)
class Row:
    """One CSV record: the line it starts on, and its cells by column name."""

    line: int
    cells: dict[str, str]
    header: tuple[str, ...]
    extra: tuple[str, ...] = ()  # cells past the header's columns
    raw: tuple[str, ...] = ()  # every cell as read, in file order

    def get(self, name: str, default: str = "") -> str:
        return self.cells.get(name, default)

    def column(self, name: str) -> int:
        """The 1-based column number of `name`, for error messages."""
        return self.header.index(name) + 1

    def fail(self, name: str, detail: str) -> ImportFailed:
        return ImportFailed(detail, line=self.line, column=f"{self.column(name)} ({name})")


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            message = str(exc)
            if "field larger" in message:
                detail = f"A cell is longer than {MAX_FIELD:,} characters."
            elif "EOF" in message or "end of data" in message or "quote" in message:
                detail = 'A quoted cell is never closed (an unbalanced " quote).'
            else:
                detail = f"This line is not valid CSV ({message})."
            raise ImportFailed(detail, line=start) from exc
        yield start, cells
        start = reader.line_num + 1


def read_header(text: str) -> tuple[tuple[str, ...], Iterator[tuple[int, list[str]]]]:
    """The first non-blank record as a header (names stripped and lower-cased), and the rest."""
    old = csv.field_size_limit(MAX_FIELD)
    try:
        records = _records(text)
        for _line, cells in records:
            if any(c.strip() for c in cells):
                header = tuple(c.strip().lstrip("\ufeff").lower() for c in cells)
                return header, records
    finally:
        csv.field_size_limit(old)
    raise ImportFailed("The file is empty.")


def rows(
    header: tuple[str, ...],
    records: Iterator[tuple[int, list[str]]],
    *,
    max_rows: int | None = None,
) -> Iterator[Row]:
    """The records after the header as Rows; blank lines skipped; too many rows refused.

    A row with fewer cells than the header gets empty strings for the missing ones.
    """
    max_rows = MAX_ROWS if max_rows is None else max_rows
    old = csv.field_size_limit(MAX_FIELD)
    try:
        count = 0
        for line, cells in records:
            if not any(c.strip() for c in cells):
                continue
            count += 1
            if count > max_rows:
                raise ImportFailed(
                    f"The file has more than {max_rows:,} rows, the most one import takes. "
                    "Split it, or export a shorter period.",
                    line=line,
                )
            padded = cells + [""] * (len(header) - len(cells))
            yield Row(
                line,
                dict(zip(header, padded, strict=False)),
                header,
                tuple(cells[len(header) :]),
                tuple(cells),
            )
    finally:
        csv.field_size_limit(old)


class Repeats:
    """Rows already read, by their cells: a row repeated inside one file is read once (a
    1,186-row export pasted into itself to 60,000 rows is still 1,186 entries)."""

    def __init__(self) -> None:
        self._first: dict[tuple[str, ...], int] = {}
        self.count = 0

    def of(self, row: Row) -> Skip | None:
        """None for a row not seen before; for a repeat, its Skip naming the first line."""
        first = self._first.setdefault(row.raw, row.line)
        if first == row.line:
            return None
        self.count += 1
        return Skip(
            row.line, f"The same row as line {first}: a row repeated in the file is read once."
        )


class Unread:
    """Columns a parser does not read: their values are counted so that they are listed as
    not imported (one Skip per column, on the first line holding a value), never dropped."""

    def __init__(self, header: tuple[str, ...], known: frozenset[str]) -> None:
        self._columns = [(n, name) for n, name in enumerate(header) if name not in known]
        self._found: dict[str, list[int]] = {}  # column -> [first line, values]

    def see(self, row: Row) -> None:
        for n, name in self._columns:
            if n < len(row.raw) and row.raw[n].strip():
                self._found.setdefault(name, [row.line, 0])[1] += 1

    def skips(self, source: str) -> list[Skip]:
        return [
            Skip(
                line,
                f"The column “{name or 'without a name'}” is not one {source} writes: its "
                f"{count:,} value{'' if count == 1 else 's'} {'is' if count == 1 else 'are'} "
                "not imported.",
            )
            for name, (line, count) in self._found.items()
        ]


def require_rows(parsed_rows: int) -> None:
    """A header with no rows under it is refused: there is nothing to import."""
    if not parsed_rows:
        raise ImportFailed("The file has a header but no entries under it.")
