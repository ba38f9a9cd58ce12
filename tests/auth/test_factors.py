"""Second factors end to end through plain form posts (no JavaScript): setting up the
authenticator, the second step at sign-in, codes used once, drift, the shared lock-out,
recovery codes, the confirm forms, TRACKER_REQUIRE_2FA and `tracker reset-factors`."""

from __future__ import annotations

import html
import logging
import re
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update

from tests.api.factories import bearer, token
from tests.conftest import NOW, PASSWORD, config, login, make_user
from tracker.app import create_app
from tracker.auth.factors import recovery, totp
from tracker.auth.factors.models import Passkey, RecoveryCode, TotpFactor
from tracker.auth.models import User, UserSession
from tracker.extensions import db

ENROL = "/settings/security/authenticator"
STEP = "/login/second-step"


# --- helpers -------------------------------------------------------------------------------


def text(response) -> str:  # noqa: ANN001
    return html.unescape(response.get_data(as_text=True))


def logged_in(client: FlaskClient) -> bool:
    return client.get("/today").status_code == 200


def secret_on_page(response) -> str:  # noqa: ANN001
    found = re.search(r'class="secret"[^>]*>([A-Z2-7 ]+)<', text(response))
    assert found, "the key is shown as text"
    return found.group(1).replace(" ", "")


def codes_on_page(response) -> list[str]:  # noqa: ANN001
    return re.findall(r"<code>([0-9a-z-]+)</code>", text(response))


def fresh_code(app: Flask, secret: str, user_id: int | None = None, offset: int = 0) -> str:
    """The app's code now (or `offset` steps away), after the last used step is forgotten:
    tests use more codes than one 30-second step gives."""
    with app.app_context():
        statement = update(TotpFactor).values(last_step=None)
        if user_id is not None:
            statement = statement.where(TotpFactor.user_id == user_id)
        db.session.execute(statement)
        db.session.commit()
    return pyotp.TOTP(secret).at(time.time() + 30 * offset)


def enrol(client: FlaskClient) -> tuple[str, list[str]]:
    """Set up the authenticator through the pages; the key and the ten recovery codes."""
    page = client.get(ENROL)
    secret = secret_on_page(page)
    done = client.post(ENROL, data={"new_code": pyotp.TOTP(secret).now(), "password": PASSWORD})
    assert done.status_code == 200, text(done)
    return secret, codes_on_page(done)


def user_with_factor(app: Flask, email: str = "ada@example.org") -> tuple[int, str, list[str]]:
    """A user with an authenticator, logged out again; its id, key and recovery codes."""
    user_id = make_user(app, email)
    client = app.test_client()
    login(client, email)
    secret, codes = enrol(client)
    return user_id, secret, codes


def attempts(app: Flask, user_id: int) -> int:
    with app.app_context():
        return db.session.get(User, user_id).login_attempts


def count(app: Flask, model: type, user_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(model).where(model.user_id == user_id)
        )


# --- enrolment -----------------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_drawn_here_and_the_key_as_text(app, client):
    make_user(app)
    login(client)

    page = client.get(ENROL)

    body = text(page)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert "<svg" in body and 'class="qr"' in body
    assert re.search(r'class="secret"[^>]*>([A-Z2-7]{4} ){7}[A-Z2-7]{4}<', body)
    assert "http" not in body.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org/2000/svg", ""
    )
    assert secret_on_page(client.get(ENROL)) == secret_on_page(page)  # same until confirmed


def test_enrolment_with_the_apps_code_turns_it_on_and_shows_ten_codes_once(app, client):
    user_id = make_user(app)
    login(client)

    secret, codes = enrol(client)

    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(ENROL).headers["Cache-Control"] == "no-store"
    assert all(re.fullmatch(r"[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}", c) for c in codes)
    with app.app_context():
        factor = db.session.scalar(select(TotpFactor).where(TotpFactor.user_id == user_id))
        assert secret not in factor.secret_sealed  # sealed, not stored as typed
        stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
        assert not set(codes) & set(stored)
    security = text(client.get("/settings/security"))
    assert "On" in security and "10 of 10 left" in security
    assert not set(codes) & set(re.findall(r"[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}", security))


