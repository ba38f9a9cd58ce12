"""Passkeys (WebAuthn, through py_webauthn): discoverable credentials with user verification.

The browser's side is static/passkeys.js. A sign-in with a passkey proves two factors at
once (the device, and the fingerprint or PIN that unlocked it), so it logs in without a
password; after a password it is one of the second step's factors.

Every ceremony answers a challenge the server made (32 random bytes) and kept in the
browser's session for a few minutes; the views take it out before checking, so it answers
once. The relying party (the site the passkey belongs to) is TRACKER_PUBLIC_URL: its origin,
and its host as the id. Without it passkeys are off (a Host header is not proof of origin).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import webauthn
from sqlalchemy import delete, func, select, update
from webauthn.helpers import (
    base64url_to_bytes,
    bytes_to_base64url,
    parse_authentication_credential_json,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from tracker.auth.factors.models import Passkey
from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.extensions import db

KEY = "passkey"
LABEL = "Passkey"
PROTECTS = True
TEMPLATE = "factors/_passkey_answer.html"
RP_NAME = "Tracker"
WAIT = timedelta(minutes=5)  # how long a challenge may be answered
TIMEOUT_MS = 120_000  # how long the browser's dialog stays open
MAX_PER_ACCOUNT = 20
NOT_ACCEPTED = "This passkey was not accepted. Try again, or sign in with your password."


@dataclass(frozen=True)
class RelyingParty:
    id: str  # the host: passkeys made for it work on it and nowhere else
    origin: str  # scheme://host[:port], as the browser reports it


def relying_party(public_url: str | None) -> RelyingParty | None:
    """The relying party of TRACKER_PUBLIC_URL: https, or http on localhost (tests, trying
    it out); None otherwise, and passkeys are off."""
    if not public_url:
        return None
    parts = urlsplit(public_url.strip())
    host = (parts.hostname or "").lower()
    if not host or not (
        parts.scheme == "https" or (parts.scheme == "http" and host == "localhost")
    ):
        return None
    return RelyingParty(id=host, origin=f"{parts.scheme}://{parts.netloc.lower()}")


# Purposes whose challenge is made for one signed-in or half-signed-in account: the passkey
# must be that account's.
USER_BOUND = ("second", "confirm")


@dataclass(frozen=True)
class Challenge:
    """A ceremony in progress, kept in the browser's session (see `state`/`from_state`)."""

    value: bytes
    purpose: str  # "register", "signin", "second" or "confirm"
    until: float
    user_id: int | None = None
    handle: str | None = None  # registration: the account's user handle (base64url)

    def state(self) -> dict[str, Any]:
        return {
            "c": bytes_to_base64url(self.value),
            "p": self.purpose,
            "until": self.until,
            "user": self.user_id,
            "handle": self.handle,
        }

    @classmethod
    def from_state(cls, state: Any, purpose: str, *, now: datetime) -> Challenge | None:
        """The challenge kept for `purpose`, unless missing, for another purpose or too old."""
        if not isinstance(state, dict) or state.get("p") != purpose:
            return None
        if not isinstance(state.get("until"), (int, float)) or state["until"] <= now.timestamp():
            return None
        try:
            value = base64url_to_bytes(str(state["c"]))
        except (KeyError, ValueError):
            return None
        return cls(value, purpose, state["until"], state.get("user"), state.get("handle"))


def new_challenge(
    purpose: str, *, now: datetime, user: User | None = None, handle: str | None = None
) -> Challenge:
    return Challenge(
        secrets.token_bytes(32),
        purpose,
        (now + WAIT).timestamp(),
        user.id if user else None,
        handle,
    )


def passkeys_of(user: User) -> list[Passkey]:
    """The user's passkeys, oldest first."""
    query = select(Passkey).where(Passkey.user_id == user.id).order_by(Passkey.id)
    return list(db.session.scalars(query))


