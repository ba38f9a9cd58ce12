"""Apple Health's export.xml as a stream of the root's children, each with its line.

The file comes as export.zip or as the XML itself. It is read a chunk at a time (exports run
to gigabytes), its DOCTYPE blanked out before the parser sees it (iOS 16 wrote a malformed
one, and no export needs its DTD), through defusedxml with DTDs, entities and external
references forbidden. Every failure is an ImportFailed, with the line and column when the XML
itself is at fault.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any, BinaryIO
from xml.etree.ElementTree import Element, ParseError, TreeBuilder
from xml.parsers import expat

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml.ElementTree import DefusedXMLParser, iterparse

from tracker.imports.errors import ImportFailed
from tracker.imports.parsers.text import SIGNATURES

MAX_XML_BYTES = 4 * 2**30  # decompressed; a zip bomb stops here
HEAD_BYTES = 2**20  # the prolog, DOCTYPE included, must fit in this (Apple's is ~15 kB)
CHUNK = 64 * 1024
ROOT = "HealthData"
BOM = b"\xef\xbb\xbf"

_DOCTYPE = re.compile(rb"<!DOCTYPE\b[^\[>]*(?:\[.*?\][ \t\r\n]*)?>", re.DOTALL)
_ELEMENT = re.compile(rb"<[A-Za-z_:\x80-\xff]")
_NOT_NEWLINE = re.compile(rb"[^\r\n]")
# C0 controls are not allowed in XML 1.0; iOS 16 wrote U+000B into some names. Each becomes
# a space, so positions stay as they were.
_CONTROLS = bytes(
    0x20 if byte < 0x20 and byte not in (0x09, 0x0A, 0x0D) else byte for byte in range(256)
)
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError)


def parse_time(text: str) -> datetime:
    """`2019-05-14 19:05:29 -0400` as an aware datetime at its own offset (ValueError if not)."""
    if len(text) != 25 or text[19] != " " or text[20] not in "+-" or not text[21:].isdigit():
        raise ValueError(f"not an Apple Health time: {text!r}")
    return datetime.fromisoformat(text[:19]).replace(tzinfo=_zone(text[20:]))


@lru_cache(maxsize=128)
def _zone(offset: str) -> timezone:
    minutes = int(offset[1:3]) * 60 + int(offset[3:5])
    return timezone(timedelta(minutes=-minutes if offset[0] == "-" else minutes))


_PREFIXES = (
    "HKQuantityTypeIdentifier",
    "HKCategoryTypeIdentifier",
    "HKCorrelationTypeIdentifier",
    "HKWorkoutActivityType",
    "HKDataType",
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def type_words(name: str) -> str:
    """`HKQuantityTypeIdentifierHeartRateVariabilitySDNN` -> `Heart rate variability SDNN`."""
    for prefix in _PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            name = name[len(prefix) :]
            break
    words = [w if w.isupper() and len(w) > 1 else w.lower() for w in _CAMEL.split(name)]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


class _Stream:
    """The XML bytes for the parser: DOCTYPE blanked, controls made spaces, size capped."""

    def __init__(self, raw: Any, max_bytes: int) -> None:
        self._raw = raw
        self._max = max_bytes
        self._count = 0
        self._pending = self._head()

    def read(self, size: int = -1) -> bytes:
        if self._pending:
            data, self._pending = self._pending, b""
            return data
        return self._chunk(size if size > 0 else CHUNK)

    def _chunk(self, size: int) -> bytes:
        try:
            data = self._raw.read(size)
        except _ZIP_ERRORS as exc:
            raise ImportFailed(f"The zip archive is damaged ({exc}). Export it again.") from exc
        self._count += len(data)
        if self._count > self._max:
            raise ImportFailed(
                f"The export XML is larger than {self._max:,} bytes, the most an import reads. "
                "Export a shorter period."
            )
        return data.translate(_CONTROLS)

    def _head(self) -> bytes:
        head = b""
        while True:
            chunk = self._chunk(CHUNK)
            head += chunk
            done = not chunk or len(head) >= HEAD_BYTES
            blanked = _blank_doctype(head, done)
            if blanked is not None:
                break
        text = head.removeprefix(BOM).lstrip()
        if not text:
            raise ImportFailed("The file is empty.")
        if not text.startswith(b"<"):
            raise ImportFailed(
                "This is not an XML file. Choose the export.zip the Health app wrote, "
                "or the export.xml inside it."
            )
        return blanked


def _blank_doctype(head: bytes, done: bool) -> bytes | None:
    """`head` with its DOCTYPE turned into spaces (newlines kept, so every line and column
    stays where it was), or None while more of the file is needed to find its end."""
    start = head.find(b"<!DOCTYPE")
    element = _ELEMENT.search(head)
    if start < 0 or (element is not None and element.start() < start):
        return head if element is not None or done else None
    match = _DOCTYPE.match(head, start)
    if match is None:
        return head if done else None  # never closed: the parser refuses it as a DTD
    return head[:start] + _NOT_NEWLINE.sub(b" ", match.group()) + head[match.end() :]


class _LineParser(DefusedXMLParser):
    """Notes each element's line and depth as expat starts it: iterparse hands events over a
    chunk at a time, when the parser's own position has already moved on.

    Leans on the pure-Python XMLParser's hooks (_setevents, _start, _end), the ones defusedxml
    itself builds on; the line-number tests fail if they change.
    """

    def __init__(self) -> None:
        super().__init__(
            target=TreeBuilder(), forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
        self.starts: deque[tuple[int, int]] = deque()
        self.depth = 0

    def _setevents(self, events_queue: Any, events_to_report: Any) -> None:
        super()._setevents(events_queue, events_to_report)
        # expat then builds each attribute dict in C: a sixth of the parse time
        self.parser.ordered_attributes = False

    def _start(self, tag: str, attrib: dict[str, str]) -> Element:
        self.depth += 1
        self.starts.append((self.parser.CurrentLineNumber, self.depth))
        return self.target.start(tag, attrib)

    def _end(self, tag: str) -> Element:
        self.depth -= 1
        return self.target.end(tag)


def elements(stream: _Stream) -> Iterator[tuple[int, Element]]:
    """(line, element) for each child of <HealthData>, each dropped from the tree as it comes:
    attributes are complete at its start, and nothing needs its children."""
    parser = _LineParser()
    starts = parser.starts
    root = Element(ROOT)
    try:
        for _event, elem in iterparse(stream, events=("start",), parser=parser):
            line, depth = starts.popleft()
            if depth == 2:
                root.clear()
                yield line, elem
            elif depth == 1:
                _check_root(elem, line)
                root = elem
    except ParseError as exc:
        raise _malformed(exc) from exc
    except DefusedXmlException as exc:
        raise _refused(exc, parser.parser.CurrentLineNumber) from exc
    except (LookupError, ValueError) as exc:  # an encoding Python or expat cannot decode
        raise ImportFailed(
            f"The XML cannot be decoded ({exc}); the Health app writes UTF-8.", line=1
        ) from exc


def _check_root(elem: Element, line: int) -> None:
    if elem.tag != ROOT:
        raise ImportFailed(
            f"This XML file is not an Apple Health export: it holds <{elem.tag}>, not <{ROOT}>.",
            line=line,
        )


def _malformed(exc: ParseError) -> ImportFailed:
    line, column = exc.position
    reason = expat.ErrorString(exc.code) if getattr(exc, "code", None) else str(exc)
    return ImportFailed(
        f"The XML is broken here ({reason}), so the file cannot be read. "
        "Export it again from the Health app.",
        line=line,
        column=column + 1,
    )


def _refused(exc: DefusedXmlException, line: int) -> ImportFailed:
    if isinstance(exc, EntitiesForbidden):
        what = "declares XML entities"
    elif isinstance(exc, DTDForbidden):
        what = "has a document type declaration the import cannot set aside"
    else:
        what = "refers to external files"
    return ImportFailed(
        f"The XML {what}, which an Apple Health export never needs; it is refused for safety.",
        line=line,
    )


@contextmanager
def export_stream(source: BinaryIO | bytes, max_bytes: int = MAX_XML_BYTES) -> Iterator[_Stream]:
    """The export XML of `source` (export.zip or the XML itself) as a capped byte stream."""
    raw: Any = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    head, raw = _peek(raw)
    if head.startswith(b"PK"):
        with _zip_member(raw, max_bytes) as member:
            yield _Stream(member, max_bytes)
        return
    for signature, name in SIGNATURES.items():
        if head.startswith(signature):
            raise ImportFailed(
                f"This is {name}, not an Apple Health export (export.zip or export.xml)."
            )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFailed("This file is UTF-16 text; the Health app writes its export in UTF-8.")
    yield _Stream(raw, max_bytes)


def _peek(raw: Any) -> tuple[bytes, Any]:
    if raw.seekable():
        start = raw.tell()
        head = raw.read(16)
        raw.seek(start)
        return head, raw
    head = raw.read(16)
    return head, _Prefixed(head, raw)


class _Prefixed:
    """An unseekable stream with its first bytes, already read, put back in front."""

    def __init__(self, head: bytes, raw: Any) -> None:
        self._head, self._raw = head, raw

    def read(self, size: int = -1) -> bytes:
        if self._head:
            data, self._head = self._head, b""
            return data
        return self._raw.read(size)


@contextmanager
def _zip_member(raw: Any, max_bytes: int) -> Iterator[Any]:
    if not raw.seekable():
        raise ImportFailed("A zip archive can only be read from a file, not a stream.")
    try:
        archive = zipfile.ZipFile(raw)
    except _ZIP_ERRORS as exc:
        raise ImportFailed(f"This zip archive is damaged ({exc}). Export it again.") from exc
    with archive:
        info = _export_member(archive)
        if info.file_size > max_bytes:
            raise ImportFailed(
                f"{info.filename} says it unpacks to {info.file_size:,} bytes, more than the "
                f"{max_bytes:,} an import reads. Export a shorter period."
            )
        try:
            member = archive.open(info)
        except (*_ZIP_ERRORS, RuntimeError, NotImplementedError) as exc:
            # RuntimeError: encrypted; NotImplementedError: a compression zipfile lacks
            raise ImportFailed(f"{info.filename} cannot be unpacked ({exc}).") from exc
        with member:
            yield member


def _export_member(archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    """The export XML: its name is localized (export.xml, Exportieren.xml …), so the largest
    .xml that is neither macOS's resource-fork copy nor the clinical export_cda.xml."""
    candidates = [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and info.filename.lower().endswith(".xml")
        and not info.filename.startswith("__MACOSX/")
        and not info.filename.rsplit("/", 1)[-1].startswith("._")
        and not info.filename.lower().endswith("_cda.xml")
    ]
    if not candidates:
        raise ImportFailed(
            "This zip archive holds no Apple Health export "
            "(apple_health_export/export.xml). Choose the export.zip the Health app wrote."
        )
    return max(candidates, key=lambda info: info.file_size)
