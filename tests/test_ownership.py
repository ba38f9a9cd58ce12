"""Another user's record is "not found" on every route that takes an id.

The walk covers every rule in app.url_map with an argument; a new kind of id argument fails
here until it is added to `owned_ids`, so no route can slip through uncovered."""

import io
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.appointments.factories import owned_records as appointment_records
from tests.calendars.factories import new_feed
from tests.conftest import NOW, login, make_user
from tests.journal_factories import journal_entries
from tests.medications.factories import get_user, prn_med, scheduled_med
from tests.shares.factories import new_share
from tracker.api.tokens import create_token
from tracker.auth.factors.models import Passkey
from tracker.auth.models import UserSession
from tracker.auth.services import LoginPolicy, start_session
from tracker.extensions import db
from tracker.imports import batches
from tracker.imports.models import ImportBatch
from tracker.jobs.services import enqueue as enqueue_job
from tracker.medications import doses, services, supply
from tracker.reminders.channels import add_channel
from tracker.timeutils import localize


def _records(app, uid: int) -> dict[str, int]:
    """One record of each kind for a user, by the URL argument that names it."""
    with app.app_context():
        user = get_user(uid)
        med = scheduled_med(user)
        services.change_schedule(
            user,
            med,
            effective_from=date(2026, 3, 1),
            doses=[(time(8), 100)],
            note=None,
            today=date(2025, 6, 1),
            now=NOW,
        )
        dose = doses.record_scheduled(
            user,
            med,
            day=date(2025, 6, 1),
            at=time(8),
            action="taken",
            taken_at=localize(date(2025, 6, 1), time(8), user.timezone),
            now=NOW,
        )
        tablets = supply.SupplyFields("tablet", 50)
        supply.set_supply(user, med, tablets, units_on_hand=30, now=NOW)
        refill = supply.add_event(user, med, kind="refill", units=30, now=NOW)
        prn = prn_med(user)
        journal = journal_entries(uid)
        appointments = appointment_records(uid)
        share = new_share(user)
        feed = new_feed(user)
        pending = batches.keep_upload(
            user, "daylio", "a.csv", io.BytesIO(b"x"), Path(app.config["IMPORT_FOLDER"]), now=NOW
        )
        batch = ImportBatch(
            user_id=uid, source="daylio", filename="a.csv", summary="", added=0, skipped=0,
            created_at=NOW,
        )  # fmt: skip
        db.session.add(batch)
        job = enqueue_job(user, "import.preview", {"pending_id": pending.id}, now=NOW)
        api_token = create_token(user, name="script", scope="read", now=NOW)
        channel = add_channel(
            user, name="Phone", url="json://127.0.0.1:9/", now=NOW, secret_key="test-secret"
        )
        # A session live today (kept signed in for ten years), so only its owner is checked.
        lasting = LoginPolicy(session_lifetime=timedelta(days=3650))
        start_session(user, now=NOW, policy=lasting, remember=True)
        session_id = db.session.scalar(select(UserSession.id).where(UserSession.user_id == uid))
        db.session.commit()
        return {
            "med_id": med.id,
            "dose_id": dose.id,
            "version_id": med.versions[-1].id,
            "prn_id": prn.id,
            "supply_event_id": refill.id,
            **journal,
            **appointments,
            "share_id": share.link.id,
            "feed_id": feed.feed.id,
            "pending_id": pending.id,
            "batch_id": batch.id,
            "job_id": job.id,
            "token_id": api_token.token.id,
            "channel_id": channel.id,
            "session_id": session_id,
        }


