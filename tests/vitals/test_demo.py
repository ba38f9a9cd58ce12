"""The demo's vitals and lab results, added through the registry's `demo` field: a gradual,
noisy weight gain after quetiapine is started, occasional blood pressures, lithium levels drawn
12 h after a logged evening dose, kidney and thyroid bloods around its start, and the
metabolic panel again later with one value outside the lab's range."""

from datetime import time, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import NOW
from tracker.cli.demo import build_demo
from tracker.extensions import db
from tracker.labs import services as labs
from tracker.labs.models import LabResult
from tracker.medications.models import DoseEvent, Medication
from tracker.timeutils import to_local
from tracker.vitals.models import VitalSign

TZ = "Europe/London"


@pytest.fixture
def demo(app):
    with app.app_context():
        user = build_demo(days=120, timezone=TZ, now=NOW)
        db.session.commit()
        meds = {m.name: m for m in db.session.scalars(select(Medication))}
        vitals = list(db.session.scalars(select(VitalSign).order_by(VitalSign.at)))
        results = list(db.session.scalars(select(LabResult).order_by(LabResult.at)))
        lithium = meds["lithium"]
        doses = db.session.scalars(
            select(DoseEvent.taken_at).where(
                DoseEvent.medication_id == lithium.id, DoseEvent.action == "taken"
            )
        )
        yield user, meds, vitals, results, set(doses)


def test_weight_creeps_up_by_2_to_4_kg_after_quetiapine_starts(demo):
    _, meds, vitals, _, _ = demo
    quetiapine = meds["quetiapine"]
    assert quetiapine.versions[0].doses[0].amount == 25
    assert quetiapine.versions[0].doses[0].at == time(22)
    weights = [(v.day, v.weight) for v in vitals if v.weight is not None]
    assert len(weights) >= 14 and all(v.weight_unit == "kg" for v in vitals if v.weight)
    before = [w for day, w in weights if day <= quetiapine.started_on]
    last = [w for _, w in weights[-3:]]
    gain = sum(last) / len(last) - sum(before) / len(before)
    assert 2 <= gain <= 4
    steps = [b - a for (_, a), (_, b) in zip(weights, weights[1:], strict=False)]
    assert any(step < 0 for step in steps)  # noisy, not a straight line


def test_a_blood_pressure_with_pulse_about_every_four_weeks(demo):
    _, _, vitals, _, _ = demo
    readings = [v for v in vitals if v.systolic is not None]
    assert 3 <= len(readings) <= 5
    assert all(v.systolic > v.diastolic and v.pulse for v in readings)
    gaps = {(b.day - a.day).days for a, b in zip(readings, readings[1:], strict=False)}
    assert gaps <= {21, 28, 35, 56}


def test_lithium_levels_are_troughs_12_h_after_a_logged_evening_dose(demo):
    user, meds, _, results, taken = demo
    lithium = meds["lithium"]
    sertraline = meds["sertraline"]
    assert lithium.started_on > sertraline.versions[1].effective_from  # after the increase
    assert lithium.versions[0].doses[0].at == time(21)
    levels = [r for r in results if r.test == "lithium"]
    weeks = [(r.day - lithium.started_on).days / 7 for r in levels]
    assert [round(w) for w in weeks] == [1, 2, 4, 8]
    for r in levels:
        assert r.last_dose_at in taken and r.at - r.last_dose_at == timedelta(hours=12)
        assert to_local(r.last_dose_at, TZ).hour in (20, 21)
        assert labs.since_dose(r) == "12 h after the last dose"
        assert 0.4 <= r.value <= 0.8 and (r.ref_low, r.ref_high, r.unit) == (0.4, 1.0, "mmol/L")
    assert [r.value for r in levels] == sorted(r.value for r in levels)  # to steady state


def test_kidney_and_thyroid_bloods_before_lithium_and_with_its_later_level(demo):
    _, meds, _, results, _ = demo
    start = meds["lithium"].started_on
    for test in ("creatinine", "egfr", "tsh"):
        days = [r.day for r in results if r.test == test]
        assert any(start - timedelta(days=7) <= d < start for d in days), test
        assert any(d > start + timedelta(weeks=6) for d in days), test


def test_metabolic_panels_at_the_start_and_later_with_one_value_outside_the_range(demo):
    _, meds, _, results, _ = demo
    days = sorted({r.day for r in results if r.test == "fasting_glucose"})
    assert len(days) == 2 and days[0] < meds["quetiapine"].started_on < days[1]
    outside = [labs.summary(r) for r in results if r.outside_range]
    assert outside == ["LDL cholesterol 3.4 mmol/L (lab's range up to 3) · outside the lab's range"]
    assert all(r.day <= (NOW + timedelta(days=1)).date() for r in results)
