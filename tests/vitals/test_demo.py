"""The demo's vitals and lab results, added through the registry's `demo` field: a gradual,
noisy weight gain after the sertraline increase, occasional blood pressures, and two lab
panels with one value outside the lab's range."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import NOW
from tracker.cli.demo import build_demo
from tracker.extensions import db
from tracker.labs import services as labs
from tracker.labs.models import LabResult
from tracker.medications.models import Medication
from tracker.vitals.models import VitalSign

TZ = "Europe/London"


@pytest.fixture
def demo(app):
    with app.app_context():
        user = build_demo(days=120, timezone=TZ, now=NOW)
        db.session.commit()
        sertraline = db.session.scalar(select(Medication).where(Medication.name == "sertraline"))
        increase = sertraline.versions[1].effective_from
        vitals = list(db.session.scalars(select(VitalSign).order_by(VitalSign.at)))
        results = list(db.session.scalars(select(LabResult).order_by(LabResult.at)))
        yield user, increase, vitals, results


def test_weight_creeps_up_by_3_to_5_kg_after_the_increase(demo):
    _, increase, vitals, _ = demo
    weights = [(v.day, v.weight) for v in vitals if v.weight is not None]
    assert len(weights) >= 14 and all(v.weight_unit == "kg" for v in vitals if v.weight)
    before = [w for day, w in weights if day <= increase]
    last = [w for _, w in weights[-3:]]
    gain = sum(last) / len(last) - sum(before) / len(before)
    assert 3 <= gain <= 5
    steps = [b - a for (_, a), (_, b) in zip(weights, weights[1:], strict=False)]
    assert any(step < 0 for step in steps)  # noisy, not a straight line


def test_a_blood_pressure_with_pulse_about_every_four_weeks(demo):
    _, _, vitals, _ = demo
    readings = [v for v in vitals if v.systolic is not None]
    assert 3 <= len(readings) <= 5
    assert all(v.systolic > v.diastolic and v.pulse for v in readings)
    gaps = {(b.day - a.day).days for a, b in zip(readings, readings[1:], strict=False)}
    assert gaps <= {21, 28, 35, 56}


def test_two_lab_panels_with_one_value_outside_the_labs_range(demo):
    _, increase, _, results = demo
    days = sorted({r.day for r in results})
    assert len(days) == 2 and days[0] < increase < days[1]
    outside = [labs.summary(r) for r in results if r.outside_range]
    assert outside == ["LDL cholesterol 3.4 mmol/L (lab's range up to 3) · outside the lab's range"]
    assert all(r.day <= (NOW + timedelta(days=1)).date() for r in results)
