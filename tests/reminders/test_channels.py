"""Settings → Reminders: channels added through Apprise's own parser, kept encrypted, tested
against a real local HTTP endpoint, removed; another user's channel is not found."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from tests.conftest import NOW, login, make_user
from tests.reminders.receiver import Receiver
from tracker.auth.models import User
from tracker.extensions import db
from tracker.medications.models import Medication  # noqa: F401
from tracker.reminders import channels, vault
from tracker.reminders.models import ReminderChannel


@pytest.fixture
def receiver():
    with Receiver() as r:
        yield r


def _channel(app) -> ReminderChannel:
    with app.app_context():
        return db.session.scalars(select(ReminderChannel)).one()


def test_a_channel_is_kept_encrypted_and_shown_masked(app, client, receiver):
    make_user(app)
    login(client)
    url = receiver.url + "secret-path"
    response = client.post("/settings/reminders/channels", data={"name": "Phone", "url": url})
    assert response.status_code == 302
    channel = _channel(app)
    assert url not in channel.secret and "secret-path" not in channel.secret
    assert vault.open_sealed(channel.secret, "test-secret") == url
    page = client.get("/settings/reminders").get_data(as_text=True)
    assert "Phone" in page and "json · 12…" in page
    assert "secret-path" not in page and "127.0.0.1" not in page
    assert "<title>Reminders · Tracker</title>" in page and page.count('id="repeat"') == 1


def test_an_address_apprise_cannot_use_is_refused_with_the_form_filled(app, client):
    make_user(app)
    login(client)
    response = client.post(
        "/settings/reminders/channels", data={"name": "Phone", "url": "nonsense://whatever"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "not an address Apprise can send to" in page
    assert 'value="nonsense://whatever"' in page and 'value="Phone"' in page
    with app.app_context():
        assert db.session.scalars(select(ReminderChannel)).all() == []


def test_send_a_test_reaches_the_service_and_reports_it(app, client, receiver, caplog):
    make_user(app)
    login(client)
    client.post("/settings/reminders/channels", data={"name": "Hook", "url": receiver.url})
    channel_id = _channel(app).id
    with caplog.at_level(logging.DEBUG):
        response = client.post(f"/settings/reminders/channels/{channel_id}/test")
    assert response.status_code == 302
    assert [m["title"] for m in receiver.messages] == ["Test from your tracker"]
    assert "Test sent to Hook." in client.get("/settings/reminders").get_data(as_text=True)
    assert "127.0.0.1" not in caplog.text  # the address is never logged


def test_a_failed_test_says_what_the_service_answered(app, client, receiver):
    make_user(app)
    login(client)
    client.post("/settings/reminders/channels", data={"name": "Hook", "url": receiver.url})
    receiver.status = 500
    client.post(f"/settings/reminders/channels/{_channel(app).id}/test")
    page = client.get("/settings/reminders").get_data(as_text=True)
    assert "The test to Hook failed:" in page
    assert "500" in page or "Internal Server Error" in page or "failed" in page


def test_five_failures_in_a_row_disable_the_channel_and_today_says_so(app, client, receiver):
    uid = make_user(app)
    login(client)
    client.post("/settings/reminders/channels", data={"name": "Hook", "url": receiver.url})
    receiver.status = 500
    with app.app_context():
        user = db.session.get(User, uid)
        channel = db.session.scalars(select(ReminderChannel)).one()
        for _ in range(channels.FAILURE_LIMIT):
            channels.record_outcome(channel, "Service answered 500.", now=NOW)
        db.session.commit()
        assert channel.disabled_at is not None
        assert channels.outgoing(user, "test-secret") == []
    today = client.get("/today").get_data(as_text=True)
    assert "Reminders to Hook are turned off" in today


def test_a_channel_can_be_removed(app, client, receiver):
    make_user(app)
    login(client)
    client.post("/settings/reminders/channels", data={"name": "Hook", "url": receiver.url})
    response = client.post(f"/settings/reminders/channels/{_channel(app).id}/delete")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalars(select(ReminderChannel)).all() == []


def test_quiet_hours_need_both_ends(app, client):
    make_user(app)
    login(client)
    response = client.post("/settings/reminders/preferences", data={"quiet_start": "22:00"})
    assert response.status_code == 422
    assert "both the start and the end" in response.get_data(as_text=True)
    response = client.post(
        "/settings/reminders/preferences",
        data={"quiet_start": "22:00", "quiet_end": "07:00", "name_drug": "y"},
    )
    assert response.status_code == 302
    page = client.get("/settings/reminders").get_data(as_text=True)
    assert 'value="22:00"' in page and 'value="07:00"' in page


def test_a_secret_made_under_another_key_cannot_be_read():
    sealed = vault.seal("ntfys://token@ntfy.sh/topic", "one key")
    with pytest.raises(vault.Unreadable):
        vault.open_sealed(sealed, "another key")
