"""Passkeys on the server: a software authenticator (an EC P-256 key, its authenticator data
and signatures made here as a device makes them) against passkeys.register/verify and the
sign-in routes: a bad challenge, a wrong origin, an unknown credential, a count that does
not grow, another account's passkey, the lock-out. The browser's side: test_browser_passkeys."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import struct
from datetime import timedelta
from urllib.parse import urlsplit

import cbor2
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from flask import Flask
from sqlalchemy import select
from webauthn.helpers import bytes_to_base64url

from tests.conftest import NOW, PASSWORD, login, make_user
from tracker.auth.factors import passkeys, totp
from tracker.auth.factors.models import Passkey
from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.extensions import db

RP = passkeys.RelyingParty(id="tracker.example.org", origin="https://tracker.example.org")


class Device:
    """One passkey on a pretend authenticator."""

    def __init__(self, handle: bytes | None = None) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = secrets.token_bytes(16)
        self.handle = handle or secrets.token_bytes(32)
        self.count = 0

    def cose(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        x, y = numbers.x.to_bytes(32, "big"), numbers.y.to_bytes(32, "big")
        return cbor2.dumps({1: 2, 3: -7, -1: 1, -2: x, -3: y})

    def _client_data(self, kind: str, challenge: bytes, origin: str) -> bytes:
        data = {"type": kind, "challenge": bytes_to_base64url(challenge), "origin": origin}
        return json.dumps(data).encode()

    def create(self, challenge: bytes, *, origin: str = RP.origin, rp_id: str = RP.id) -> str:
        auth_data = (
            hashlib.sha256(rp_id.encode()).digest()
            + bytes([0x45])  # user present, verified, attested credential data
            + struct.pack(">I", self.count)
            + bytes(16)
            + struct.pack(">H", len(self.credential_id))
            + self.credential_id
            + self.cose()
        )
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return json.dumps(
            {
                "id": bytes_to_base64url(self.credential_id),
                "rawId": bytes_to_base64url(self.credential_id),
                "type": "public-key",
                "response": {
                    "clientDataJSON": bytes_to_base64url(
                        self._client_data("webauthn.create", challenge, origin)
                    ),
                    "attestationObject": bytes_to_base64url(attestation),
                    "transports": ["internal"],
                },
                "clientExtensionResults": {},
            }
        )

    def get(
        self,
        challenge: bytes,
        *,
        origin: str = RP.origin,
        rp_id: str = RP.id,
        count: int | None = None,
        verified: bool = True,
    ) -> str:
        self.count = self.count + 1 if count is None else count
        flags = 0x05 if verified else 0x01
        auth_data = (
            hashlib.sha256(rp_id.encode()).digest() + bytes([flags]) + struct.pack(">I", self.count)
        )
        client_data = self._client_data("webauthn.get", challenge, origin)
        signature = self.key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return json.dumps(
            {
                "id": bytes_to_base64url(self.credential_id),
                "rawId": bytes_to_base64url(self.credential_id),
                "type": "public-key",
                "response": {
                    "clientDataJSON": bytes_to_base64url(client_data),
                    "authenticatorData": bytes_to_base64url(auth_data),
                    "signature": bytes_to_base64url(signature),
                    "userHandle": bytes_to_base64url(self.handle),
                },
                "clientExtensionResults": {},
            }
        )


def _keep(app: Flask, user_id: int, device: Device) -> None:
    with app.app_context():
        db.session.add(
            Passkey(
                user_id=user_id,
                credential_id=bytes_to_base64url(device.credential_id),
                public_key=device.cose(),
                user_handle=bytes_to_base64url(device.handle),
                sign_count=0,
                transports="internal",
                name="Laptop",
                created_at=NOW,
            )
        )
        db.session.commit()


def _challenge(purpose: str = "signin", user_id: int | None = None) -> passkeys.Challenge:
    return passkeys.Challenge(
        secrets.token_bytes(32), purpose, (NOW + timedelta(minutes=5)).timestamp(), user_id
    )


def _verify(app, device_answer: str, challenge, user_id=None, purpose="signin"):  # noqa: ANN001, ANN202
    with app.app_context():
        user = db.session.get(User, user_id) if user_id else None
        found = passkeys.verify(
            user, device_answer, challenge=challenge, purpose=purpose, rp=RP, now=NOW
        )
        db.session.commit()
        return found.id if found else None


@pytest.fixture
def ada(app: Flask) -> tuple[int, Device]:
    user_id, device = make_user(app), Device()
    _keep(app, user_id, device)
    return user_id, device


def test_a_right_assertion_is_accepted_and_counted(app, ada) -> None:  # noqa: ANN001
    _user_id, device = ada
    challenge = _challenge()
    assert _verify(app, device.get(challenge.value), challenge) is not None
    with app.app_context():
        passkey = db.session.scalar(select(Passkey))
        assert passkey.sign_count == 1
        assert passkey.last_used_at is not None


def test_another_challenge_is_refused(app, ada) -> None:  # noqa: ANN001
    _user_id, device = ada
    assert _verify(app, device.get(secrets.token_bytes(32)), _challenge()) is None
    assert _verify(app, device.get(b"x" * 32), None) is None  # none kept (used, expired)


def test_a_challenge_for_another_purpose_is_refused(app, ada) -> None:  # noqa: ANN001
    _user_id, device = ada
    challenge = _challenge("register")
    assert _verify(app, device.get(challenge.value), challenge) is None


def test_an_expired_challenge_is_not_read_back() -> None:
    state = _challenge().state()
    assert passkeys.Challenge.from_state(state, "signin", now=NOW) is not None
    later = NOW + timedelta(minutes=6)
    assert passkeys.Challenge.from_state(state, "signin", now=later) is None
    assert passkeys.Challenge.from_state(state, "second", now=NOW) is None
    assert passkeys.Challenge.from_state(None, "signin", now=NOW) is None


def test_a_wrong_origin_or_site_is_refused(app, ada) -> None:  # noqa: ANN001
    _user_id, device = ada
    challenge = _challenge()
    wrong = device.get(challenge.value, origin="https://tracker.example.org.evil.test")
    assert _verify(app, wrong, challenge) is None
    other_site = device.get(challenge.value, rp_id="evil.test")
    assert _verify(app, other_site, challenge) is None


def test_an_unknown_credential_is_refused(app, ada) -> None:  # noqa: ANN001
    challenge = _challenge()
    assert _verify(app, Device().get(challenge.value), challenge) is None
    assert _verify(app, "not json", challenge) is None


def test_without_user_verification_it_is_refused(app, ada) -> None:  # noqa: ANN001
    _user_id, device = ada
    challenge = _challenge()
    assert _verify(app, device.get(challenge.value, verified=False), challenge) is None


def test_a_count_that_does_not_grow_is_refused(app, ada) -> None:  # noqa: ANN001
    _user_id, device = ada
    first, second = _challenge(), _challenge()
    assert _verify(app, device.get(first.value, count=5), first) is not None
    assert _verify(app, device.get(second.value, count=5), second) is None  # a copy
    assert _verify(app, device.get(second.value, count=4), second) is None
    third = _challenge()
    assert _verify(app, device.get(third.value, count=6), third) is not None


def test_the_user_handle_must_be_the_passkeys(app, ada) -> None:  # noqa: ANN001
    _user_id, device = ada
    device.handle = secrets.token_bytes(32)  # names another account
    challenge = _challenge()
    assert _verify(app, device.get(challenge.value), challenge) is None


def test_at_the_second_step_only_the_accounts_own_passkey(app, ada) -> None:  # noqa: ANN001
    ada_id, device = ada
    bob = make_user(app, "bob@example.org")
    _keep(app, bob, Device())
    for_bob = _challenge("second", bob)
    assert _verify(app, device.get(for_bob.value), for_bob, bob, "second") is None
    for_ada = _challenge("second", ada_id)
    assert _verify(app, device.get(for_ada.value), for_ada, ada_id, "second") is not None
    # A challenge made for Ada's second step does not serve Bob's.
    again = _challenge("second", ada_id)
    assert _verify(app, Device().get(again.value), again, bob, "second") is None


def test_registration_checks_challenge_and_origin(app: Flask) -> None:
    user_id = make_user(app)
    with app.app_context():
        user = db.session.get(User, user_id)
        handle = passkeys.handle_of(user)
        challenge = passkeys.new_challenge("register", now=NOW, user=user, handle=handle)
        device = Device()
        with pytest.raises(Invalid):
            passkeys.register(
                user,
                device.create(challenge.value, origin="https://evil.test"),
                challenge=challenge,
                rp=RP,
                name="Laptop",
                now=NOW,
            )
        with pytest.raises(Invalid):
            passkeys.register(
                user, device.create(b"y" * 32), challenge=challenge, rp=RP, name="L", now=NOW
            )
        with pytest.raises(Invalid):
            passkeys.register(
                user, device.create(challenge.value), challenge=None, rp=RP, name="L", now=NOW
            )
        kept = passkeys.register(
            user,
            device.create(challenge.value),
            challenge=challenge,
            rp=RP,
            name=" Laptop ",
            now=NOW,
        )
        assert kept.name == "Laptop" and kept.user_handle == handle
        assert kept.transports == "internal"


def test_relying_party_comes_from_the_public_url() -> None:
    assert passkeys.relying_party("https://Tracker.example.org/") == RP
    assert passkeys.relying_party("https://tracker.example.org:8443") == passkeys.RelyingParty(
        "tracker.example.org", "https://tracker.example.org:8443"
    )
    assert passkeys.relying_party("http://localhost:5000").id == "localhost"
    assert passkeys.relying_party("http://tracker.example.org") is None  # plain http
    assert passkeys.relying_party(None) is None


@pytest.fixture
def served(app: Flask) -> Flask:
    app.config["PUBLIC_URL"] = RP.origin
    return app


def _options(client, path: str) -> bytes:  # noqa: ANN001
    from webauthn.helpers import base64url_to_bytes

    response = client.post(path)
    assert response.status_code == 200, response.get_data(as_text=True)
    return base64url_to_bytes(response.get_json()["challenge"])


def test_sign_in_with_a_passkey_alone(served: Flask, ada) -> None:  # noqa: ANN001
    _user_id, device = ada
    client = served.test_client()
    challenge = _options(client, "/login/passkey/options")
    answer = device.get(challenge)
    signed_in = client.post("/login/passkey", data={"credential": answer})
    assert urlsplit(signed_in.headers["Location"]).path.rstrip("/") == "/today"
    assert client.get("/today").status_code == 200
    # The same answer again (a replay, the challenge used up): refused.
    other = served.test_client()
    _options(other, "/login/passkey/options")
    replayed = other.post("/login/passkey", data={"credential": answer})
    assert replayed.status_code == 422
    assert "This passkey was not accepted." in replayed.get_data(as_text=True)


def test_failed_passkey_sign_ins_count_in_the_accounts_lockout(served: Flask, ada) -> None:  # noqa: ANN001
    user_id, device = ada
    client = served.test_client()
    for _ in range(5):
        _options(client, "/login/passkey/options")
        client.post("/login/passkey", data={"credential": device.get(b"z" * 32)})
    with served.app_context():
        assert db.session.get(User, user_id).locked_until is not None
    challenge = _options(client, "/login/passkey/options")
    locked = client.post("/login/passkey", data={"credential": device.get(challenge)})
    assert "Too many wrong tries" in locked.get_data(as_text=True)


def test_passkey_as_the_second_step(served: Flask, ada) -> None:  # noqa: ANN001
    _user_id, device = ada
    client = served.test_client()
    held = login(client)
    assert urlsplit(held.headers["Location"]).path == "/login/second-step"
    page = client.get("/login/second-step").get_data(as_text=True)
    assert "Use a passkey" in page and "Passkeys need JavaScript" in page
    challenge = _options(client, "/login/second-step/passkey-options")
    done = client.post(
        "/login/second-step", data={"factor": "passkey", "answer": device.get(challenge)}
    )
    assert urlsplit(done.headers["Location"]).path.rstrip("/") == "/today"


def test_passkeys_are_off_without_a_public_url(app: Flask, ada) -> None:  # noqa: ANN001
    app.config["PUBLIC_URL"] = None
    client = app.test_client()
    assert client.post("/login/passkey/options").status_code == 404
    assert "Sign in with a passkey" not in client.get("/login").get_data(as_text=True)


def _signed_in_with_passkey(served: Flask, device: Device):  # noqa: ANN202
    client = served.test_client()
    challenge = _options(client, "/login/passkey/options")
    client.post("/login/passkey", data={"credential": device.get(challenge)})
    return client


CONFIRM = "/settings/security/confirm-options"


def test_removing_a_passkey_asks_for_the_password_and_a_passkey(served: Flask, ada) -> None:  # noqa: ANN001
    user_id, device = ada
    other = Device()
    _keep(served, user_id, other)  # a second passkey, so one can confirm removing the other
    client = _signed_in_with_passkey(served, device)
    with served.app_context():
        passkey_id = db.session.scalar(
            select(Passkey.id).where(
                Passkey.credential_id == bytes_to_base64url(other.credential_id)
            )
        )
    path = f"/settings/security/passkeys/{passkey_id}/remove"
    page = client.get("/settings/security").get_data(as_text=True)
    assert "asks for one of your passkeys to confirm" in page
    wrong = client.post(path, data={"password": "not it"})
    assert wrong.status_code == 422
    assert "This is not your password." in wrong.get_data(as_text=True)
    # The password alone no longer does for an account whose factor is a passkey.
    alone = client.post(path, data={"password": PASSWORD})
    assert alone.status_code == 422
    assert "Confirm with one of your passkeys too" in alone.get_data(as_text=True)
    renamed = client.post(f"/settings/security/passkeys/{passkey_id}/name", data={"name": "Work"})
    assert renamed.status_code == 302
    assert "Work" in client.get("/settings/security").get_data(as_text=True)
    challenge = _options(client, CONFIRM)
    done = client.post(path, data={"password": PASSWORD, "confirmation": device.get(challenge)})
    assert done.status_code == 302
    with served.app_context():
        left = db.session.scalars(select(Passkey.id).where(Passkey.user_id == user_id)).all()
    assert passkey_id not in left and len(left) == 1


def test_another_challenge_or_accounts_passkey_does_not_confirm_a_change(
    served: Flask, ada
) -> None:  # noqa: ANN001
    user_id, device = ada
    bob_id, bobs = make_user(served, "bob@example.org"), Device()
    _keep(served, bob_id, bobs)
    client = _signed_in_with_passkey(served, device)
    with served.app_context():
        passkey_id = db.session.scalar(select(Passkey.id).where(Passkey.user_id == user_id))
    path = f"/settings/security/passkeys/{passkey_id}/remove"
    # The account's own passkey, but over another challenge than the one this browser got.
    _options(client, CONFIRM)
    forged = client.post(path, data={"password": PASSWORD, "confirmation": device.get(b"x" * 32)})
    assert forged.status_code == 422
    assert "This passkey was not accepted." in forged.get_data(as_text=True)
    challenge = _options(client, CONFIRM)
    refused = client.post(path, data={"password": PASSWORD, "confirmation": bobs.get(challenge)})
    assert refused.status_code == 422
    assert "This passkey was not accepted." in refused.get_data(as_text=True)
    with served.app_context():
        assert db.session.get(Passkey, passkey_id) is not None


def test_setting_up_an_authenticator_beside_passkeys_asks_for_a_passkey(served: Flask, ada) -> None:  # noqa: ANN001
    import pyotp

    user_id, device = ada
    client = _signed_in_with_passkey(served, device)
    page = client.get("/settings/security/authenticator").get_data(as_text=True)
    assert "asks for one of your passkeys to confirm" in page and "passkeys.js" in page
    secret = "".join(re.search(r"([A-Z2-7]{4}(?: [A-Z2-7]{4})+)", page).group(1).split())
    code = pyotp.TOTP(secret).now()
    alone = client.post(
        "/settings/security/authenticator", data={"new_code": code, "password": PASSWORD}
    )
    assert alone.status_code == 422
    assert "Confirm with one of your passkeys too" in alone.get_data(as_text=True)
    challenge = _options(client, CONFIRM)
    done = client.post(
        "/settings/security/authenticator",
        data={"new_code": code, "password": PASSWORD, "confirmation": device.get(challenge)},
    )
    assert done.status_code == 200
    assert "recovery codes" in done.get_data(as_text=True).lower()
    with served.app_context():
        assert totp.enrolled(db.session.get(User, user_id))


def test_with_passkeys_off_the_password_alone_confirms(served: Flask, ada) -> None:  # noqa: ANN001
    user_id, device = ada
    client = _signed_in_with_passkey(served, device)
    with served.app_context():
        passkey_id = db.session.scalar(select(Passkey.id).where(Passkey.user_id == user_id))
    served.config["PUBLIC_URL"] = None  # the operator turned passkeys off: none can sign
    done = client.post(
        f"/settings/security/passkeys/{passkey_id}/remove", data={"password": PASSWORD}
    )
    assert done.status_code == 302
    with served.app_context():
        assert db.session.get(Passkey, passkey_id) is None


def test_a_challenge_answers_once_even_from_a_copied_cookie(served: Flask, ada) -> None:  # noqa: ANN001
    _user_id, device = ada
    client = served.test_client()
    challenge = _options(client, "/login/passkey/options")
    kept = client.get_cookie("tracker_session").value  # the cookie holding the challenge
    first = client.post("/login/passkey", data={"credential": device.get(challenge)})
    assert urlsplit(first.headers["Location"]).path.rstrip("/") == "/today"
    again = served.test_client()
    again.set_cookie("tracker_session", kept)
    # A new signature with a higher count, over the same challenge, from the old cookie.
    replayed = again.post("/login/passkey", data={"credential": device.get(challenge)})
    assert replayed.status_code == 422
