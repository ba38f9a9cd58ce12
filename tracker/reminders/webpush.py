"""Web Push as a channel type: a browser's push subscription (its endpoint at the push service,
and the keys the message is encrypted to) is the channel's secret, kept encrypted like an
Apprise URL. Sent with pywebpush: aes128gcm encryption (RFC 8291), signed with the server's
VAPID key (vapid.py), read from the file named by VAPID_FILE.

The subscription's endpoint path identifies the device at the push service: it never goes
into a label, a log or an error text (errors name the HTTP status only)."""

from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives.asymmetric import ec
from flask import current_app
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush

from tracker.errors import Invalid
from tracker.reminders import vapid

if TYPE_CHECKING:
    from tracker.reminders.transport import Message

# Seconds the push service keeps an undelivered message: planning.LATE_LIMIT, since a reminder
# later than that is not sent at all (a phone coming back online gets no stale reminder).
TTL = 3600
TIMEOUT = 10  # seconds for the push service to answer
FIELD = "subscription"
# Known push services, named instead of their host.
SERVICES = {
    "fcm.googleapis.com": "Google",
    "updates.push.services.mozilla.com": "Mozilla",
    "web.push.apple.com": "Apple",
    "notify.windows.com": "Microsoft",
}


class Gone(str):
    """An error meaning the subscription no longer exists (404/410): the channel is turned off
    at once instead of after FAILURE_LIMIT failures (channels.record_outcome)."""


@dataclass(frozen=True)
class Subscription:
    endpoint: str
    p256dh: str
    auth: str

    def to_json(self) -> str:
        keys = {"p256dh": self.p256dh, "auth": self.auth}
        return json.dumps({"endpoint": self.endpoint, "keys": keys}, sort_keys=True)


def _b64url(value: Any, length: int, what: str) -> bytes:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9_-]+={0,2}", value):
        raise Invalid(f"The subscription's {what} key is missing or not base64url text.", FIELD)
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as exc:
        raise Invalid(f"The subscription's {what} key is not base64url text.", FIELD) from exc
    if len(raw) != length:
        raise Invalid(
            f"The subscription's {what} key has {len(raw)} bytes; it should have {length}.", FIELD
        )
    return raw


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _endpoint(value: Any, *, allow_loopback_http: bool) -> str:
    if not isinstance(value, str) or not value or len(value) > 2000:
        raise Invalid(
            "The subscription has no endpoint address (or one over 2000 characters).", FIELD
        )
    parts = urlsplit(value)
    if parts.scheme == "http" and allow_loopback_http and _loopback(parts.hostname or ""):
        return value
    if parts.scheme != "https" or not parts.hostname:
        raise Invalid("The subscription's endpoint must be an https:// address.", FIELD)
    return value


def parse_subscription(data: Any, *, allow_loopback_http: bool = False) -> Subscription:
    """A browser's PushSubscription JSON checked: an https endpoint (http on 127.0.0.1 only when
    allowed: tests), p256dh a P-256 public point (65 bytes), auth a 16-byte secret."""
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except ValueError as exc:
            raise Invalid("The subscription is not JSON.", FIELD) from exc
    if not isinstance(data, dict) or not isinstance(data.get("keys"), dict):
        raise Invalid("The subscription needs an endpoint and keys (p256dh, auth).", FIELD)
    endpoint = _endpoint(data.get("endpoint"), allow_loopback_http=allow_loopback_http)
    keys = data["keys"]
    point = _b64url(keys.get("p256dh"), 65, "p256dh")
    _b64url(keys.get("auth"), 16, "auth")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except ValueError as exc:
        raise Invalid("The subscription's p256dh key is not a P-256 public key.", FIELD) from exc
    return Subscription(endpoint, keys["p256dh"].rstrip("="), keys["auth"].rstrip("="))


def service_name(endpoint: str) -> str:
    """The push service, by name when known ("Google"), else its host's first letters."""
    host = (urlsplit(endpoint).hostname or "").lower()
    for known, name in SERVICES.items():
        if host == known or host.endswith("." + known):
            return name
    return host[:2] + "…" if len(host) > 2 else "…"


BROWSERS = (
    ("Edg/", "Edge"), ("EdgA/", "Edge"), ("EdgiOS/", "Edge"), ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"), ("FxiOS/", "Firefox"), ("Firefox/", "Firefox"),
    ("CriOS/", "Chrome"), ("Chromium/", "Chromium"), ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)  # fmt: skip
SYSTEMS = (
    ("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"), ("CrOS", "ChromeOS"),
    ("Windows", "Windows"), ("Macintosh", "macOS"), ("Linux", "Linux"),
)  # fmt: skip


def device_name(user_agent: str | None) -> str:
    """The browser and system from a User-Agent, nothing finer: "Chrome on Android"."""
    agent = user_agent or ""
    browser = next((name for mark, name in BROWSERS if mark in agent), None)
    system = next((name for mark, name in SYSTEMS if mark in agent), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or (f"A browser on {system}" if system else "A browser")


def payload(message: Message, app_url: str | None) -> str:
    """What the service worker (static/sw.js) shows: title, body, buttons, the page a tap opens."""
    return json.dumps(
        {
            "title": message.title,
            "body": message.body,
            "actions": [{"label": label, "url": url} for label, url in message.actions],
            "url": app_url,
        }
    )


def _signer(key_file: str) -> Vapid02:
    signer = Vapid02(private_key=vapid.load_or_create(key_file))
    signer.conf = {"no-strict": True}  # our contact is checked in _contact(), not by regex
    return signer


def _contact() -> str:
    config = current_app.config
    public = (config.get("PUBLIC_URL") or "").rstrip("/")
    return config.get("VAPID_CONTACT") or (
        public if public.startswith("https://") else "mailto:tracker@localhost"
    )


def _error(exc: WebPushException) -> str:
    status = getattr(exc.response, "status_code", None)
    if status in (404, 410):
        return Gone(
            f"The browser's subscription has ended (the push service answered {status}). "
            "Turn notifications on again on that device."
        )
    if status == 403:
        return (
            "The push service refused our signature (403): the device subscribed under another "
            "server key. Turn notifications on again on that device."
        )
    if status == 429:
        return "The push service asks to send less often (429)."
    if status == 413:
        return "The message was too long for the push service (413)."
    return f"The push service did not take the message ({status or 'no answer'})."


class WebPushChannel:
    """A browser's push subscription on one device."""

    def describe(self, secret: str) -> str:
        # Loopback http passes here: the subscribe service checks the scheme under the app's
        # config before the secret is stored.
        sub = parse_subscription(secret, allow_loopback_http=True)
        return f"Web Push · {service_name(sub.endpoint)}"

    def send(self, secret: str, message: Message) -> str | None:
        config = current_app.config
        public = config.get("PUBLIC_URL")
        try:
            webpush(
                json.loads(secret),
                data=payload(message, public.rstrip("/") + "/today" if public else None),
                vapid_private_key=_signer(config["VAPID_FILE"]),
                vapid_claims={"sub": _contact()},
                ttl=TTL,
                headers={"Urgency": "high"},
                timeout=TIMEOUT,
            )
        except WebPushException as exc:
            return _error(exc)
        except requests.RequestException:
            return "The push service could not be reached."
        return None
