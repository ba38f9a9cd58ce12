"""The data version moves on every change to a user's data, and only to that user's."""

from datetime import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.conftest import NOW, config, make_user
from tests.journal_factories import journal_entries
from tracker import dataversion
from tracker.activity.models import ActivityEntry, PracticeEntry, SubstanceEntry
from tracker.app import create_app
from tracker.auth.models import User, UserSession
from tracker.checkins.models import MoodCheckin
from tracker.dataversion import table_versions
from tracker.extensions import db
from tracker.medications import services as meds
from tracker.medications.models import ScheduleDose
from tracker.questionnaires.models import QuestionnaireResponse
from tracker.sleep.models import Nap, SleepEntry
from tracker.symptoms.models import SymptomEntry
from tracker.therapy.models import TherapySession

JOURNAL_MODELS = {
    "symptom": SymptomEntry,
    "mood": MoodCheckin,
    "sleep": SleepEntry,
    "nap": Nap,
    "activity": ActivityEntry,
    "practice": PracticeEntry,
    "substance": SubstanceEntry,
    "therapy": TherapySession,
    "phq9": QuestionnaireResponse,
}


def version(user_id: int) -> int:
    db.session.expire_all()
    return db.session.scalar(select(User.data_version).where(User.id == user_id))


def test_every_journal_kind_created_edited_and_deleted_moves_only_its_owners_version(app):
    ada, bob = make_user(app), make_user(app, "bob@example.org")
    with app.app_context():
        ids = journal_entries(ada)
        db.session.commit()
        assert version(ada) > 0 and version(bob) == 0
        for kind, model in JOURNAL_MODELS.items():
            before = version(ada)
            row = db.session.get(model, ids[kind])
            row.note = f"edited {kind}"
            db.session.commit()
            edited = version(ada)
            assert edited > before, kind
            table = model.__table__.name
            moved_before = table_versions(db.session.get(User, ada)).get(table, 0)
            db.session.delete(db.session.get(model, ids[kind]))
            db.session.commit()
            assert version(ada) > edited, kind
            # the table's own version moved with it
            after = table_versions(db.session.get(User, ada))
            assert after[table] == moved_before + 1, kind
        assert version(bob) == 0
        assert table_versions(db.session.get(User, bob)) == {}


def test_a_new_medication_moves_each_table_it_writes(app):
    ada = make_user(app)
    with app.app_context():
        user = db.session.get(User, ada)
        meds.create_medication(
            user,
            meds.MedicationFields(name="sertraline", started_on=NOW.date()),
            doses=[(time(8), 50), (time(20), 50)],
            today=NOW.date(),
            now=NOW,
        )
        db.session.commit()
        moved = table_versions(user)
        for table in ("medications", "schedule_versions", "schedule_doses"):
            assert moved.get(table) == 1, (table, moved)
        assert "mood_checkins" not in moved


def test_a_schedule_dose_counts_for_the_owner_of_its_version(app):
    ada = make_user(app)
    with app.app_context():
        user = db.session.get(User, ada)
        med = meds.create_medication(
            user,
            meds.MedicationFields(name="sertraline", started_on=NOW.date()),
            doses=[(time(8), 50)],
            today=NOW.date(),
            now=NOW,
        )
        db.session.commit()
        before = version(ada)
        dose = db.session.scalars(select(ScheduleDose)).one()
        dose.amount = 75
        db.session.commit()
        assert version(ada) > before
        assert med.user_id == ada


def test_settings_move_the_version_but_sign_in_bookkeeping_does_not(app, client):
    ada = make_user(app)
    client.post("/login", data={"email": "ada@example.org", "password": "correct horse battery"})
    with app.app_context():
        assert db.session.scalar(select(UserSession).where(UserSession.user_id == ada))
        assert version(ada) == 0
        user = db.session.get(User, ada)
        user.timezone = "Asia/Tokyo"
        db.session.commit()
        assert version(ada) > 0


def test_a_rolled_back_save_leaves_the_version_as_it_was(app):
    ada = make_user(app)
    with app.app_context():
        journal_entries(ada)
        db.session.rollback()
        assert version(ada) == 0


def test_a_savepoint_rolled_back_after_the_increment_does_not_hide_a_later_change(app):
    ada = make_user(app)
    with app.app_context():
        user = db.session.get(User, ada)
        try:
            with db.session.begin_nested():
                user.display_name = "first try"
                db.session.flush()
                raise RuntimeError("roll the savepoint back")
        except RuntimeError:
            pass
        user.display_name = "second try"
        db.session.commit()
        assert version(ada) == 1


def test_many_flushes_in_one_transaction_move_the_version_once(app):
    ada = make_user(app)
    with app.app_context():
        user = db.session.get(User, ada)
        for name in ("a", "b", "c"):
            user.display_name = name
            db.session.flush()
        db.session.commit()
        assert version(ada) == 1


def test_share_links_and_their_openings_leave_the_version_alone(app):
    from datetime import date

    from tracker.shares import services as shares

    ada = make_user(app)
    with app.app_context():
        user = db.session.get(User, ada)
        created = shares.create_share(
            user,
            label="Dr. Okafor",
            first=date(2025, 5, 1),
            last=date(2025, 6, 1),
            days=14,
            pin=None,
            now=NOW,
        )
        db.session.commit()
        link = shares.find_share(created.token, now=NOW)
        shares.record_opening(link, now=NOW)
        db.session.commit()
        assert version(ada) == 0


def test_the_versions_are_kept_on_db_session_once_however_many_apps_are_made(app, tmp_path):
    """The listeners go on db.session's own factory in init_app: another app does not add them
    twice, and a Session made any other way (a script's) moves no version."""
    create_app(config(app.config["DATABASE_URL"], str(tmp_path / "second")))
    ada = make_user(app)
    with app.app_context():
        assert list(db.session().dispatch.before_flush).count(dataversion._bump) == 1
        with Session(db.engine) as bare:
            bare.get(User, ada).display_name = "changed by a script"
            bare.commit()
        assert version(ada) == 0
        assert db.session.get(User, ada).display_name == "changed by a script"
        db.session.get(User, ada).display_name = "changed in the app"
        db.session.commit()
        assert version(ada) == 1