def test_a_wrong_code_does_not_turn_it_on_and_the_form_comes_back_filled(app, client):
    user_id = make_user(app)
    login(client)
    secret = secret_on_page(client.get(ENROL))
    wrong = f"{(int(pyotp.TOTP(secret).now()) + 1) % 1_000_000:06d}"

    refused = client.post(ENROL, data={"new_code": wrong, "password": PASSWORD})

    assert refused.status_code == 422
    assert "This code does not match" in text(refused)
    assert f'value="{wrong}"' in text(refused)
    assert count(app, TotpFactor, user_id) == 0


def test_enrolment_needs_the_password_within_the_request(app, client):
    user_id = make_user(app)
    login(client)
    secret = secret_on_page(client.get(ENROL))

    refused = client.post(ENROL, data={"new_code": pyotp.TOTP(secret).now(), "password": "nope"})

    assert refused.status_code == 422
    assert "This is not your password." in text(refused)
    assert count(app, TotpFactor, user_id) == 0


# --- codes: drift and replay (the service, at fixed instants) ------------------------------


@pytest.mark.parametrize(
    ("steps", "accepted"), [(-2, False), (-1, True), (0, True), (1, True), (2, False)]
)
def test_a_code_one_step_away_is_accepted_and_two_steps_away_refused(steps, accepted):
    secret = pyotp.random_base32(32)
    code = pyotp.TOTP(secret).at(NOW + timedelta(seconds=30 * steps))

    assert (totp.matching_step(secret, code, now=NOW) is not None) is accepted


def test_a_code_is_accepted_once_and_an_earlier_steps_code_after_it_is_refused(app):
    user_id, secret, _ = user_with_factor(app)
    now = datetime.now(UTC)
    app_totp = pyotp.TOTP(secret)
    fresh_code(app, secret)
    with app.app_context():
        user = db.session.get(User, user_id)
        assert totp.check(user, app_totp.at(now), now=now)
        assert not totp.check(user, app_totp.at(now), now=now)  # the same step again
        assert not totp.check(user, app_totp.at(now - timedelta(seconds=30)), now=now)
        assert totp.check(user, app_totp.at(now + timedelta(seconds=30)), now=now)
        db.session.commit()


def test_a_replayed_code_is_refused_at_sign_in(app, client):
    user_id, secret, _ = user_with_factor(app)
    code = fresh_code(app, secret)
    login(client)
    assert client.post(STEP, data={"factor": "totp", "answer": code}).status_code == 302
    client.post("/logout")

    login(client)
    again = client.post(STEP, data={"factor": "totp", "answer": code})

    assert again.status_code == 422
    assert "used already" in text(again)
    assert not logged_in(client)


# --- the second step at sign-in ------------------------------------------------------------


def test_the_password_alone_does_not_log_in_an_account_with_a_factor(app, client):
    user_id, secret, _ = user_with_factor(app)
    sessions_before = count(app, UserSession, user_id)

    first = client.post(
        "/login?next=/medications/",
        data={"email": "ada@example.org", "password": PASSWORD, "remember": "y"},
    )

    assert urlsplit(first.headers["Location"]).path == STEP
    assert not logged_in(client)
    assert count(app, UserSession, user_id) == sessions_before  # no session token yet
    page = client.get(STEP)
    assert page.status_code == 200
    assert "Use a recovery code instead" in text(page)

    done = client.post(STEP, data={"factor": "totp", "answer": fresh_code(app, secret)})

    assert urlsplit(done.headers["Location"]).path == "/medications/"  # next= after the code
    assert logged_in(client)
    with app.app_context():
        newest = db.session.scalars(
            select(UserSession).where(UserSession.user_id == user_id).order_by(UserSession.id)
        ).all()[-1]
        assert newest.remember  # "keep me signed in" comes with the second step
    assert count(app, UserSession, user_id) == sessions_before + 1


def test_the_second_step_page_posts_plain_forms_that_work_without_javascript(app, client):
    user_with_factor(app)
    login(client)

    page = text(client.get(STEP))

    forms = re.findall(r"<form[^>]*>.*?</form>", page, re.S)
    assert len(forms) == 2
    assert all('method="post"' in f and "action=" not in f for f in forms)
    assert re.search(r'name="factor"[^>]*value="totp"', forms[0])
    assert re.search(r'name="factor"[^>]*value="recovery"', forms[1])
    assert "<script" not in page.split("<main", 1)[1]


