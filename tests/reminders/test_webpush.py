"""Web Push: subscriptions checked and kept encrypted per device, real encrypted pushes to a
push service on 127.0.0.1 (VAPID signature verified, body decrypted as a browser would), the
sender delivering a dose reminder through it, and a gone subscription turned off."""

from __future__ import annotations

import os
import stat
from datetime import date, time

import pytest
from sqlalchemy import select

from tests.conftest import NOW, login, make_user
from tests.medications.factories import get_user, scheduled_med
from tests.reminders.pushservice import PushService, Subscriber, check_vapid, unb64url
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.reminders import planning, vapid, webpush
from tracker.reminders.models import ReminderChannel
from tracker.reminders.push_views import public_key
from tracker.reminders.subscriptions import subscribe

ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; K) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
AUTH = "A" * 22  # 16 bytes


@pytest.fixture
def push():
    with PushService() as service:
        yield service


@pytest.fixture
def local_push(app):
    app.config["WEBPUSH_LOOPBACK_HTTP"] = True
    app.config["PUBLIC_URL"] = "http://tracker.test"
    return app


def _subscribe(client, sub: Subscriber, agent: str = ANDROID):  # noqa: ANN202
    return client.post("/settings/reminders/push", json=sub.json(), headers={"User-Agent": agent})


def _channels(app) -> list[ReminderChannel]:  # noqa: ANN001
    with app.app_context():
        return list(db.session.scalars(select(ReminderChannel).order_by(ReminderChannel.id)))


def _server_key(app) -> str:  # noqa: ANN001
    with app.app_context():
        return public_key()


# --- the subscription's shape -------------------------------------------------------------


def test_a_browsers_subscription_is_accepted_and_kept_in_a_fixed_form():
    sub = Subscriber("https://fcm.googleapis.com/fcm/send/abc").json()
    parsed = webpush.parse_subscription(sub)
    assert parsed.endpoint == "https://fcm.googleapis.com/fcm/send/abc"
    assert webpush.parse_subscription(parsed.to_json()) == parsed
    assert webpush.WebPushChannel().describe(parsed.to_json()) == "Web Push · Google"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"endpoint": "http://push.example.org/x"}, "must be an https:// address"),
        ({"endpoint": "http://127.0.0.1:9/x"}, "must be an https:// address"),
        ({"endpoint": ""}, "no endpoint"),
        ({"keys": {"auth": AUTH}}, "p256dh key is missing"),
        ({"keys": {"p256dh": "BAAA", "auth": AUTH}}, "has 3 bytes; it should have 65"),
        ({"keys": {"p256dh": "B" + "A" * 86, "auth": AUTH}}, "not a P-256 public key"),
        ({"keys": {"p256dh": "B+/A", "auth": AUTH}}, "not base64url"),
        ({"keys": None}, "needs an endpoint and keys"),
    ],
)  # fmt: skip
def test_a_malformed_subscription_is_refused_with_what_is_wrong(change, message):
    sub = {**Subscriber("https://push.example.org/x").json(), **change}
    with pytest.raises(Invalid, match=message):
        webpush.parse_subscription(sub)


def test_a_short_auth_secret_is_refused():
    sub = Subscriber("https://push.example.org/x").json()
    sub["keys"]["auth"] = "AAAA"
    with pytest.raises(Invalid, match="auth key has 3 bytes; it should have 16"):
        webpush.parse_subscription(sub)


def test_plain_http_is_allowed_on_the_loopback_only_when_asked():
    sub = Subscriber("http://127.0.0.1:9/push/x").json()
    assert webpush.parse_subscription(sub, allow_loopback_http=True).endpoint.startswith("http:")
    sub["endpoint"] = "http://10.0.0.1:9/push/x"
    with pytest.raises(Invalid, match="https://"):
        webpush.parse_subscription(sub, allow_loopback_http=True)


@pytest.mark.parametrize(
    ("agent", "name"),
    [
        (ANDROID, "Chrome on Android"),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
         "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1", "Safari on iOS"),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
         "Firefox on Windows"),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on macOS"),
        ("", "A browser"),
    ],
)  # fmt: skip
def test_a_device_is_named_by_its_browser_and_system_only(agent, name):
    assert webpush.device_name(agent) == name


def test_the_push_ttl_is_the_reminders_lateness_limit():
    assert webpush.TTL == planning.LATE_LIMIT.total_seconds()


# --- the server's key ---------------------------------------------------------------------


def test_the_vapid_key_is_made_once_readable_by_the_owner_only(tmp_path):
    path = str(tmp_path / "vapid.pem")
    first = vapid.public_key(vapid.load_or_create(path))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert vapid.public_key(vapid.load_or_create(path)) == first
    raw = unb64url(first)
    assert len(raw) == 65 and raw[0] == 4  # an uncompressed P-256 point, as browsers expect
    assert os.listdir(tmp_path) == ["vapid.pem"]


def test_the_settings_page_offers_the_button_with_the_servers_key(app, client):
    make_user(app)
    login(client)
    page = client.get("/settings/reminders").get_data(as_text=True)
    assert f'data-key="{_server_key(app)}"' in page
    assert 'id="push-on" hidden>Turn on notifications on this device' in page
    assert 'id="push-nojs">Notifications on this device need JavaScript' in page
    assert app.config["VAPID_FILE"] == os.path.join(app.instance_path, "vapid.pem")


