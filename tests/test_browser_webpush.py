"""Web Push on Settings → Reminders in real headless Chromium: the service worker registers with
the whole app as its scope, shows a push handed to it through DevTools (title, text, Taken and
Skip buttons), and the button is offered; without JavaScript the page says push needs it.

A real subscription goes through the browser's push service (Google's, for Chromium), which
this machine cannot reach (headless Chromium answers "Registration failed - permission denied"
even with the notifications permission granted): the button either subscribes or shows the
browser's refusal plainly, and the test accepts both. Delivery itself
is tested against a local push service in tests/reminders/test_webpush.py.

Skipped like tests/test_browser.py when Chromium is missing (fails under TRACKER_REQUIRE_BROWSER=1).
Set TRACKER_SHOTS to a folder to keep screenshots of the page with a device turned on.
"""

from __future__ import annotations

import json
import os

import pytest

from tests.conftest import NOW, make_user
from tests.medications.factories import get_user
from tests.reminders.pushservice import Subscriber
from tests.test_browser import TIMEOUT, live_server
from tests.test_browser_phone import EMAIL, PHONE, _browser, _log_in, _playwright, expect
from tracker.extensions import db
from tracker.reminders.subscriptions import subscribe

__all__ = ["live_server"]  # the fixture, imported to be used here
ANDROID = "Mozilla/5.0 (Linux; Android 14; K) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36"
POST_SUBSCRIPTION = """async ([subscription, withToken]) => {
  const box = document.getElementById("push");
  const headers = {"Content-Type": "application/json"};
  if (withToken) headers["X-CSRFToken"] = box.dataset.csrf;
  const response = await fetch(box.dataset.url, {
    method: "POST", headers, body: JSON.stringify(subscription), credentials: "same-origin",
  });
  return response.status;
}"""
SHOWN = """async () => {
  const registration = await navigator.serviceWorker.ready;
  for (let i = 0; i < 50; i++) {
    const found = await registration.getNotifications();
    if (found.length) return found.map(n => ({title: n.title, body: n.body,
      actions: n.actions.map(a => a.title), data: n.data}));
    await new Promise(done => setTimeout(done, 100));
  }
  return [];
}"""
WORKER_SCOPE = """async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  return registration ? registration.scope : null;
}"""


def _a_device_turned_on(app, uid: int) -> None:  # noqa: ANN001
    with app.app_context():
        subscribe(
            get_user(uid), Subscriber("https://fcm.googleapis.com/fcm/send/x").json(),
            user_agent=ANDROID, now=NOW, secret_key="test-secret",
        )  # fmt: skip
        db.session.commit()


@pytest.mark.browser
def test_the_service_worker_registers_and_the_button_is_offered(app, live_server):
    uid = make_user(app, EMAIL)
    _a_device_turned_on(app, uid)
    with _playwright() as p:
        browser = _browser(p)
        try:
            context = browser.new_context(viewport=PHONE)
            context.grant_permissions(["notifications"], origin=live_server)
            page = context.new_page()
            page.set_default_timeout(TIMEOUT)
            _log_in(page, live_server)
            page.goto(f"{live_server}/settings/reminders")
            expect(page.locator("#push[data-worker-ready=yes]")).to_have_count(1)
            assert page.evaluate(WORKER_SCOPE) == f"{live_server}/"
            button = page.get_by_role("button", name="Turn on notifications on this device")
            expect(button).to_be_visible()
            assert page.locator("strong", has_text="Chrome on Android").is_visible()
            assert page.get_by_text("Web Push · Google").is_visible()
            _shots(page, "phone")
            _a_push_is_shown(context, page, live_server)
            button.click()
            turned_on = page.get_by_text("Notifications turned on for")
            refused = page.get_by_text("Notifications could not be turned on:")
            expect(turned_on.or_(refused)).to_be_visible()
            if refused.is_visible():  # offline: the browser's push service is out of reach
                expect(button).to_be_enabled()
            # What push.js posts once the browser has subscribed, with and without the token.
            laptop = Subscriber("https://push.example.org/send/laptop").json()
            assert page.evaluate(POST_SUBSCRIPTION, [laptop, False]) == 400
            assert page.evaluate(POST_SUBSCRIPTION, [laptop, True]) == 201
            page.reload()
            assert page.get_by_text("Web Push · pu…").is_visible()
            desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            _log_in(desk, live_server)
            desk.goto(f"{live_server}/settings/reminders")
            _shots(desk, "desktop")
        finally:
            browser.close()


@pytest.mark.browser
def test_without_javascript_the_page_says_push_needs_it(app, live_server):
    make_user(app, EMAIL)
    with _playwright() as p:
        browser = _browser(p)
        try:
            page = browser.new_context(viewport=PHONE, java_script_enabled=False).new_page()
            page.set_default_timeout(TIMEOUT)
            _log_in(page, live_server)
            page.goto(f"{live_server}/settings/reminders")
            assert page.get_by_text("Notifications on this device need JavaScript").is_visible()
            assert not page.locator("#push-on").is_visible()
        finally:
            browser.close()


def _a_push_is_shown(context, page, base: str) -> None:  # noqa: ANN001
    """A push handed to the worker by the browser's DevTools (no push service involved) is
    shown with its title, text and the two buttons."""
    cdp = context.new_cdp_session(page)
    registrations: list[dict] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrations.extend(e["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    page.wait_for_timeout(300)
    (registration,) = [
        r for r in registrations if r["scopeURL"] == f"{base}/" and not r["isDeleted"]
    ]
    links = [
        {"label": "Taken", "url": f"{base}/reminders/act/a"},
        {"label": "Skip", "url": f"{base}/reminders/act/b"},
    ]
    data = {
        "title": "Medication reminder",
        "body": "Time for your 08:00 medication",
        "actions": links,
        "url": f"{base}/today",
    }
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": base,
            "registrationId": registration["registrationId"],
            "data": json.dumps(data),
        },
    )
    (shown,) = page.evaluate(SHOWN)
    assert shown["title"] == "Medication reminder" and shown["body"] == data["body"]
    assert shown["actions"] == ["Taken", "Skip"]
    assert shown["data"] == {"url": f"{base}/today", "links": [link["url"] for link in links]}


def _shots(page, name: str) -> None:  # noqa: ANN001
    folder = os.environ.get("TRACKER_SHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"reminders-push-{name}.png"), full_page=True)
