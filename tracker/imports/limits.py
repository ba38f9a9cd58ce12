"""Limits on what an upload may cost: a zip's expanded size, checked while it is read (a zip
bomb is refused at its first megabytes over the limit, or at once when its directory admits
it), and a reader that reports how many bytes of the upload were read."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable
from typing import IO

from tracker.errors import Invalid
from tracker.imports.services import ImportTooLarge

CHUNK = 1024 * 1024
Report = Callable[[int, int], None]  # (bytes done, bytes total)


def _refuse(limit: int) -> ImportTooLarge:
    return ImportTooLarge(
        f"The zip expands to more than {limit // (1024 * 1024):,} MB, more than an import "
        "takes. Export a shorter period, or check that this is the right file.",
        "file",
    )


def check_zip(stream: IO[bytes], *, max_bytes: int, ratio: int, report: Report) -> None:
    """Refuse a zip that expands past `max_bytes` or `ratio` times its size; other files pass.

    The directory's sizes are checked first, then every member is read through, counting what
    it really expands to, so a zip whose directory lies is stopped as well.
    """
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    if not zipfile.is_zipfile(stream):
        stream.seek(0)
        return
    limit = min(max_bytes, ratio * max(size, 1))
    try:
        _expand(stream, limit, report)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise Invalid(f"The zip file is damaged ({exc}); nothing was imported.", "file") from exc
    stream.seek(0)


def _expand(stream: IO[bytes], limit: int, report: Report) -> None:
    with zipfile.ZipFile(stream) as archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        declared = sum(m.file_size for m in members)
        if declared > limit:
            raise _refuse(limit)
        done = 0
        for member in members:
            with archive.open(member) as data:
                while chunk := data.read(CHUNK):
                    done += len(chunk)
                    if done > limit:
                        raise _refuse(limit)
                    report(done, declared)


class Counting:
    """A binary file whose reads are reported (bytes read so far, the file's size)."""

    def __init__(self, raw: IO[bytes], report: Report) -> None:
        self.raw, self.report = raw, report
        raw.seek(0, 2)
        self.size = raw.tell()
        raw.seek(0)

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.report(self.raw.tell(), self.size)
        return data

    def readinto(self, buffer: bytearray | memoryview) -> int:
        n = self.raw.readinto(buffer)  # type: ignore[attr-defined]
        self.report(self.raw.tell(), self.size)
        return n

    def __enter__(self) -> Counting:
        return self

    def __exit__(self, *exc: object) -> None:
        self.raw.close()

    def __getattr__(self, name: str):  # noqa: ANN204 - seek, tell, seekable… as the file has them
        return getattr(self.raw, name)