def test_failed_codes_count_in_the_passwords_lock_out(app, client):
    user_id, secret, _ = user_with_factor(app)
    login(client)  # one try: the password, right
    for _ in range(3):
        wrong = client.post(STEP, data={"factor": "totp", "answer": "000000"})
        assert wrong.status_code == 422
    assert attempts(app, user_id) == 4

    login(client)  # a right password does not clear the count of wrong codes
    assert attempts(app, user_id) == 5
    locked = client.post(STEP, data={"factor": "totp", "answer": fresh_code(app, secret)})

    assert "Too many wrong tries" in text(locked)
    assert not logged_in(client)
    assert "Email or password is not right" in text(login(client))  # the password too


def test_the_fifth_wrong_code_locks_the_account(app, client):
    user_id, secret, _ = user_with_factor(app)
    login(client)
    for _ in range(4):
        client.post(STEP, data={"factor": "totp", "answer": "000000"})

    with app.app_context():
        assert db.session.get(User, user_id).locked_until > datetime.now(UTC)
    assert "Too many wrong tries" in text(
        client.post(STEP, data={"factor": "totp", "answer": fresh_code(app, secret)})
    )


def test_a_right_code_clears_the_count(app, client):
    user_id, secret, _ = user_with_factor(app)
    login(client)
    client.post(STEP, data={"factor": "totp", "answer": "000000"})
    client.post(STEP, data={"factor": "totp", "answer": fresh_code(app, secret)})

    assert logged_in(client)
    assert attempts(app, user_id) == 0


def test_another_accounts_code_does_not_finish_this_ones_sign_in(app, client):
    user_with_factor(app)
    _, bob_secret, bob_codes = user_with_factor(app, "bob@example.org")
    login(client)  # Ada's password

    for factor, answer in (("totp", fresh_code(app, bob_secret)), ("recovery", bob_codes[0])):
        assert client.post(STEP, data={"factor": factor, "answer": answer}).status_code == 422
    assert not logged_in(client)


def test_the_half_way_state_expires_is_used_once_and_dies_with_a_new_password(app, client):
    user_id, secret, _ = user_with_factor(app)
    login(client)
    with client.session_transaction() as state:
        held = dict(state["second_step"])
        state["second_step"] = {**held, "until": time.time() - 1}
    late = client.post(STEP, data={"factor": "totp", "answer": fresh_code(app, secret)})
    assert urlsplit(late.headers["Location"]).path == "/login"

    with client.session_transaction() as state:  # the same state put back after a sign-in
        state["second_step"] = held
    client.post(STEP, data={"factor": "totp", "answer": fresh_code(app, secret)})
    assert logged_in(client)
    with client.session_transaction() as state:
        assert "second_step" not in state
        state["second_step"] = held
    with app.app_context():
        from tracker.auth.services import _hasher

        db.session.get(User, user_id).password_hash = _hasher.hash("a new password here")
        db.session.commit()
    stale = client.post(STEP, data={"factor": "totp", "answer": fresh_code(app, secret)})
    assert urlsplit(stale.headers["Location"]).path == "/login"


# --- recovery codes ------------------------------------------------------------------------


def test_a_recovery_code_works_once_and_says_how_many_remain(app, client):
    _, _, codes = user_with_factor(app)
    login(client)

    used = client.post(STEP, data={"factor": "recovery", "answer": codes[0].upper()})

    assert "Recovery code used: 9 left." in text(client.get(used.headers["Location"]))
    assert logged_in(client)
    client.post("/logout")
    login(client)
    again = client.post(STEP, data={"factor": "recovery", "answer": codes[0]})
    assert again.status_code == 422
    assert not logged_in(client)


def test_few_codes_left_are_pointed_out(app, client):
    user_id, _, codes = user_with_factor(app)
    with app.app_context():
        user = db.session.get(User, user_id)
        for code in codes[:7]:
            assert recovery.check(user, code, now=NOW)
        db.session.commit()
    login(client)

    done = client.post(STEP, data={"factor": "recovery", "answer": codes[7]})

    assert "2 left. Make new ones under Settings → Security" in text(
        client.get(done.headers["Location"])
    )
    assert "Only 2 left" in text(client.get("/settings/security"))