def passkey_of(user: User, passkey_id: int) -> Passkey | None:
    """One of the user's passkeys (None for another account's: a 404)."""
    return db.session.scalar(
        select(Passkey).where(Passkey.id == passkey_id, Passkey.user_id == user.id)
    )


def enrolled(user: User) -> bool:
    """Whether the user has a passkey."""
    count = db.session.scalar(select(func.count(Passkey.id)).where(Passkey.user_id == user.id))
    return bool(count)


def handle_of(user: User) -> str:
    """The account's user handle: the one its passkeys have, else a new random one."""
    handle = db.session.scalar(
        select(Passkey.user_handle).where(Passkey.user_id == user.id).limit(1)
    )
    return handle or bytes_to_base64url(secrets.token_bytes(32))


def _descriptors(user: User) -> list[PublicKeyCredentialDescriptor]:
    known = {t.value for t in AuthenticatorTransport}
    return [
        PublicKeyCredentialDescriptor(
            id=base64url_to_bytes(p.credential_id),
            transports=[AuthenticatorTransport(t) for t in p.transports.split(",") if t in known],
        )
        for p in passkeys_of(user)
    ]


def registration_options(user: User, rp: RelyingParty, challenge: Challenge) -> str:
    """The options for navigator.credentials.create(), as JSON."""
    options = webauthn.generate_registration_options(
        rp_id=rp.id,
        rp_name=RP_NAME,
        user_name=user.email,
        user_display_name=user.email,
        user_id=base64url_to_bytes(challenge.handle or ""),
        challenge=challenge.value,
        timeout=TIMEOUT_MS,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=_descriptors(user),
    )
    return webauthn.options_to_json(options)


