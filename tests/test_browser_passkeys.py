"""Passkeys in real headless Chromium with the DevTools virtual authenticator (CTAP2, internal,
resident keys, user verification): add a passkey on Settings → Security, sign out, sign in
with it alone; use it as the second step after the password; a passkey of one account does
not sign in as another; a cloned passkey (its counter behind the server's) is refused.

WebAuthn needs a secure context and a relying-party id that is a domain, so the server is
opened as http://localhost:PORT with TRACKER_PUBLIC_URL saying so (127.0.0.1 is no rp id).
Skipped like tests/test_browser.py when Chromium is missing. TRACKER_SCREENSHOTS=folder
keeps the pages at 390 px and 1280 px.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select, update
from werkzeug.serving import make_server

from tests.conftest import PASSWORD, config, make_user
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, TIMEOUT, _unavailable
from tests.test_browser_axe import AXE, RUN
from tracker.app import create_app
from tracker.auth.factors.models import Passkey
from tracker.extensions import db

TODAY = re.compile(r".*/today/?$")
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
ADA, BOB = "ada@example.org", "bob@example.org"


@pytest.fixture
def passkey_server(app: Flask, database_url: str, tmp_path) -> Iterator[str]:  # noqa: ANN001
    """Like tests/test_browser.py's live_server, but named localhost (the passkeys' rp id)."""
    served = create_app(config(database_url, str(tmp_path / "served"), WTF_CSRF_ENABLED=True))
    server = make_server("127.0.0.1", 0, served, threaded=True)
    base = f"http://localhost:{server.server_port}"
    served.config["PUBLIC_URL"] = base
    thread = threading.Thread(target=server.serve_forever, name="passkey-server", daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with served.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def browser():  # noqa: ANN201
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def _page(browser, size: str = "desktop"):  # noqa: ANN001, ANN202
    """A new browser context with its own virtual authenticator; (page, cdp, authenticator)."""
    # bypass_csp: axe is injected by the test (the app serves only its own scripts).
    page = browser.new_context(viewport=SIZES[size], bypass_csp=True).new_page()
    page.set_default_timeout(TIMEOUT)
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return page, cdp, added["authenticatorId"]


def _shot(page, name: str) -> None:  # noqa: ANN001
    """Run axe on the page (no violations) and keep a screenshot when asked."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    assert page.evaluate(RUN) == [], name
    folder = os.environ.get("TRACKER_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _log_in(page, base: str, email: str) -> None:  # noqa: ANN001
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _add_passkey(page, base: str, name: str) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    page.goto(f"{base}/settings/security")
    page.get_by_label("Name for the passkey").fill(name)
    page.locator("#add-password").fill(PASSWORD)
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_text(f"The passkey \u201c{name}\u201d is added.")).to_be_visible()


def _log_out(page, base: str) -> None:  # noqa: ANN001
    page.goto(f"{base}/settings")
    page.get_by_role("button", name="Log out of this device").click()
    page.wait_for_url(re.compile(r".*/login"))


@pytest.mark.browser
@pytest.mark.parametrize("size", list(SIZES))
def test_add_a_passkey_and_sign_in_with_it_alone(app, passkey_server, browser, size) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    make_user(app, ADA)
    base, requested = passkey_server, []
    page, cdp, authenticator = _page(browser, size)
    page.on("request", lambda request: requested.append(request.url))
    _log_in(page, base, ADA)
    page.wait_for_url(TODAY)
    _add_passkey(page, base, "Laptop")
    expect(page.locator("ul.passkeys strong")).to_have_text("Laptop")
    expect(page.get_by_text("Not used yet.")).to_be_visible()
    _shot(page, f"security-passkey-{size}")
    stored = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert len(stored["credentials"]) == 1
    assert stored["credentials"][0]["isResidentCredential"] is True

    _log_out(page, base)
    _shot(page, f"login-passkey-{size}")
    page.get_by_role("button", name="Sign in with a passkey").focus()
    page.keyboard.press("Enter")  # works with the keyboard
    page.wait_for_url(TODAY)  # no second step: the passkey with user verification is two
    page.goto(f"{base}/settings/security")
    expect(page.get_by_text(re.compile(r"Last used"))).to_be_visible()
    assert all(url.startswith(base) for url in requested)  # no request leaves the origin