def test_new_recovery_codes_void_the_old_ones(app, client):
    user_id, secret, old = user_with_factor(app)
    login(client)
    client.post(STEP, data={"factor": "totp", "answer": fresh_code(app, secret)})

    made = client.post(
        "/settings/security/recovery-codes",
        data={"password": PASSWORD, "code": fresh_code(app, secret)},
    )

    new = codes_on_page(made)
    assert len(new) == 10 and not set(new) & set(old)
    with app.app_context():
        user = db.session.get(User, user_id)
        assert not recovery.check(user, old[1], now=NOW)
        assert recovery.check(user, new[1], now=NOW)


def test_new_recovery_codes_need_the_code_too(app, client):
    _, secret, old = user_with_factor(app)
    login(client)
    client.post(STEP, data={"factor": "totp", "answer": fresh_code(app, secret)})

    refused = client.post("/settings/security/recovery-codes", data={"password": PASSWORD})

    assert refused.status_code == 422
    assert "Enter a code from your authenticator app" in text(refused)


# --- turning it off ------------------------------------------------------------------------


def test_turning_it_off_needs_the_password_and_a_code_in_the_request(app, client):
    user_id, secret, _ = user_with_factor(app)
    login(client)
    client.post(STEP, data={"factor": "totp", "answer": fresh_code(app, secret)})

    for data in ({"password": PASSWORD}, {"password": "wrong", "code": fresh_code(app, secret)}):
        refused = client.post("/settings/security/authenticator/off", data=data)
        assert refused.status_code == 422
        assert count(app, TotpFactor, user_id) == 1

    off = client.post(
        "/settings/security/authenticator/off",
        data={"password": PASSWORD, "code": fresh_code(app, secret)},
    )

    assert urlsplit(off.headers["Location"]).path == "/settings/security"
    assert count(app, TotpFactor, user_id) == 0
    assert count(app, RecoveryCode, user_id) == 0
    client.post("/logout")
    assert urlsplit(login(client).headers["Location"]).path.rstrip("/") == "/today"


def test_a_recovery_code_confirms_turning_it_off_when_the_phone_is_gone(app, client):
    user_id, _, codes = user_with_factor(app)
    login(client)
    client.post(STEP, data={"factor": "recovery", "answer": codes[0]})

    off = client.post(
        "/settings/security/authenticator/off", data={"password": PASSWORD, "code": codes[1]}
    )

    assert urlsplit(off.headers["Location"]).path == "/settings/security"
    assert count(app, TotpFactor, user_id) == 0


def test_replacing_the_authenticator_needs_the_current_code(app, client):
    user_id, secret, _ = user_with_factor(app)
    login(client)
    client.post(STEP, data={"factor": "totp", "answer": fresh_code(app, secret)})
    new_secret = secret_on_page(client.get(ENROL))
    new_code = pyotp.TOTP(new_secret).now()

    refused = client.post(ENROL, data={"new_code": new_code, "password": PASSWORD})
    assert refused.status_code == 422
    replaced = client.post(
        ENROL,
        data={"new_code": new_code, "password": PASSWORD, "code": fresh_code(app, secret)},
    )

    assert urlsplit(replaced.headers["Location"]).path == "/settings/security"  # codes kept
    client.post("/logout")
    login(client)
    assert (
        client.post(STEP, data={"factor": "totp", "answer": fresh_code(app, secret)}).status_code
        == 422
    )
    client.post(STEP, data={"factor": "totp", "answer": fresh_code(app, new_secret)})
    assert logged_in(client)


def test_deleting_the_account_deletes_its_factors(app, client):
    user_id, secret, _ = user_with_factor(app)
    login(client)
    client.post(STEP, data={"factor": "totp", "answer": fresh_code(app, secret)})

    client.post("/settings/delete", data={"password": PASSWORD})

    assert count(app, TotpFactor, user_id) == 0
    assert count(app, RecoveryCode, user_id) == 0


# --- the operator's requirement and reset --------------------------------------------------


