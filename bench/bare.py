"""The floor of bench/serve.py: a bare Flask app answering a small HTML page, nothing else.

Served by gunicorn exactly as the tracker is (same config, workers and client), so the ratio
of our throughput to its throughput is what our pages cost beyond Flask and the server.
"""

from __future__ import annotations

from flask import Flask

PAGE = (
    "<!doctype html><html lang=en><head><meta charset=utf-8><title>Bare</title></head>"
    "<body><main><h1>Bare</h1><p>A small page from a bare Flask endpoint.</p></main></body></html>"
)

app = Flask(__name__)


@app.get("/")
def index() -> str:
    """The small page."""
    return PAGE
