"""`tracker reminders …` commands, and an e-mail reminder received by a real local SMTP server."""

from __future__ import annotations

import email
import os
import signal
import socket
import subprocess
import sys
import time as clock
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from tests.conftest import make_user
from tests.reminders.factories import reminded_user
from tests.reminders.receiver import Receiver
from tracker.extensions import db
from tracker.reminders.models import ReminderChannel

ROOT = Path(__file__).resolve().parents[2]


class Inbox:
    def __init__(self) -> None:
        self.mails: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001, N802
        self.mails.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp():
    with socket.socket() as s:  # a free port: the controller cannot start on port 0
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, f"mailto://127.0.0.1:{port}?from=tracker@example.org&to=ada@example.org"
    controller.stop()


def _text(mail: email.message.Message) -> str:
    part = next(p for p in mail.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode()


def test_add_channel_test_and_run_once_reach_an_smtp_server(app, smtp):
    inbox, url = smtp
    make_user(app)
    runner = app.test_cli_runner()
    added = runner.invoke(
        args=["tracker", "reminders", "add-channel", "--user", "ada@example.org", url]
    )
    assert added.exit_code == 0, added.output
    assert "mailto · 12…" in added.output and "?from" not in added.output
    tested = runner.invoke(args=["tracker", "reminders", "test", "--user", "ada@example.org"])
    assert tested.exit_code == 0 and "sent" in tested.output
    assert inbox.mails[0]["Subject"] == "Test from your tracker"


def test_run_once_sends_an_email_reminder(app, smtp):
    inbox, url = smtp
    reminded_user(app, url)
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["tracker", "reminders", "run", "--once", "--now", "2026-06-10T06:00:00Z"]
    )
    assert result.exit_code == 0, result.output
    assert "sent 1" in result.output
    (mail,) = inbox.mails
    assert mail["Subject"] == "Medication reminder"
    assert _text(mail).startswith("Time for your 08:00 medication")


def test_add_channel_refuses_an_address_apprise_cannot_use(app):
    make_user(app)
    result = app.test_cli_runner().invoke(
        args=["tracker", "reminders", "add-channel", "--user", "ada@example.org", "nope://x"]
    )
    assert result.exit_code != 0 and "not an address Apprise can send to" in result.output
    with app.app_context():
        assert db.session.scalars(select(ReminderChannel)).all() == []


def test_the_long_running_sender_stops_cleanly_on_sigterm(app, database_url, tmp_path):
    with Receiver() as receiver:
        reminded_user(app, receiver.url)
        env = {
            **os.environ,
            "TRACKER_DATABASE_URL": database_url,
            "TRACKER_SECRET_KEY": "test-secret",
            "TRACKER_INSTANCE_PATH": str(tmp_path),
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "tracker", "reminders", "run",
             "--every", "0.2"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = clock.monotonic() + 60
        while not _planned(app) and clock.monotonic() < deadline:
            clock.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "Reminder sender stopped." in out


def _planned(app) -> bool:
    from tracker.reminders.models import Reminder

    with app.app_context():
        return db.session.scalar(select(Reminder.id).limit(1)) is not None
