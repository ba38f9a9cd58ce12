"""Today's drawn parts, seen by every server process of one gunicorn master.

Each process keeps the parts it drew in memory (parts.py), so a worker that gunicorn has just
started (after `max_requests`) would draw every part of its first Today anew. With a shared
folder (config TODAY_SHARED_FOLDER; gunicorn.conf.py makes a private one on /dev/shm, in
memory, for its workers and removes it when the server stops) a part drawn by one worker is
read by the others. What is kept there is what each process keeps in memory, under the same
key, so the same rules hold:

- a key holds the user's id and the session's CSRF token: an entry is found only by the
  session it was drawn for (the file's name is a hash of the whole key, the folder the user's);
- a key holds the versions of the tables the part reads: a save makes a new key, never a
  stale answer;
- the folder and its files are the server user's alone (create_app's umask: rw-------);
- a user's files go when they log out, sign out everywhere, change their password or delete
  their account (`forget`); writing one removes (at most once a minute per process) that
  user's files beyond the newest MAX_FILES or older than MAX_AGE, and (at most once an hour)
  every user's files older than MAX_AGE, so text they deleted does not linger.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Hashable

from flask import Flask

MAX_FILES = 64  # per user: a day's parts for a few sessions and days
MAX_AGE = 24 * 3600  # seconds
PRUNE_EVERY = 60  # seconds: a process looks at a user's folder at most this often
SWEEP_EVERY = 3600  # seconds: and at every user's folder (those who no longer come) this often


class SharedParts:
    """Drawn parts as files in `folder`, one subfolder per user."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self._pruned: dict[str, float] = {}  # a user's folder -> when this process last pruned it
        self._swept = -float(SWEEP_EVERY)

    def _user_folder(self, user_id: int) -> str:
        return os.path.join(self.folder, str(int(user_id)))

    def _path(self, user_id: int, key: Hashable) -> str:
        name = hashlib.sha256(repr(key).encode()).hexdigest()
        return os.path.join(self._user_folder(user_id), name)

    def get(self, user_id: int, key: Hashable) -> bytes | None:
        """The bytes another process kept for `key`, or None."""
        try:
            with open(self._path(user_id, key), "rb") as file:
                return file.read()
        except OSError:
            return None

    def put(self, user_id: int, key: Hashable, body: bytes) -> None:
        """Keep `body` for `key`, whole or not at all (a reader never sees half a file)."""
        folder = self._user_folder(user_id)
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".")
            with os.fdopen(handle, "wb") as file:
                file.write(body)
            os.replace(temporary, self._path(user_id, key))
            self._prune(folder)
            self._sweep()
        except OSError:
            return  # a full or vanished folder: the part is still kept in this process

    def forget(self, user_id: int) -> None:
        """Remove everything kept for the user."""
        shutil.rmtree(self._user_folder(user_id), ignore_errors=True)

    def _sweep(self) -> None:
        """Prune every user's folder: the files of a session that ended without a log-out (or of
        a user who has not come back) go within a day too."""
        now = time.monotonic()
        if now - self._swept < SWEEP_EVERY:
            return
        self._swept = now
        for entry in os.scandir(self.folder):
            try:
                self._prune(entry.path, force=True)
                os.rmdir(entry.path)  # only when nothing is left in it
            except OSError:
                continue  # files still kept, or the folder removed meanwhile

    def _prune(self, folder: str, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._pruned.get(folder, -PRUNE_EVERY) < PRUNE_EVERY:
            return
        self._pruned[folder] = now
        entries = sorted(
            (entry.stat().st_mtime, entry.path) for entry in os.scandir(folder) if entry.is_file()
        )
        oldest = time.time() - MAX_AGE
        for index, (mtime, path) in enumerate(entries):
            if mtime < oldest or index < len(entries) - MAX_FILES:
                try:
                    os.unlink(path)
                except OSError:
                    continue  # removed by another process meanwhile


def share_between_workers(app: Flask) -> str | None:
    """Give the workers a folder to share their parts in (gunicorn.conf.py calls it in the master
    before forking): TODAY_SHARED_FOLDER as set, or a new private one in memory (/dev/shm)
    that `stop_sharing` removes. None for an app that is not the tracker (bench/bare.py)."""
    if "TODAY_SHARED_FOLDER" not in app.config:
        return None
    if not app.config["TODAY_SHARED_FOLDER"]:
        memory = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - mkdtemp
        app.config["TODAY_SHARED_FOLDER"] = tempfile.mkdtemp(prefix="tracker-today-", dir=memory)
        app.extensions["today_shared_made"] = app.config["TODAY_SHARED_FOLDER"]
    return app.config["TODAY_SHARED_FOLDER"]


def stop_sharing(app: Flask) -> None:
    """Remove the folder share_between_workers made (when the server stops)."""
    folder = app.extensions.pop("today_shared_made", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
