"""The viewer's side of a PIN: a short-lived marker in the (signed) Flask session.

It names one link (its id and a piece of its token's hash) and an end time; it opens that
link's report and chart in that browser and nothing else. It is not a login: no user is
loaded from it, and no other route reads it.
"""

from __future__ import annotations

import hmac
from datetime import datetime

from flask import session

from tracker.shares.models import ShareLink
from tracker.shares.services import POLICY, SharePolicy

KEY = "share_unlocked"


def _mark(link: ShareLink) -> str:
    return link.token_hash[:32]


def grant(link: ShareLink, *, now: datetime, policy: SharePolicy = POLICY) -> None:
    """After a right PIN: open this link in this browser for a while."""
    stamp = now.timestamp()
    marks = {k: v for k, v in dict(session.get(KEY) or {}).items() if v[1] > stamp}
    marks[str(link.id)] = [_mark(link), int((now + policy.unlocked_for).timestamp())]
    session[KEY] = marks


def unlocked(link: ShareLink, *, now: datetime) -> bool:
    """Whether this browser gave the link's right PIN a short while ago."""
    mark = (session.get(KEY) or {}).get(str(link.id))
    if not isinstance(mark, list) or len(mark) != 2:
        return False
    fragment, until = mark
    return hmac.compare_digest(str(fragment), _mark(link)) and now.timestamp() < float(until)
