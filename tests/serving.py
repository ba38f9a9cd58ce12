"""A real gunicorn (gunicorn.conf.py, wsgi:app) on a free loopback port, and a small HTTP
client with a cookie, for the load and durability tests. Only 127.0.0.1 is ever contacted."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from tracker.config import ROOT

HOST = "127.0.0.1"
SECRET_KEY = "load-test-secret-" + "x" * 32


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Signal the master and its workers (their own process group), then wait."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
        self.process.wait(timeout=30)


def start(
    database_url: str,
    instance: Path,
    *,
    workers: int,
    log: Path,
    extra: dict[str, str] | None = None,
) -> Server:
    """Start gunicorn with the project's settings; returns once /health answers."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    port = free_port()
    env |= {
        "TRACKER_BIND": f"{HOST}:{port}",
        "TRACKER_WORKERS": str(workers),
        "TRACKER_DATABASE_URL": database_url,
        "TRACKER_INSTANCE_PATH": str(instance),
        "TRACKER_SECRET_KEY": SECRET_KEY,
        # The clients post forms without reading them first; CSRF is tested elsewhere.
        "TRACKER_WTF_CSRF_ENABLED": "false",
        # Every client is 127.0.0.1: the per-address sign-in throttle would stop a crowd.
        "TRACKER_AUTH_PER_IP_PER_MINUTE": "100000",
        "TRACKER_AUTH_PER_IP_PER_HOUR": "100000",
        **(extra or {}),
    }
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stop() reaches the workers too
        )
    server = Server(process, port, log)
    _wait_until_up(server)
    return server


def _wait_until_up(server: Server, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {server.log.read_text()[-2000:]}")
        try:
            if Client(server.port).get("/health").status == 200:
                return
        except OSError:
            time.sleep(0.05)
    server.stop(signal.SIGKILL)
    raise RuntimeError("gunicorn did not answer in time")


@dataclass
class Answer:
    status: int
    location: str
    seconds: float


@dataclass
class Client:
    """One browser: a connection per request (sync workers close it), one session cookie."""

    port: int
    cookie: str = ""
    timeout: float = 30
    seconds: list[float] = field(default_factory=list)

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Answer:
        """Send one request and read the whole answer."""
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = urlencode(form).encode() if form is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            try:
                response.read()
            except (http.client.IncompleteRead, OSError):
                pass  # the status came: the answer was given, whatever happened to its body
        finally:
            conn.close()
        took = time.perf_counter() - started
        self.seconds.append(took)
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("tracker_session="):
                self.cookie = value.split(";", 1)[0]
        return Answer(response.status, response.getheader("Location") or "", took)

    def get(self, path: str) -> Answer:
        """GET `path`."""
        return self.request("GET", path)

    def login(self, email: str, password: str) -> None:
        """Log in through the form; raises unless it answered with the redirect to Today."""
        answer = self.request("POST", "/login", {"email": email, "password": password})
        if answer.status != 302 or not self.cookie:
            raise RuntimeError(f"login of {email} answered {answer.status}")

    def check_in(self, key: str | None = None) -> tuple[str, Answer]:
        """Record a mood check-in with its request key (a new one unless given)."""
        key = key or uuid.uuid4().hex
        return key, self.request("POST", "/checkins/new", {"mood": "6", "request_key": key})


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]
