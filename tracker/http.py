"""Response headers every page gets: no third-party loads, no framing, private pages uncached."""

from __future__ import annotations

from flask import Flask, Response
from flask_login import current_user

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)


def register(app: Flask) -> None:
    """Attach the security headers and ProxyFix when served behind an HTTPS proxy."""
    if app.config["HTTPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        if current_user.is_authenticated:  # a view may allow revalidation (chart images)
            response.headers.setdefault("Cache-Control", "no-store")
        if app.config["HTTPS"]:
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        return response