@pytest.fixture
def required(database_url: str, tmp_path) -> Flask:  # noqa: ANN001
    return create_app(config(database_url, str(tmp_path / "required"), REQUIRE_2FA=True))


def test_a_required_factor_is_set_up_before_anything_else(app, required):
    user_id = make_user(app)
    client = required.test_client()

    first = login(client)

    assert urlsplit(first.headers["Location"]).path == ENROL
    for path in ("/today", "/settings", "/medications/"):
        assert urlsplit(client.get(path).headers["Location"]).path == ENROL
    assert client.get(ENROL).status_code == 200
    assert client.get("/settings/security").status_code == 200  # where a passkey is added
    assert token_works(required, user_id)  # the API keeps answering its tokens
    secret = secret_on_page(client.get(ENROL))
    client.post(ENROL, data={"new_code": pyotp.TOTP(secret).now(), "password": PASSWORD})
    assert client.get("/today").status_code == 200
    off = client.post(
        "/settings/security/authenticator/off",
        data={"password": PASSWORD, "code": fresh_code(app, secret)},
    )
    assert "cannot be turned off" in text(off)
    assert count(app, TotpFactor, user_id) == 1


def test_signing_out_works_while_a_factor_is_required(app, required):
    make_user(app)
    client = required.test_client()
    login(client)

    out = client.post("/logout")

    assert urlsplit(out.headers["Location"]).path == "/login"
    assert urlsplit(client.get("/today").headers["Location"]).path == "/login"


def token_works(app: Flask, user_id: int) -> bool:
    secret = token(app, user_id, scope="read")
    return app.test_client().get("/api/v1/medications", headers=bearer(secret)).status_code == 200


def test_reset_factors_removes_them_ends_sessions_and_logs_it(app, caplog):
    user_id, secret, codes = user_with_factor(app)
    client = app.test_client()
    login(client)
    client.post(STEP, data={"factor": "totp", "answer": fresh_code(app, secret)})
    with app.app_context():
        db.session.add(
            Passkey(
                user_id=user_id,
                credential_id="c",
                public_key=b"k",
                user_handle="h",
                sign_count=0,
                transports="",
                name="Laptop",
                created_at=NOW,
            )  # fmt: skip
        )
        db.session.commit()

    with caplog.at_level(logging.WARNING):
        result = app.test_cli_runner().invoke(args=["tracker", "reset-factors", "ADA@example.org"])

    assert result.exit_code == 0, result.output
    assert "removed 1 authenticator app(s), 1 passkey(s) and 10 recovery code(s)" in result.output
    assert count(app, Passkey, user_id) == 0
    assert count(app, TotpFactor, user_id) == 0
    assert count(app, RecoveryCode, user_id) == 0
    assert count(app, UserSession, user_id) == 0
    assert not logged_in(client)
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert f"reset-factors: user {user_id}" in logged
    assert secret not in logged and codes[0] not in logged
    assert urlsplit(login(client).headers["Location"]).path.rstrip("/") == "/today"


def test_reset_factors_of_an_unknown_email_says_so(app):
    result = app.test_cli_runner().invoke(args=["tracker", "reset-factors", "nobody@example.org"])

    assert result.exit_code != 0
    assert "No account" in result.output


# --- across server processes ---------------------------------------------------------------


def test_one_code_sent_in_parallel_signs_in_once(app, database_url, tmp_path):
    from tests.auth.test_parallel import together

    user_id, secret, codes = user_with_factor(app)
    # Room for every try: this is about the code being used once, not about the lock-out.
    roomy = create_app(config(database_url, str(tmp_path / "roomy"), LOGIN_MAX_FAILURES=100))
    clients = [roomy.test_client() for _ in range(12)]
    for client in clients:
        login(client)
    code = fresh_code(app, secret)

    for factor, answer in (("totp", code), ("recovery", codes[0])):
        statuses = together(
            6,
            lambda n, f=factor, a=answer: (
                clients[n + (6 if f == "recovery" else 0)]
                .post(STEP, data={"factor": f, "answer": a})
                .status_code
            ),
        )
        assert sorted(statuses) == [302, 422, 422, 422, 422, 422], factor
    with roomy.app_context():
        db.engine.dispose()