# Which record an `entry_id` names, per endpoint. A new route with an entry_id fails the walk
# until it is listed here.
ENTRY_KINDS: dict[str, str] = {
    "symptoms.edit": "symptom",
    "symptoms.delete": "symptom",
    "checkins.edit": "mood",
    "checkins.delete": "mood",
    "sleep.edit": "sleep",
    "sleep.delete": "sleep",
    "sleep.nap_edit": "nap",
    "sleep.nap_delete": "nap",
    "activity.edit": "activity",
    "activity.delete": "activity",
    "activity.practice_edit": "practice",
    "activity.practice_delete": "practice",
    "activity.substance_edit": "substance",
    "activity.substance_delete": "substance",
    "therapy.edit": "therapy",
    "therapy.delete": "therapy",
    "therapy.homework_done": "therapy",
    "questionnaires.show": "phq9",
    "questionnaires.edit": "phq9",
    "questionnaires.delete": "phq9",
}
# Route arguments that name a kind of page, not a record (the walk leaves those rules out).
# token: a share link's or calendar feed's secret address, which opens it for anybody
# (tests/shares and tests/calendars cover those).
NOT_RECORDS = {"instrument", "key", "fmt", "token"}  # key, fmt: a chart and its format


def _record_id(ids: dict[str, int], endpoint: str, arg: str) -> int:
    if arg == "entry_id":
        assert endpoint in ENTRY_KINDS, f"{endpoint}: add it to ENTRY_KINDS in the ownership walk"
        return ids[ENTRY_KINDS[endpoint]]
    assert arg in ids, f"{endpoint}: add {arg!r} to the ownership walk"
    return ids[arg]


@pytest.fixture
def two_users(app):
    a, b = make_user(app, "a@example.org"), make_user(app, "b@example.org")
    theirs, mine = _records(app, a), _records(app, b)
    # A passkey of the other user only: with one, b's password sign-in would ask for it.
    with app.app_context():
        passkey = Passkey(
            user_id=a, credential_id="credential-a", public_key=b"key", user_handle="h",
            sign_count=0, transports="", name="Laptop", created_at=NOW,
        )  # fmt: skip
        db.session.add(passkey)
        db.session.commit()
        theirs["passkey_id"] = passkey.id
    return theirs, mine


def _id_rules(app):
    return [
        r
        for r in app.url_map.iter_rules()
        if r.arguments - NOT_RECORDS
        and r.endpoint != "static"
        # The API takes a token, not this cookie: tests/api/test_ownership.py walks it.
        and not r.endpoint.startswith("api.")
    ]


def test_every_id_route_answers_not_found_for_another_users_record(app, client, two_users):
    theirs, mine = two_users
    login(client, "b@example.org")
    rules = _id_rules(app)
    assert len(rules) >= 11  # the walk really walks
    checked = []
    for rule in rules:
        # Each argument in turn points at the other user's record, the rest at mine.
        for foreign in rule.arguments:
            args = {
                name: _record_id(theirs if name == foreign else mine, rule.endpoint, name)
                for name in rule.arguments
            }
            url = rule.build(args)[1]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                response = client.open(url, method=method, data={})
                assert response.status_code == 404, f"{method} {url} as another user"
                checked.append((method, rule.rule))
    assert ("POST", "/doses/<int:dose_id>/edit") in checked


@pytest.mark.parametrize("path", ["/doses/take", "/doses/skip", "/doses/as-needed"])
def test_dose_forms_naming_another_users_medication_are_not_found(app, client, two_users, path):
    theirs, _ = two_users
    login(client, "b@example.org")
    med = theirs["prn_id"] if path.endswith("as-needed") else theirs["med_id"]
    response = client.post(
        path, data={"medication_id": med, "day": "2025-06-01", "at": "08:00", "request_key": "k1"}
    )
    assert response.status_code == 404
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(doses.DoseEvent.id))) == 2


def test_own_records_are_found(app, client, two_users):
    _, mine = two_users
    login(client, "b@example.org")
    for url in (
        f"/medications/{mine['med_id']}",
        f"/doses/{mine['dose_id']}/edit",
        f"/medications/{mine['med_id']}/history",
    ):
        assert client.get(url).status_code == 200, url
