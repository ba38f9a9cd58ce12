"""Why no code opens a live SQLite file with Python's own file calls, and the run's guard that
refuses it (tests/conftest.py): a process that closes such a descriptor loses its locks, and
another process then deletes the WAL from under its open connection."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PG_URL, live_file_bytes


def _other_process_reads_and_closes(path: Path) -> list[str]:
    """Another process opens the database, reads, closes; which of -wal and -shm are left."""
    code = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        "c.execute('select 1 from t'); c.close()"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    return [s for s in ("-wal", "-shm") if Path(f"{path}{s}").exists()]


def test_reading_the_file_drops_the_locks_and_another_process_deletes_the_wal(
    tmp_path: Path,
) -> None:
    path = tmp_path / "live.db"
    mine = sqlite3.connect(path, isolation_level=None)
    mine.execute("PRAGMA journal_mode=WAL")
    mine.execute("CREATE TABLE t (x)")
    mine.execute("INSERT INTO t VALUES (1)")
    assert _other_process_reads_and_closes(path) == ["-wal", "-shm"]  # this one's lock holds
    with open(path, "rb") as raw:  # a file of this test's own: the run's guard lets it be
        raw.read(100)
    # The descriptor's close dropped this process's locks: the other process took itself for
    # the last connection and deleted the WAL and the shared memory under `mine`.
    assert _other_process_reads_and_closes(path) == []
    mine.close()


@pytest.mark.skipif(bool(PG_URL), reason="the run's database is SQLite's")
def test_the_runs_database_files_cannot_be_opened_by_python(database_url: str) -> None:
    path = Path(database_url.removeprefix("sqlite:///"))
    with pytest.raises(AssertionError, match="live SQLite file"):
        path.read_bytes()
    with pytest.raises(AssertionError, match="live SQLite file"):
        open(f"{path}-wal", "rb")  # noqa: SIM115
    with pytest.raises(AssertionError, match="live SQLite file"):
        os.open(path, os.O_RDONLY)
    assert live_file_bytes(path)[:6] == b"SQLite"
