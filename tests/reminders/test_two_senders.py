"""Two sender processes at once against the same database (SQLite file or PostgreSQL, whichever
the run uses) deliver every reminder exactly once."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from tests.reminders.factories import reminded_user, rows
from tests.reminders.receiver import Receiver

ROOT = Path(__file__).resolve().parents[2]
EIGHT = datetime(2026, 6, 10, 6, 0, tzinfo=UTC)  # 08:00 in Berlin
NAMES = tuple(f"med{i:02d}" for i in range(15))


def _sender(database_url: str, instance: Path, now: datetime) -> subprocess.Popen:
    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": database_url,
        "TRACKER_SECRET_KEY": "test-secret",
        "TRACKER_INSTANCE_PATH": str(instance),
    }
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "tracker", "reminders", "run"]
    return subprocess.Popen(
        [*command, "--once", "--now", now.isoformat()],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_two_senders_at_once_send_each_reminder_once(app, database_url, tmp_path):
    with Receiver() as receiver:
        # Each send takes a while, so the two processes (each a few seconds starting) overlap.
        receiver.delay = 0.1
        for email in ("a@example.org", "b@example.org"):
            uid = reminded_user(app, receiver.url, email=email, names=NAMES)
            with app.app_context():
                from tests.medications.factories import get_user
                from tracker.extensions import db
                from tracker.reminders import channels

                channels.save_preferences(
                    get_user(uid), quiet_start=None, quiet_end=None, name_drug=True
                )
                db.session.commit()
        senders = [_sender(database_url, tmp_path / f"i{n}", EIGHT) for n in (1, 2)]
        outputs = [p.communicate(timeout=120) for p in senders]
        for process, (_out, err) in zip(senders, outputs, strict=True):
            assert process.returncode == 0, err
        bodies = Counter(m["message"].split("\n")[0] for m in receiver.messages)
    assert len(receiver.messages) == 2 * len(NAMES)
    assert set(bodies.values()) == {2}  # each medication once per user
    sent = [o for o, _ in outputs]
    assert sum(int(o.split("sent ")[1].split(",")[0]) for o in sent) == 2 * len(NAMES), sent
    due = [r for r in rows(app) if r.due_at == EIGHT]
    assert len(due) == 2 * len(NAMES) and {r.status for r in due} == {"sent"}