@pytest.mark.browser
def test_passkey_as_the_second_step_after_the_password(app, passkey_server, browser) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    make_user(app, ADA)
    base = passkey_server
    page, _cdp, _authenticator = _page(browser)
    _log_in(page, base, ADA)
    page.wait_for_url(TODAY)
    _add_passkey(page, base, "Phone")
    _log_out(page, base)
    _log_in(page, base, ADA)
    page.wait_for_url(re.compile(r".*/login/second-step"))
    _shot(page, "second-step-passkey-desktop")
    page.get_by_role("button", name="Use a passkey").click()
    page.wait_for_url(TODAY)
    expect(page.get_by_role("heading", level=1)).to_be_visible()


@pytest.mark.browser
def test_a_passkey_of_one_account_does_not_sign_in_as_another(
    app,  # noqa: ANN001
    passkey_server,  # noqa: ANN001
    browser,  # noqa: ANN001
) -> None:
    from playwright.sync_api import expect

    make_user(app, ADA)
    make_user(app, BOB)
    base = passkey_server
    ada, _cdp, _authenticator = _page(browser)
    _log_in(ada, base, ADA)
    ada.wait_for_url(TODAY)
    _add_passkey(ada, base, "Ada's laptop")
    _log_out(ada, base)
    bob, _cdp_b, _authenticator_b = _page(browser)
    _log_in(bob, base, BOB)
    bob.wait_for_url(TODAY)
    _add_passkey(bob, base, "Bob's phone")

    # On Ada's device, Bob's password, then Ada's passkey at the second step. The server
    # asks for Bob's passkeys only; the options are altered on the way so that the browser
    # offers Ada's, as a tampered client would: the server refuses it.
    def any_passkey(route) -> None:  # noqa: ANN001
        response = route.fetch()
        options = response.json()
        options.pop("allowCredentials", None)
        route.fulfill(response=response, json=options)

    ada.route("**/login/second-step/passkey-options", any_passkey)
    _log_in(ada, base, BOB)
    ada.wait_for_url(re.compile(r".*/login/second-step"))
    ada.get_by_role("button", name="Use a passkey").click()
    expect(ada.get_by_text("This passkey was not accepted.")).to_be_visible()
    assert "/second-step" in ada.url
    with app.app_context():
        assert (
            db.session.scalar(select(Passkey.last_used_at).where(Passkey.name == "Ada's laptop"))
            is None
        )


@pytest.mark.browser
def test_a_cloned_passkey_is_refused(app, passkey_server, browser) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    make_user(app, ADA)
    base = passkey_server
    page, cdp, authenticator = _page(browser)
    _log_in(page, base, ADA)
    page.wait_for_url(TODAY)
    _add_passkey(page, base, "Laptop")
    _log_out(page, base)
    # The server has seen a higher count than this authenticator will give: as if a copy of
    # the key had been used meanwhile.
    with app.app_context():
        db.session.execute(update(Passkey).values(sign_count=1000))
        db.session.commit()
    page.get_by_role("button", name="Sign in with a passkey").click()
    expect(page.get_by_text("This passkey was not accepted.")).to_be_visible()
    assert "/today" not in page.url
    with app.app_context():
        assert db.session.scalar(select(Passkey.sign_count)) == 1000
        assert db.session.scalar(select(Passkey.last_used_at)) is None
    stored = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert stored["credentials"][0]["signCount"] < 1000


@pytest.mark.browser
def test_removing_a_passkey_is_confirmed_with_a_passkey(app, passkey_server, browser) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    make_user(app, ADA)
    base = passkey_server
    page, _cdp, _authenticator = _page(browser)
    _log_in(page, base, ADA)
    page.wait_for_url(TODAY)
    _add_passkey(page, base, "Laptop")  # the first one: the password confirms it
    page.goto(f"{base}/settings/security")
    page.locator("summary", has_text="Remove").click()
    expect(page.locator("ul.passkeys").get_by_text("asks for one of your passkeys")).to_be_visible()
    page.locator("[id^=remove-][id$=-password]").fill(PASSWORD)
    _shot(page, "security-remove-passkey")
    page.get_by_role("button", name="Remove this passkey").click()
    # The device signed with the passkey; the server checked it, then removed it.
    expect(page.get_by_text("The passkey is removed.")).to_be_visible()
    expect(page.get_by_text("No passkeys yet.")).to_be_visible()
    with app.app_context():
        assert db.session.scalars(select(Passkey)).all() == []
