"""Response headers every page gets: no third-party loads, no framing, nothing kept by caches;
HSTS over HTTPS; the route template for the access log."""

from __future__ import annotations

from flask import Flask, Response, abort, request
from sqlalchemy.engine import make_url

from tracker.database import max_record_id

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
# gunicorn.conf.py's access log prints this instead of the path, which can hold a secret.
ROUTE_KEY = "tracker.route"


def register(app: Flask) -> None:
    """Attach the security headers, and ProxyFix when served behind an HTTPS proxy."""
    if app.config["HTTPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]

    # A path's id past what the database holds names no record: 404 before the view asks.
    largest = max_record_id(make_url(app.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name())

    @app.url_value_preprocessor
    def _ids_in_range(endpoint: str | None, values: dict | None) -> None:
        # A converter's own max= would not do: werkzeug then answers 405 where a GET rule
        # shares the path of the POST one.
        if any(type(v) is int and v > largest for v in (values or {}).values()):
            abort(404)

    @app.before_request
    def _route_for_the_access_log() -> None:
        rule = request.url_rule
        request.environ[ROUTE_KEY] = rule.rule if rule is not None else "(no route)"

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        _cache_control(response)
        if response.status_code == 429:  # every limit here is at most an hour's window
            response.headers.setdefault("Retry-After", "60")
        if request.is_secure:  # only an HTTPS answer may ask the browser to stay on HTTPS
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        return response


def _cache_control(response: Response) -> None:
    # Every page but our own static files may show health data or a secret address: nothing
    # is kept. A view may allow revalidation instead (chart images: private, no-cache), but an
    # error or an API answer never.
    if response.status_code >= 400 or request.path.startswith("/api/"):
        response.headers["Cache-Control"] = "no-store"
    elif request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
