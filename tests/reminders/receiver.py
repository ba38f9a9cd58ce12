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
        self.headers: list[dict[str, str]] = []  # of each message, in the same order
        self.status = 200
        self.delay = 0.0  # seconds each answer takes, to make two senders overlap
        received = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                time.sleep(received.delay)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if received.status == 200:
                    received.messages.append(json.loads(body or b"{}"))
                    received.headers.append(dict(self.headers))
                answer = b'{"id": "1"}'  # ntfy answers with the message's id
                self.send_response(received.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.server.server_address[1]}/"

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
