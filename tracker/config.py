"""Configuration defaults; instance/config.py and TRACKER_* environment variables override them."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

from flask import Flask

# The project's folder: templates/, migrations/ and the default instance/ are in it.
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEV_SECRET_KEY = "dev-only-secret-change-me"  # noqa: S105 - the value the app refuses in production


class Defaults:
    SECRET_KEY = DEV_SECRET_KEY
    # None means "SQLite file in the instance folder"; set TRACKER_DATABASE_URL for PostgreSQL.
    DATABASE_URL: str | None = None
    SIGNUP_ENABLED = True
    # Set TRACKER_HTTPS=true behind an HTTPS reverse proxy: Secure cookies, proxy headers trusted.
    HTTPS = False
    PROXY_COUNT = 1
    # A session ends SESSION_HOURS after login, or SESSION_DAYS with "keep me signed in"; without
    # it also after SESSION_IDLE_MINUTES without a request. Exports, new API tokens and share
    # links ask for the password again when it was typed more than REAUTH_MINUTES ago.
    SESSION_DAYS = 30
    SESSION_HOURS = 12
    SESSION_IDLE_MINUTES = 30
    REAUTH_MINUTES = 10
    # Log-in and sign-up POSTs one client address may send (shared by every server process).
    AUTH_PER_IP_PER_MINUTE = 10
    AUTH_PER_IP_PER_HOUR = 100
    LOGIN_MAX_FAILURES = 5
    LOGIN_FAILURE_WINDOW_MINUTES = 15
    LOGIN_LOCK_MINUTES = 15
    # TRACKER_REQUIRE_2FA=true: every account needs a second factor (an authenticator app); one
    # without is taken to set it up after the password and can do nothing else until then.
    REQUIRE_2FA = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "tracker_session"
    # A session lasts SESSION_DAYS from login, on the server (tracker/auth): the cookie is sent
    # when the session changes, not signed and sent again with every response.
    SESSION_REFRESH_EACH_REQUEST = False
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # The upload limit of the import page: Apple Health's export.zip of years of data can be
    # a few hundred MB. Text formats (Daylio, Bearable, our own) stop at 50 MB when read.
    IMPORT_MAX_BYTES = 512 * 1024 * 1024
    # Imports run as jobs (tracker/jobs): a zip may expand to at most IMPORT_ZIP_MAX_BYTES and
    # IMPORT_ZIP_MAX_RATIO times its compressed size (checked while it is read); one user's
    # uploads awaiting confirmation take at most IMPORT_USER_QUOTA_BYTES (the oldest go first);
    # a job running longer than JOB_TIMEOUT_MINUTES is stopped and leaves nothing behind.
    IMPORT_ZIP_MAX_BYTES = 2 * 1024**3
    IMPORT_ZIP_MAX_RATIO = 200
    IMPORT_USER_QUOTA_BYTES = 1024**3
    JOB_TIMEOUT_MINUTES = 30
    # Requests one API token may make in a minute (shared by every server process).
    API_REQUESTS_PER_MINUTE = 600
    # Uploads waiting for the user to confirm their preview (default: instance/imports).
    IMPORT_FOLDER: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {}
    # redis://host:6379/0: rate limits and failed logins are counted in Redis, shared by every
    # server process, instead of in the database; and jobs are queued on RQ.
    REDIS_URL: str | None = None
    # The address people reach this server at (https://tracker.example.org): names this
    # instance's own FHIR definitions in exports (None gives them fixed urn:uuid: names), and
    # is the passkeys' origin, its host their relying-party id (None: passkeys are off).
    PUBLIC_URL: str | None = None
    # Web Push reminders: the server's VAPID key pair (made on first use, mode 600; default
    # instance/vapid.pem), the contact push services may write to (mailto: or https:; default
    # PUBLIC_URL when https), and whether a subscription's endpoint may be plain http on
    # 127.0.0.1 (tests with a local push endpoint; never in production).
    VAPID_FILE: str | None = None
    VAPID_CONTACT: str | None = None
    WEBPUSH_LOOPBACK_HTTP = False
    # A folder where the server's processes share Today's drawn parts (tracker/today/shared.py);
    # None: each keeps its own. gunicorn.conf.py gives its workers a private one in memory.
    TODAY_SHARED_FOLDER: str | None = None
    # How many weeks of scheduled doses, from today, the private calendar feed holds.
    CALENDAR_WEEKS = 4
    # Shown at once when a PHQ-9 has item 9 above 0. Set your local services here.
    CRISIS_TEXT = (
        "If you are thinking about harming yourself, you deserve support right now. "
        "If you are in immediate danger, call your local emergency number (112 in Europe, "
        "911 in North America, 999 in the UK). You can also call or text a crisis line: "
        "988 in the US and Canada, 116 123 (Samaritans) in the UK and Ireland, or find one "
        "for your country at findahelpline.com. Tell someone you trust, and let your "
        "prescriber or therapist know."
    )


def load(app: Flask, overrides: dict[str, Any] | None) -> None:
    """Fill app.config from defaults, instance/config.py, TRACKER_* variables, then overrides."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("TRACKER")
    if overrides:
        app.config.update(overrides)
    url = app.config["DATABASE_URL"] or _sqlite_url(app.instance_path)
    app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_url(url)
    # A failed statement's message names its values (notes, ratings) unless they are hidden,
    # and such messages reach the error log.
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        "hide_parameters": True,
        **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
    }
    app.config["IMPORT_FOLDER"] = app.config["IMPORT_FOLDER"] or os.path.join(
        app.instance_path, "imports"
    )
    app.config["VAPID_FILE"] = app.config["VAPID_FILE"] or os.path.join(
        app.instance_path, "vapid.pem"
    )
    app.config["SESSION_COOKIE_SECURE"] = bool(app.config["HTTPS"])
    app.config["REMEMBER_COOKIE_SECURE"] = bool(app.config["HTTPS"])
    app.config["PREFERRED_URL_SCHEME"] = "https" if app.config["HTTPS"] else "http"
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(days=int(app.config["SESSION_DAYS"]))
    _refuse_dev_secret(app)


def _sqlite_url(instance_path: str) -> str:
    os.makedirs(instance_path, exist_ok=True)
    return "sqlite:///" + os.path.join(instance_path, "tracker.db")


def _normalise_url(url: str) -> str:
    # psycopg 3 is the driver we ship; plain postgres:// URLs would ask SQLAlchemy for psycopg2.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _refuse_dev_secret(app: Flask) -> None:
    if app.config["SECRET_KEY"] == DEV_SECRET_KEY and not (app.debug or app.testing):
        raise RuntimeError(
            "Refusing to start with the development SECRET_KEY. Set TRACKER_SECRET_KEY or "
            "SECRET_KEY in instance/config.py (`make instance/config.py` writes a random one)."
        )
