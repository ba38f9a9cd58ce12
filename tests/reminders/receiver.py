"""A real HTTP endpoint on 127.0.0.1 for Apprise's json:// to post to, run in a thread."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    """Collects each JSON body posted to it; answers `status` (500 to make sends fail)."""

    def __init__(self) -> None:
        self.messages: list[dict] = []
        self.status = 200
        self.delay = 0.0  # seconds each answer takes, to make two senders overlap
        received = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                time.sleep(received.delay)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if received.status == 200:
                    received.messages.append(json.loads(body or b"{}"))
                self.send_response(received.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.server.server_address[1]}/"

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
