"""Web Push subscriptions as channels: one per device, named after its browser and system.

A device that subscribes again (the button pressed twice, keys renewed by the browser) hands in
the same endpoint: its channel is updated and turned on again instead of doubled. Endpoints are
encrypted, so the user's Web Push channels (at most MAX_CHANNELS) are opened to compare."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.reminders import channels, vault
from tracker.reminders.models import ReminderChannel
from tracker.reminders.webpush import Subscription, device_name, parse_subscription

KIND = "webpush"


def _same_device(user: User, sub: Subscription, secret_key: str) -> ReminderChannel | None:
    for channel in channels.list_channels(user):
        if channel.kind != KIND:
            continue
        try:
            stored = parse_subscription(
                vault.open_sealed(channel.secret, secret_key), allow_loopback_http=True
            )
        except (vault.Unreadable, Invalid):
            continue
        if stored.endpoint == sub.endpoint:
            return channel
    return None


def subscribe(
    user: User,
    data: Any,
    *,
    user_agent: str | None,
    now: datetime,
    secret_key: str,
    allow_loopback_http: bool = False,
) -> tuple[ReminderChannel, bool]:
    """Keep a browser's subscription as a channel; returns it and whether it is new."""
    sub = parse_subscription(data, allow_loopback_http=allow_loopback_http)
    found = _same_device(user, sub, secret_key)
    if found is None:
        channel = channels.add_channel(
            user, name=device_name(user_agent), url=sub.to_json(), now=now,
            secret_key=secret_key, kind=KIND,
        )  # fmt: skip
        return channel, True
    found.secret = vault.seal(sub.to_json(), secret_key)
    found.failures, found.last_error, found.disabled_at = 0, None, None
    db.session.flush()
    return found, False
