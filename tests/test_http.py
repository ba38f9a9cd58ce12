"""Every GET route, logged in and not: the security headers, nothing cached, no inline script;
HSTS only over HTTPS; plain error pages for every error status."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from flask import Flask, abort
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from tests.conftest import config, login, make_user
from tracker.app import create_app

CSP_MUST = (
    "default-src 'self'",
    "script-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
)
# The same for everybody: may be cached.
PUBLIC = ("/static/", "/report.css", "/sw.js")  # the same for everyone, holding no data
# Values for route arguments: unknown ids and tokens (a 404 must carry the headers too).
ARGUMENTS = {"filename": "timezone.js", "instrument": "phq9", "key": "mood", "token": "x" * 43}


class _InlineCode(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, event handlers, style attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.found.append("<script> without src")
        self.found += [f"{tag} {name}=" for name in names if name.startswith("on")]
        if "style" in names:
            self.found.append(f"{tag} style=")
        if tag == "style":
            self.found.append("<style>")


def _url(rule: Rule) -> str:
    values: dict[str, object] = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        items = getattr(converter, "items", None)  # any(a, b): the first choice
        if items:
            values[name] = sorted(items)[0]
        elif type(converter).__name__ == "IntegerConverter":
            values[name] = 999_999
        else:
            values[name] = ARGUMENTS.get(name, "x")
    return rule.build(values)[1]  # type: ignore[index]


def _get_urls(app: Flask) -> list[str]:
    return sorted(
        {_url(r) for r in app.url_map.iter_rules() if "GET" in r.methods}  # type: ignore[operator]
    )


def _check(response, url: str) -> None:  # noqa: ANN001
    headers = response.headers
    csp = {d.strip() for d in headers.get("Content-Security-Policy", "").split(";")}
    assert set(CSP_MUST) <= csp, url
    assert "unsafe-inline" not in headers["Content-Security-Policy"], url
    assert headers["X-Content-Type-Options"] == "nosniff", url
    assert headers["Referrer-Policy"] == "no-referrer", url
    assert "Strict-Transport-Security" not in headers, url  # served over plain HTTP here
    if not url.startswith(PUBLIC):
        cache = headers.get("Cache-Control", "")
        kept = "no-store" in cache or (cache == "private, no-cache" and response.status_code < 400)
        assert kept, (url, cache)
    if response.mimetype == "text/html":
        parser = _InlineCode()
        parser.feed(response.get_data(as_text=True))
        assert parser.found == [], url


def _walk(client: FlaskClient, urls: list[str]) -> dict[str, int]:
    statuses = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        _check(response, url)
        statuses[url] = response.status_code
    return statuses


def test_every_get_route_logged_in_carries_the_headers(app: Flask) -> None:
    make_user(app)
    client = app.test_client()
    login(client)
    statuses = _walk(client, _get_urls(app))
    assert len(statuses) > 50
    assert sum(status == 200 for status in statuses.values()) > 25  # real pages, not only 404s


def test_every_get_route_logged_out_carries_the_headers(app: Flask) -> None:
    statuses = _walk(app.test_client(), _get_urls(app))
    assert statuses["/login"] == 200 and statuses["/today"] == 302


def test_a_logged_in_page_is_not_cached(app: Flask) -> None:
    make_user(app)
    client = app.test_client()
    login(client)
    assert client.get("/today").headers["Cache-Control"] == "no-store"


def test_hsts_only_on_an_answer_over_https(database_url: str, tmp_path) -> None:  # noqa: ANN001
    app = create_app(config(database_url, str(tmp_path), HTTPS=True))
    client = app.test_client()
    plain = "http://localhost"  # the test client would use PREFERRED_URL_SCHEME, https here
    assert "Strict-Transport-Security" not in client.get("/login", base_url=plain).headers
    proxied = client.get("/login", base_url=plain, headers={"X-Forwarded-Proto": "https"})
    assert proxied.headers["Strict-Transport-Security"] == "max-age=31536000"
    direct = client.get("/login", base_url="https://tracker.example")
    assert "max-age=" in direct.headers["Strict-Transport-Security"]


# --- error pages -----------------------------------------------------------------------------

SECRET = "ratings-and-a-private-note-4711"


def _failing_routes(app: Flask) -> None:
    def fail(code: int) -> str:
        abort(code)

    def crash() -> str:
        raise ValueError(f"invalid literal for int(): {SECRET!r}")

    app.add_url_rule("/_fail/<int:code>", "fail", fail, methods=["GET", "POST"])
    app.add_url_rule("/_crash/<token>", "crash", crash, methods=["POST"])


@pytest.mark.parametrize("code", [400, 403, 404, 405, 413, 429, 500])
def test_an_error_page_is_plain_and_not_cached(app: Flask, code: int) -> None:
    _failing_routes(app)
    response = app.test_client().get(f"/_fail/{code}")
    assert response.status_code == code
    body = response.get_data(as_text=True)
    assert "Traceback" not in body and "werkzeug" not in body.lower()
    assert "Go to the start page" in body  # our page, not Werkzeug's
    _check(response, f"/_fail/{code}")
    assert response.headers["Cache-Control"] == "no-store"


def test_every_429_says_when_to_try_again(app: Flask) -> None:
    _failing_routes(app)
    response = app.test_client().get("/_fail/429")
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0


def test_the_real_405_and_413_get_our_pages(app: Flask) -> None:
    client = app.test_client()
    refused = client.delete("/login")
    assert refused.status_code == 405 and "Go to the start page" in refused.get_data(as_text=True)
    app.config["MAX_CONTENT_LENGTH"] = 1000
    too_large = client.post("/login", data={"email": "a" * 5000})
    assert too_large.status_code == 413
    assert "Go to the start page" in too_large.get_data(as_text=True)


def test_a_crash_answers_500_without_its_trace_or_what_was_sent(
    database_url: str, tmp_path
) -> None:  # noqa: ANN001
    # Not TESTING: a test app lets exceptions through; production answers with the page.
    app = create_app(config(database_url, str(tmp_path), TESTING=False))
    _failing_routes(app)
    response = app.test_client().post(f"/_crash/{SECRET}", data={"note": SECRET})
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert SECRET not in body and "Traceback" not in body and "ValueError" not in body
    assert response.headers["Cache-Control"] == "no-store"


def test_debug_is_off_unless_asked_for(database_url: str, tmp_path) -> None:  # noqa: ANN001
    app = create_app(config(database_url, str(tmp_path), TESTING=False))
    assert app.debug is False
    assert app.config["PROPAGATE_EXCEPTIONS"] is None
