"""The journal's kinds, listed once: every consumer (Today, the timeline, the exports and
imports, the API, the demo, the trends, the report) walks `KINDS` and never names a kind.

The order is the export's: a kind whose rows others point at (medications) comes first.
Adding a kind is a package with its `kind.py` and one line here (docs/architecture.md).
"""

from __future__ import annotations

from tracker.activity.kind import KIND as ACTIVITY
from tracker.appointments.kind import KIND as APPOINTMENTS
from tracker.checkins.kind import KIND as CHECKINS
from tracker.kind import JournalKind
from tracker.labs.kind import KIND as LABS
from tracker.medications.kind import KIND as MEDICATIONS
from tracker.questionnaires.kind import KIND as QUESTIONNAIRES
from tracker.sleep.kind import KIND as SLEEP
from tracker.symptoms.kind import KIND as SYMPTOMS
from tracker.therapy.kind import KIND as THERAPY
from tracker.vitals.kind import KIND as VITALS

KINDS: tuple[JournalKind, ...] = (
    MEDICATIONS,
    SYMPTOMS,
    CHECKINS,
    SLEEP,
    ACTIVITY,
    THERAPY,
    QUESTIONNAIRES,
    APPOINTMENTS,
    VITALS,
    LABS,
)
BY_KEY: dict[str, JournalKind] = {kind.key: kind for kind in KINDS}
