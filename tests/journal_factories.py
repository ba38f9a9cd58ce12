"""One entry of every journal kind for a user, made directly from the models (for route walks)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tracker.activity.models import ActivityEntry, OwnPractice, PracticeEntry, SubstanceEntry
from tracker.checkins.models import MoodCheckin
from tracker.extensions import db
from tracker.labs.models import LabResult
from tracker.questionnaires.models import QuestionnaireResponse
from tracker.sleep.models import Nap, SleepEntry
from tracker.symptoms.models import Symptom, SymptomEntry
from tracker.therapy.models import TherapySession
from tracker.vitals.models import VitalSign

AT = datetime(2025, 6, 1, 18, 0, tzinfo=UTC)


def journal_entries(user_id: int) -> dict[str, int]:
    """Ids by kind: symptom, mood, sleep, nap, activity, practice, substance, therapy, phq9,
    and by URL argument: vital_id, lab_id, own_id (an own practice)."""
    base = {
        "user_id": user_id,
        "tz": "Europe/Berlin",
        "day": date(2025, 6, 1),
        "at": AT,
        "created_at": AT,
    }
    symptom = Symptom(user_id=user_id, key="brain_fog", name="Brain fog", followed=True)
    own = OwnPractice(user_id=user_id, name="Prayer", mode="yes_no", followed=True, created_at=AT)
    db.session.add_all([symptom, own])
    db.session.flush()
    rows = {
        "symptom": SymptomEntry(**base, symptom_id=symptom.id, severity=4),
        "mood": MoodCheckin(**base, mood=5, anxiety=4),
        "sleep": SleepEntry(
            **{**base, "at": AT - timedelta(hours=20)},
            tried_to_sleep_at=AT - timedelta(hours=19, minutes=50),
            sol_minutes=15,
            awakenings=1,
            waso_minutes=20,
            final_awakening_at=AT - timedelta(hours=12),
            out_of_bed_at=AT - timedelta(hours=11, minutes=45),
            quality=3,
        ),
        "nap": Nap(**base, minutes=20),
        "activity": ActivityEntry(**base, kind="walking", minutes=30, intensity="moderate"),
        "practice": PracticeEntry(**base, practice="mindfulness", minutes=10, done=True),
        "substance": SubstanceEntry(**base, substance="caffeine", amount=1),
        "therapy": TherapySession(**base, modality="cbt", duration_minutes=50),
        "phq9": QuestionnaireResponse(
            **base, instrument="phq9", answers="0,0,0,0,0,0,0,0,0", total=0, item9=0
        ),
        "vital_id": VitalSign(**base, weight=82.4, weight_unit="kg", systolic=128, diastolic=82),
        "lab_id": LabResult(**base, test="lithium", value=0.72, unit="mmol/L", ref_low=0.6),
    }
    db.session.add_all(rows.values())
    db.session.flush()
    out = {kind: row.id for kind, row in rows.items()}
    out["symptom_def"] = symptom.id
    out["own_id"] = own.id
    return out
