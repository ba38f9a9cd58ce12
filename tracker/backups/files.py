"""File steps that keep a half-written file from ever having its final name."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from datetime import datetime

STAMP = "%Y%m%dT%H%M%S"


@contextlib.contextmanager
def temporary_beside(final: str, purpose: str) -> Iterator[str]:
    """A fresh temporary path in `final`'s directory (so a rename is atomic), removed on the
    way out unless it has been renamed into place."""
    directory = os.path.dirname(os.path.abspath(final))
    fd, path = tempfile.mkstemp(
        dir=directory, prefix=f".{os.path.basename(final)}.", suffix=f".{purpose}.partial"
    )
    os.close(fd)
    try:
        yield path
    finally:
        for leftover in (path, path + "-journal", path + "-wal", path + "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(leftover)


def fsync_file(path: str) -> None:
    """Flush a file's bytes to disk before it is renamed into place."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_directory(path: str) -> None:
    """Make a rename in `path` survive a crash (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def move_into_place(temporary: str, final: str) -> None:
    """Rename a complete, flushed file to its final name in one atomic step."""
    fsync_file(temporary)
    os.replace(temporary, final)
    fsync_directory(os.path.dirname(os.path.abspath(final)))


def free_name(base: str, suffix: str = "") -> str:
    """`base+suffix`, or `base-2+suffix`, `base-3+suffix`, … if that name is taken."""
    candidate, n = base + suffix, 1
    while os.path.lexists(candidate):
        n += 1
        candidate = f"{base}-{n}{suffix}"
    return candidate


def keep_aside(path: str, now: datetime) -> str:
    """Give the file at `path` a second name, `<path>.before-restore-<UTC stamp>`, and return
    it. A hard link keeps the old file without a moment where `path` is missing."""
    aside = free_name(f"{path}.before-restore-{now.strftime(STAMP)}")
    try:
        os.link(path, aside)
    except OSError:  # filesystems without hard links: a flushed copy instead
        import shutil

        shutil.copy2(path, aside)
        fsync_file(aside)
    fsync_directory(os.path.dirname(os.path.abspath(path)))
    return aside


def prune(directory: str, prefix: str, suffix: str, keep: int) -> list[str]:
    """Delete all but the newest `keep` files named prefix…suffix (names sort by time)."""
    names = sorted(n for n in os.listdir(directory) if n.startswith(prefix) and n.endswith(suffix))
    removed = [os.path.join(directory, n) for n in names[: max(0, len(names) - keep)]]
    for path in removed:
        os.remove(path)
    return removed