def authentication_options(rp: RelyingParty, challenge: Challenge, user: User | None) -> str:
    """The options for navigator.credentials.get(), as JSON: any passkey of this site
    (username-less), or the user's own at the second step."""
    options = webauthn.generate_authentication_options(
        rp_id=rp.id,
        challenge=challenge.value,
        timeout=TIMEOUT_MS,
        allow_credentials=_descriptors(user) if user else None,
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    return webauthn.options_to_json(options)


def register(
    user: User,
    credential: str,
    *,
    challenge: Challenge | None,
    rp: RelyingParty,
    name: str,
    now: datetime,
) -> Passkey:
    """Check the browser's new credential against the challenge: the passkey to keep (not
    added to the session yet: the current factors are confirmed first)."""
    if challenge is None or challenge.purpose != "register" or challenge.user_id != user.id:
        raise Invalid("The passkey took too long. Add it again.", "name")
    if len(passkeys_of(user)) >= MAX_PER_ACCOUNT:
        raise Invalid(f"An account can have up to {MAX_PER_ACCOUNT} passkeys.", "name")
    try:
        verified = webauthn.verify_registration_response(
            credential=credential,
            expected_challenge=challenge.value,
            expected_rp_id=rp.id,
            expected_origin=rp.origin,
            require_user_verification=True,
        )
        transports = json.loads(credential).get("response", {}).get("transports") or []
    except (WebAuthnException, ValueError, TypeError, AttributeError):
        raise Invalid("The passkey could not be added. Try again.", "name") from None
    credential_id = bytes_to_base64url(verified.credential_id)
    if db.session.scalar(select(Passkey.id).where(Passkey.credential_id == credential_id)):
        raise Invalid("This passkey is added already.", "name")
    passkey = Passkey(
        user_id=user.id,
        credential_id=credential_id,
        public_key=verified.credential_public_key,
        user_handle=challenge.handle or handle_of(user),
        sign_count=verified.sign_count,
        transports=",".join(str(t) for t in transports if isinstance(t, str))[:255],
        name=name.strip()[:80],
        created_at=now,
        last_used_at=None,
    )
    return passkey


def owner(credential: str) -> Passkey | None:
    """The passkey an assertion names (by its credential id), if this server has it."""
    try:
        parsed = parse_authentication_credential_json(credential)
    except (WebAuthnException, ValueError, TypeError):
        return None
    credential_id = bytes_to_base64url(parsed.raw_id)
    return db.session.scalar(select(Passkey).where(Passkey.credential_id == credential_id))


def verify(
    user: User | None,
    credential: str,
    *,
    challenge: Challenge | None,
    purpose: str,
    rp: RelyingParty,
    now: datetime,
) -> Passkey | None:
    """The passkey that signed `credential` for this challenge, or None.

    Refused: another purpose's or a used-up challenge; a credential this server does not
    have, or another account's than `user`; a user handle that is not the passkey's; a
    wrong origin or relying party; no user verification; a bad signature; and a sign count
    that did not grow (a copied key). The new count is claimed in one UPDATE that only
    moves it forward, so of two requests with one assertion one wins.
    """
    if challenge is None or challenge.purpose != purpose:
        return None
    if purpose in USER_BOUND and (user is None or challenge.user_id != user.id):
        return None
    passkey = owner(credential)
    if passkey is None or (user is not None and passkey.user_id != user.id):
        return None
    try:
        parsed = parse_authentication_credential_json(credential)
        handle = parsed.response.user_handle
        if purpose == "signin" and not handle:
            return None  # a discoverable credential names its account
        if handle and bytes_to_base64url(handle) != passkey.user_handle:
            return None
        verified = webauthn.verify_authentication_response(
            credential=parsed,
            expected_challenge=challenge.value,
            expected_rp_id=rp.id,
            expected_origin=rp.origin,
            credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, TypeError):
        return None
    new = verified.new_sign_count
    grows = Passkey.sign_count < new if new > 0 else Passkey.sign_count == 0
    claimed = db.session.execute(
        update(Passkey)
        .where(Passkey.id == passkey.id, grows)
        .values(sign_count=new, last_used_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return None
    db.session.refresh(passkey)
    return passkey


def check(user: User, answer: str, *, now: datetime) -> bool:
    """The check of a passkey as a factor: `answer` is `second_step_answer(...)` or
    `confirm_answer(...)` (the assertion with the challenge the view took out of the session,
    packed with its purpose by the server)."""
    try:
        packed = json.loads(answer)
        purpose = packed.get("purpose", "second")
        rp = RelyingParty(**packed["rp"])
        challenge = Challenge.from_state(packed["challenge"], purpose, now=now)
        credential = packed["credential"]
    except (ValueError, TypeError, KeyError, AttributeError):
        return False
    if purpose not in USER_BOUND or not isinstance(credential, str):
        return False
    found = verify(user, credential, challenge=challenge, purpose=purpose, rp=rp, now=now)
    return found is not None


def second_step_answer(credential: str, state: Any, rp: RelyingParty) -> str:
    """What the second step hands to `check` for a passkey."""
    return _packed(credential, state, rp, "second")


def confirm_answer(credential: str, state: Any, rp: RelyingParty) -> str:
    """What a form that changes a factor hands to `check`: the signed-in account's passkey,
    over a challenge made for it ("confirm")."""
    return _packed(credential, state, rp, "confirm")


def _packed(credential: str, state: Any, rp: RelyingParty, purpose: str) -> str:
    return json.dumps(
        {
            "credential": credential,
            "challenge": state,
            "rp": {"id": rp.id, "origin": rp.origin},
            "purpose": purpose,
        }
    )


def rename(passkey: Passkey, name: str) -> None:
    passkey.name = name.strip()[:80]


def remove(user: User, passkey: Passkey | None = None) -> int:
    """Remove one of the user's passkeys (all when `passkey` is None); how many went."""
    statement = delete(Passkey).where(Passkey.user_id == user.id)
    if passkey is not None:
        statement = statement.where(Passkey.id == passkey.id)
    return db.session.execute(statement).rowcount