def test_the_service_worker_is_served_from_the_root_for_the_whole_app(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"
    script = response.get_data(as_text=True)
    assert "showNotification" in script and "notificationclick" in script
    assert "http" not in script.replace("https://", "")  # loads nothing from elsewhere


# --- subscribing --------------------------------------------------------------------------


def test_subscribing_keeps_one_encrypted_channel_per_device(local_push, client, push):
    app = local_push
    make_user(app)
    login(client)
    sub = push.subscriber()
    first = _subscribe(client, sub)
    assert first.status_code == 201 and first.json["name"] == "Chrome on Android"
    again = _subscribe(client, sub)  # the button pressed twice: the same endpoint
    assert again.status_code == 200
    (channel,) = _channels(app)
    assert channel.kind == "webpush" and channel.label == "Web Push · 12…"
    assert (
        "push/device-1" not in channel.secret and sub.json()["keys"]["auth"] not in channel.secret
    )
    page = client.get("/settings/reminders").get_data(as_text=True)
    assert "Chrome on Android" in page and "Notifications turned on again for" in page
    assert _subscribe(client, push.subscriber("device-2")).status_code == 201
    assert len(_channels(app)) == 2


def test_a_plain_http_endpoint_is_refused_unless_configured(app, client, push):
    make_user(app)
    login(client)
    refused = _subscribe(client, push.subscriber())
    assert refused.status_code == 422
    assert refused.json == {"error": "The subscription's endpoint must be an https:// address."}
    assert client.post("/settings/reminders/push", data="nonsense").status_code == 422
    assert _channels(app) == []


# --- sending ------------------------------------------------------------------------------


def test_send_a_test_delivers_a_real_encrypted_push(local_push, client, push):
    app = local_push
    make_user(app)
    login(client)
    sub = push.subscriber()
    channel_id = _subscribe(client, sub).json["channel_id"]
    answer = client.post(f"/settings/reminders/channels/{channel_id}/test")
    assert answer.headers["Location"].endswith("/settings/reminders")
    (received,) = push.pushes
    assert received.path == "/push/device-1"
    assert received.headers["ttl"] == "3600" and received.headers["urgency"] == "high"
    claims = check_vapid(received, server_key=_server_key(app), audience=push.origin)
    assert claims["sub"] == "mailto:tracker@localhost"
    assert sub.read(received) == {
        "title": "Test from your tracker",
        "body": "Reminders will arrive like this.",
        "actions": [],
        "url": "http://tracker.test/today",
    }
    assert "Test sent to Chrome on Android." in client.get("/settings/reminders").get_data(True)


def test_the_sender_delivers_a_due_dose_reminder_by_web_push(local_push, push):
    app = local_push
    uid = make_user(app)
    sub = push.subscriber()
    with app.app_context():
        user = get_user(uid)
        scheduled_med(user, name="sertraline", started_on=date(2025, 1, 1), doses=((time(8), 50),))
        subscribe(user, sub.json(), user_agent=ANDROID, now=NOW, secret_key="test-secret",
                  allow_loopback_http=True)  # fmt: skip
        db.session.commit()
    result = app.test_cli_runner().invoke(
        args=["tracker", "reminders", "run", "--once", "--now", "2026-06-10T06:00:00Z"]
    )
    assert result.exit_code == 0, result.output
    assert "sent 1" in result.output
    (received,) = push.pushes
    check_vapid(received, server_key=_server_key(app), audience=push.origin)
    shown = sub.read(received)
    assert shown["title"] == "Medication reminder"
    assert shown["body"] == "Time for your 08:00 medication"
    assert [a["label"] for a in shown["actions"]] == ["Taken", "Skip"]
    assert all(a["url"].startswith("http://tracker.test/reminders/act/") for a in shown["actions"])
    assert shown["url"] == "http://tracker.test/today"


def test_a_subscription_the_service_says_is_gone_is_turned_off_at_once(local_push, client, push):
    app = local_push
    make_user(app)
    login(client)
    sub = push.subscriber()
    channel_id = _subscribe(client, sub).json["channel_id"]
    push.status = 410
    client.post(f"/settings/reminders/channels/{channel_id}/test")
    (channel,) = _channels(app)
    assert channel.disabled_at is not None and channel.failures == 1
    assert "subscription has ended (the push service answered 410)" in channel.last_error
    assert "/push/" not in channel.last_error
    with app.app_context():
        assert planning.users_to_remind() == []
    today = client.get("/today").get_data(as_text=True)
    assert "Reminders to Chrome on Android are turned off: The browser&#39;s subscription" in today
    # The same device subscribing again turns its channel back on.
    push.status = 201
    assert _subscribe(client, sub).status_code == 200
    assert _channels(app)[0].disabled_at is None


def test_an_unreachable_push_service_is_a_plain_error(local_push, client, push):
    app = local_push
    make_user(app)
    login(client)
    channel_id = _subscribe(client, push.subscriber()).json["channel_id"]
    push.server.shutdown()
    push.server.server_close()
    client.post(f"/settings/reminders/channels/{channel_id}/test")
    (channel,) = _channels(app)
    assert channel.last_error == "The push service could not be reached."
    assert channel.disabled_at is None


def test_another_users_device_is_not_found(local_push, client, push):
    app = local_push
    make_user(app)
    other = make_user(app, "bob@example.org")
    with app.app_context():
        theirs, _ = subscribe(
            get_user(other), push.subscriber().json(), user_agent=ANDROID, now=NOW,
            secret_key="test-secret", allow_loopback_http=True,
        )  # fmt: skip
        db.session.commit()
        theirs_id = theirs.id
    login(client)
    for action in ("test", "delete"):
        assert client.post(f"/settings/reminders/channels/{theirs_id}/{action}").status_code == 404
    assert push.pushes == [] and len(_channels(app)) == 1
    assert "Chrome on Android" not in client.get("/settings/reminders").get_data(True)
