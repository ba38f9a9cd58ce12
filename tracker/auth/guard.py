"""What views put in front of sensitive work: the login policy from config, the password asked
again before exports, tokens and share links, and the per-address throttle on sign-in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from flask import current_app, flash, redirect, request, url_for

from tracker import ratelimit, secretbox, web
from tracker.auth import services


def policy() -> services.LoginPolicy:
    """The login and session limits from config."""
    c = current_app.config
    return services.LoginPolicy(
        max_failures=int(c["LOGIN_MAX_FAILURES"]),
        window=timedelta(minutes=int(c["LOGIN_FAILURE_WINDOW_MINUTES"])),
        lock=timedelta(minutes=int(c["LOGIN_LOCK_MINUTES"])),
        session_lifetime=timedelta(days=int(c["SESSION_DAYS"])),
        short_lifetime=timedelta(hours=int(c["SESSION_HOURS"])),
        idle=timedelta(minutes=int(c["SESSION_IDLE_MINUTES"])),
        reauth=timedelta(minutes=int(c["REAUTH_MINUTES"])),
    )


def password_is_recent() -> bool:
    """Whether the logged-in user typed the password in this session a short while ago."""
    return services.password_is_recent(web.user(), now=web.now(), policy=policy())


def recent_password_required(back: str | None = None) -> Callable:
    """Behind login_required: ask for the password again unless it was typed recently.

    A GET comes back to itself afterwards; a POST (whose form cannot be kept) to the page
    named by the endpoint `back`, where the user sends it again.
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if password_is_recent():
                return view(*args, **kwargs)
            target = request.full_path.rstrip("?") if request.method == "GET" else None
            flash("Enter your password again to continue.")
            return redirect(url_for("auth.reauth", next=target or url_for(back or "settings.show")))

        return wrapped

    return decorate


def address_key(address: str) -> str:
    """The address as the counters keep it: a keyed hash (tracker/secretbox.py, its own key
    derived from SECRET_KEY), so the shared counters (a table or Redis) never hold an IP
    address, and nobody without the server's secret can test one."""
    return secretbox.digests(address, "sign-in throttle")[0][:32]


def client_throttled() -> int | None:
    """Count one sign-in or sign-up of the client's address; the seconds to wait when it is
    past AUTH_PER_IP_PER_MINUTE or AUTH_PER_IP_PER_HOUR (shared by every server process)."""
    c, now = current_app.config, web.now()
    address = address_key(request.remote_addr or "unknown")
    waits = [
        ratelimit.retry_after(window, now=now)
        for limit, window in ((c["AUTH_PER_IP_PER_MINUTE"], 60), (c["AUTH_PER_IP_PER_HOUR"], 3600))
        if not ratelimit.hit(f"auth-ip:{address}", int(limit), window, now=now)
    ]
    return max(waits) if waits else None
