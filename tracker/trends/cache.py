"""A small in-process cache of drawn charts, keyed on the user's data version.

The key holds everything the picture depends on: the user, their data version (which moves
on any change to their data or settings, see tracker/dataversion.py), the chart, the range,
the format and size, and for clock-dependent charts the quarter hour. So an entry is never
stale: a change makes a new key, and old keys fall out in least-recently-used order. Each
server process keeps its own; nothing is shared between users or written to disk.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

MAX_ENTRIES = 256
MAX_BYTES = 64 * 1024 * 1024


def etag(key: Hashable) -> str:
    """A strong validator for a cache key (a hash, so it reveals nothing of the key)."""
    return hashlib.sha256(repr(key).encode()).hexdigest()[:32]


class ChartCache:
    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self._items: OrderedDict[Hashable, bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self.hits = self.misses = 0

    def get_or_make(self, key: Hashable, make: Callable[[], bytes]) -> bytes:
        """The cached bytes for `key`, drawing them once when missing."""
        body = self.get(key)
        if body is None:
            body = make()  # drawn outside the lock; two racing requests both draw, one is kept
            self.put(key, body)
        return body

    def get(self, key: Hashable) -> bytes | None:
        """The bytes kept for `key`, or None (counted as a miss)."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]
            self.misses += 1
            return None

    def put(self, key: Hashable, body: bytes) -> None:
        """Keep `body` for `key` (a key already kept keeps its bytes)."""
        with self._lock:
            if key not in self._items:
                self._items[key] = body
                self._bytes += len(body)
            while self._items and (
                len(self._items) > self.max_entries or self._bytes > self.max_bytes
            ):
                _, old = self._items.popitem(last=False)
                self._bytes -= len(old)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0
