"""Lab result rules: the catalog or a name, numbers, the lab's range, the dose before the draw,
and the timeline line that shows the range and never judges a value."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from tests.conftest import NOW, make_user
from tracker.auth.models import User
from tracker.errors import Conflict, Invalid
from tracker.extensions import db
from tracker.labs import services
from tracker.labs.services import LabFields

AT = NOW - timedelta(hours=2)


@pytest.fixture
def user(app):
    uid = make_user(app, tz="Europe/Berlin")
    with app.app_context():
        yield db.session.get(User, uid)


def _log(user, test="lithium", value=0.72, **fields):
    fields.setdefault("at", AT)
    return services.record_lab(user, LabFields(test, value, **fields), now=NOW)


def test_a_catalog_test_without_a_unit_takes_its_usual_unit(user):
    assert _log(user).unit == "mmol/L"
    assert _log(user, "tsh", 2.1).unit == "mIU/L"
    assert _log(user, "creatinine", 0.9, unit="mg/dL").unit == "mg/dL"


def test_another_test_needs_its_name_and_unit(user):
    entry = _log(user, None, 210, name="Platelets", unit="×10⁹/L")
    assert (entry.test, entry.name, services.label(entry)) == (None, "Platelets", "Platelets")
    with pytest.raises(Invalid) as err:
        _log(user, None, 210, name="Platelets")
    assert (err.value.field, err.value.message) == (
        "unit",
        "Enter the unit the lab gave (like mmol/L).",
    )
    with pytest.raises(Invalid) as err:
        _log(user, None, 210, unit="g/L")
    assert err.value.field == "name"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"test": "caffeine"}, "test", "Choose the test from the list"),
        ({"value": None}, "value", "Enter the result as a number."),
        ({"value": -0.1}, "value", "Enter the result as a number of 0 or more."),
        ({"value": float("nan")}, "value", "a number of 0 or more"),
        ({"ref_low": -1.0}, "ref_low", "low end as a number of 0 or more"),
        ({"ref_low": 1.0, "ref_high": 0.6}, "ref_high", "must not be above the high end"),
        ({"last_dose_at": AT}, "last_dose_at", "must be before the blood was drawn"),
        ({"last_dose_at": AT + timedelta(hours=1)}, "last_dose_at", "before the blood"),
        ({"last_dose_at": AT - timedelta(days=15)}, "last_dose_at", "within 14 days"),
        ({"at": NOW + timedelta(hours=1)}, "at", "in the future"),
    ],
)
def test_bad_fields_are_refused_beside_the_field(user, fields, field, message):
    with pytest.raises(Invalid) as err:
        _log(user, **{"test": "lithium", "value": 0.7, **fields})
    assert err.value.field == field
    assert message in err.value.message


def test_the_timeline_shows_the_labs_range_and_the_time_since_the_dose(user):
    _log(user, ref_low=0.6, ref_high=1.0, last_dose_at=AT - timedelta(hours=12))
    [item] = services.timeline_items(user, date(2025, 6, 1), date(2025, 6, 3))
    assert item.detail == "Lithium 0.72 mmol/L (lab's range 0.6–1) · 12 h after the last dose"
    assert (item.kind, item.edit_endpoint, item.id_arg) == ("labs", "labs.edit", "lab_id")


@pytest.mark.parametrize(
    ("value", "low", "high", "outside"),
    [(1.3, 0.6, 1.0, True), (0.4, 0.6, 1.0, True), (1.0, 0.6, 1.0, False), (9, None, None, False)],
)
def test_a_value_outside_the_entered_range_is_marked_and_never_judged(
    user, value, low, high, outside
):
    entry = _log(user, value=value, ref_low=low, ref_high=high)
    line = services.summary(entry)
    assert ("outside the lab's range" in line) is outside
    for word in ("high", "low", "toxic", "normal", "abnormal"):
        assert word not in line.replace("lab's range", "")


def test_one_ended_ranges_and_long_gaps_read_plainly(user):
    entry = _log(user, "ldl", 3.4, ref_high=3.0, last_dose_at=AT - timedelta(days=3, hours=1))
    assert services.summary(entry) == (
        "LDL cholesterol 3.4 mmol/L (lab's range up to 3) · outside the lab's range"
        " · 3 days after the last dose"
    )
    entry = _log(user, "hdl", 1.4, ref_low=1.0, last_dose_at=AT - timedelta(hours=1, minutes=30))
    assert services.summary(entry) == (
        "HDL cholesterol 1.4 mmol/L (lab's range from 1) · 1 h 30 min after the last dose"
    )


def test_an_edit_checks_the_dose_against_the_new_draw_time_and_stale_pages(user):
    entry = _log(user, last_dose_at=AT - timedelta(hours=12))
    earlier = replace(services.lab_fields(entry), at=AT - timedelta(hours=13))
    with pytest.raises(Invalid) as err:
        services.update_lab(user, entry, earlier, row_version=1, now=NOW)
    assert err.value.field == "last_dose_at" and entry.at == AT
    changed = replace(services.lab_fields(entry), value=0.8)
    services.update_lab(user, entry, changed, row_version=1, now=NOW)
    assert entry.value == 0.8
    with pytest.raises(Conflict):
        services.update_lab(user, entry, changed, row_version=1, now=NOW)
