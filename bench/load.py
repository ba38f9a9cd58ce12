"""The load generator of bench/serve.py: client processes sending raw HTTP/1.1 requests.

Processes, not threads, so the client's GIL never sets the ceiling; each request opens its own
connection and asks the server to close it (gunicorn's sync workers close it anyway), the same
for our pages and for the bare endpoint. The client does as little as it can per request
(one prebuilt request, read to the end, the status line parsed) so that on this small machine
most of the CPU is left to the server being measured.
"""

from __future__ import annotations

import multiprocessing
import socket
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.pool import Pool
from urllib.parse import urlencode

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Target:
    """One request, as the bytes sent, and the status it must answer with."""

    port: int
    path: str
    expect: int = 200
    headers: tuple[tuple[str, str], ...] = ()

    def request(self) -> bytes:
        lines = [f"GET {self.path} HTTP/1.1", f"Host: {HOST}:{self.port}", "Connection: close"]
        lines += [f"{name}: {value}" for name, value in self.headers]
        return ("\r\n".join(lines) + "\r\n\r\n").encode()


@dataclass
class Sample:
    """Latencies (seconds) of the requests answered as expected, over `seconds` of wall time."""

    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    errors: int = 0
    statuses: set[int] = field(default_factory=set)

    def add(self, other: Sample) -> None:
        self.latencies += other.latencies
        self.seconds += other.seconds
        self.errors += other.errors
        self.statuses |= other.statuses

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """The p-th percentile latency in milliseconds (nearest rank)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered)) - 1))
        return ordered[rank] * 1000

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else float("nan")


def fetch(port: int, request: bytes, timeout: float = 60.0) -> tuple[int, bytes]:
    """Send one request and read the whole answer: (status, raw response)."""
    with socket.create_connection((HOST, port), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while data := sock.recv(65536):
            chunks.append(data)
    raw = b"".join(chunks)
    return int(raw[9:12]), raw


def _client(args: tuple[Target, float, float]) -> tuple[list[float], int, set[int], float, float]:
    """One client: requests back to back from `start_at` until `until` (time.time())."""
    target, start_at, until = args
    request = target.request()
    latencies, errors, statuses = [], 0, set()
    time.sleep(max(0.0, start_at - time.time()))  # every client starts at the same moment
    first = time.time()
    while time.time() < until:
        begin = time.perf_counter()
        try:
            status, _ = fetch(target.port, request)
        except OSError:
            status = 0
        elapsed = time.perf_counter() - begin
        if status == target.expect:
            latencies.append(elapsed)
        else:
            errors += 1
            statuses.add(status)
    return latencies, errors, statuses, first, time.time()


class Clients:
    """A fixed number of client processes, started once and reused for every phase."""

    def __init__(self, count: int) -> None:
        self.count = count
        self._pool: Pool = multiprocessing.get_context("spawn").Pool(count)

    def run(self, target: Target, seconds: float) -> Sample:
        """Every client requests `target` for `seconds`; requests/s over the common wall time."""
        start_at = time.time() + 0.2  # time for the pool to hand out the task
        results = self._pool.map(
            _client, [(target, start_at, start_at + seconds)] * self.count, chunksize=1
        )
        sample = Sample()
        for latencies, errors, statuses, _first, _last in results:
            sample.latencies += latencies
            sample.errors += errors
            sample.statuses |= statuses
        sample.seconds = max(r[4] for r in results) - min(r[3] for r in results)
        return sample

    def close(self) -> None:
        self._pool.close()
        self._pool.join()


def sequential(target: Target, count: int, before: Callable[[], object] | None = None) -> Sample:
    """`count` requests one after another from this process, `before()` run ahead of each
    (outside the timing): the first-request figures, where each request must miss a cache."""
    sample = Sample()
    request = target.request()
    for _ in range(count):
        if before is not None:
            before()
        begin = time.perf_counter()
        status, _ = fetch(target.port, request)
        elapsed = time.perf_counter() - begin
        sample.seconds += elapsed
        if status == target.expect:
            sample.latencies.append(elapsed)
        else:
            sample.errors += 1
            sample.statuses.add(status)
    return sample


def _header(raw: bytes, name: str) -> list[str]:
    head = raw.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    prefix = name.lower() + ":"
    return [
        line.split(":", 1)[1].strip()
        for line in head.split("\r\n")
        if line.lower().startswith(prefix)
    ]


def login(port: int, email: str, password: str) -> str:
    """The session cookie a browser holds after the real login form and the page it leads to
    (Today, which adds the session's CSRF token to it)."""
    body = urlencode({"email": email, "password": password})
    request = (
        f"POST /login HTTP/1.1\r\nHost: {HOST}:{port}\r\nConnection: close\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n\r\n{body}"
    ).encode()
    status, raw = fetch(port, request)
    cookies = [c.split(";", 1)[0] for c in _header(raw, "Set-Cookie")]
    if status != 302 or not cookies:
        raise RuntimeError(f"login as {email} failed ({status})")
    cookie = "; ".join(cookies)
    page = Target(port, _header(raw, "Location")[0], headers=(("Cookie", cookie),))
    status, raw = fetch(port, page.request())
    if status != 200:
        raise RuntimeError(f"the page after logging in as {email} answered {status}")
    again = [c.split(";", 1)[0] for c in _header(raw, "Set-Cookie")]
    return "; ".join(again) or cookie


def etag(port: int, path: str, cookie: str) -> str:
    """The ETag the page answers with now."""
    _, raw = fetch(port, Target(port, path, headers=(("Cookie", cookie),)).request())
    return _header(raw, "ETag")[0]
