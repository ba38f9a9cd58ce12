"""Channel types: how a message reaches a channel. Apprise URLs today; another type (Web Push)
is one more class with the same two methods, listed in TYPES.

Nothing here touches the database or Flask; the secret comes in decrypted and never goes into a
log, an error text or an exception (Apprise's own messages are captured and scrubbed)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import quote, urlsplit

import apprise

from tracker.errors import Invalid
from tracker.reminders.webpush import WebPushChannel

ERROR_CHARS = 300


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    actions: tuple[tuple[str, str], ...] = ()  # (label, link): Taken, Skip


class ChannelType(Protocol):
    def describe(self, secret: str) -> str:
        """What may be shown of a valid secret; Invalid (field "url") when it is not one."""
        ...

    def send(self, secret: str, message: Message) -> str | None:
        """Deliver `message`: None on success, else the service's error in plain words."""
        ...


def _mask(host: str) -> str:
    return host[:2] + "…" if len(host) > 2 else "…"


def scrub(text: str, secret: str) -> str:
    """`text` without any part of the secret URL in it (user, password, host, path, query)."""
    parts = urlsplit(secret)
    pieces = [secret, parts.netloc, parts.path, parts.query, parts.username, parts.password]
    pieces += parts.path.split("/") + parts.query.split("&")
    for piece in sorted({p for p in pieces if p and len(p) >= 3}, key=len, reverse=True):
        text = text.replace(piece, "…")
    return text[:ERROR_CHARS]


class AppriseChannel:
    """An Apprise URL (ntfys://, gotify://, mailtos://, tgram://, json:// …)."""

    def describe(self, secret: str) -> str:
        url = secret.strip()
        if not url or len(url) > 2000 or apprise.Apprise.instantiate(url) is None:
            raise Invalid(
                "This is not an address Apprise can send to. Check the service's name at the "
                "start (ntfys://, mailtos://, gotify://…) and the parts after it.",
                "url",
            )
        parts = urlsplit(url)
        return f"{parts.scheme} · {_mask(parts.hostname or '')}"

    def send(self, secret: str, message: Message) -> str | None:
        _quiet_loggers()
        sender = apprise.Apprise()
        if not sender.add(_with_actions(secret, message)):
            return "The address is no longer accepted by Apprise."
        with apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as log:
            ok = bool(sender.notify(title=message.title, body=_body(secret, message)))
        if ok:
            return None
        said = " ".join(line for line in log.getvalue().splitlines() if line.strip())
        return scrub(said or "The service did not accept the message.", secret)


def _quiet_loggers() -> None:
    """Apprise's and urllib3's debug lines name the address (host, path, query): they never
    reach the app's log, whatever its level."""
    logging.getLogger("apprise").propagate = False
    logging.getLogger("urllib3").setLevel(logging.WARNING)


def is_ntfy(secret: str) -> bool:
    return urlsplit(secret).scheme in ("ntfy", "ntfys")


def _with_actions(secret: str, message: Message) -> str:
    """ntfy shows the links as buttons on the notification (its `actions` parameter), and no
    icon (Apprise's default names one on GitHub, which the phone would fetch)."""
    if not is_ntfy(secret):
        return secret
    params = [] if "image=" in secret else ["image=no"]
    if message.actions:
        actions = "; ".join(f"view, {label}, {link}, clear=true" for label, link in message.actions)
        params.append(f"actions={quote(actions, safe='')}")
    if not params:
        return secret
    return secret + ("&" if "?" in secret else "?") + "&".join(params)


def _body(secret: str, message: Message) -> str:
    """Elsewhere the links go in the text."""
    if not message.actions or is_ntfy(secret):
        return message.body
    links = "\n".join(f"{label}: {link}" for label, link in message.actions)
    return f"{message.body}\n\n{links}"


TYPES: dict[str, ChannelType] = {"apprise": AppriseChannel(), "webpush": WebPushChannel()}
