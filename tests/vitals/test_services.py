"""Vitals rules: ranges with messages, weights kept as entered in kg or lb, the timeline line."""

from datetime import date, timedelta

import pytest

from tests.conftest import NOW, make_user
from tracker.auth.models import User
from tracker.errors import Conflict, Invalid
from tracker.extensions import db
from tracker.vitals import services
from tracker.vitals.services import VitalFields

AT = NOW - timedelta(hours=2)


@pytest.fixture
def user(app):
    uid = make_user(app, tz="Europe/Berlin")
    with app.app_context():
        yield db.session.get(User, uid)


def _log(user, **fields):
    return services.record_vitals(user, VitalFields(at=AT, **fields), now=NOW)


def test_an_entry_may_hold_any_one_measure(user):
    assert _log(user, weight=82.4).weight == 82.4
    assert _log(user, systolic=128, diastolic=82, pulse=71).pulse == 71
    assert _log(user, heart_rate=64).heart_rate == 64


def test_an_entry_without_any_measure_is_refused_beside_the_weight(user):
    with pytest.raises(Invalid) as err:
        _log(user, note="felt fine")
    assert err.value.field == "weight"
    assert "weight, a blood pressure or a heart rate" in err.value.message


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"weight": 19.9}, "weight", "Enter a weight from 20 to 350 kg."),
        ({"weight": 350.1}, "weight", "Enter a weight from 20 to 350 kg."),
        ({"weight": 44.0, "weight_unit": "lb"}, "weight", "from 44.1 to 771.6 lb"),
        ({"weight": 80, "weight_unit": "st"}, "weight_unit", "Choose kg or lb."),
        ({"systolic": 120}, "diastolic", "Enter both numbers"),
        ({"diastolic": 80}, "systolic", "Enter both numbers"),
        ({"systolic": 59, "diastolic": 40}, "systolic", "from 60 to 260"),
        ({"systolic": 120, "diastolic": 161}, "diastolic", "from 30 to 160"),
        ({"systolic": 80, "diastolic": 80}, "diastolic", "must be above the lower one"),
        ({"systolic": 120, "diastolic": 80, "pulse": 24}, "pulse", "from 25 to 250"),
        ({"pulse": 70}, "pulse", "goes with a blood pressure"),
        ({"heart_rate": 251}, "heart_rate", "from 25 to 250 beats per minute"),
    ],
)
def test_out_of_range_measures_are_refused_beside_their_field(user, fields, field, message):
    with pytest.raises(Invalid) as err:
        _log(user, **fields)
    assert err.value.field == field
    assert message in err.value.message


def test_the_range_ends_are_allowed(user):
    _log(user, weight=20, systolic=260, diastolic=160, pulse=250, heart_rate=25)
    _log(user, weight=350, systolic=60, diastolic=30, pulse=25)


def test_a_weight_in_pounds_reads_back_exactly_as_entered(user):
    user.weight_unit = "lb"
    entry = _log(user, weight=180.0)
    db.session.expire_all()
    assert (entry.weight, entry.weight_unit) == (180.0, "lb")
    assert services.summary(entry, "lb") == "Weight 180.0 lb"
    assert services.summary(entry, "kg") == "Weight 81.6 kg"


def test_a_weight_is_kept_to_one_decimal_in_its_own_unit(user):
    assert _log(user, weight=82.44).weight == 82.4
    assert services.weight_text(82.4, "kg", "lb") == "181.7 lb"
    assert services.in_unit(181.7, "lb", "kg") == 82.4


def test_the_unit_given_wins_over_the_users_setting(user):
    user.weight_unit = "lb"
    assert _log(user, weight=80, weight_unit="kg").weight_unit == "kg"


def test_changing_the_unit_keeps_logged_weights_as_entered(user):
    entry = _log(user, weight=82.4)
    services.set_weight_unit(user, "lb")
    assert user.weight_unit == "lb" and entry.weight == 82.4 and entry.weight_unit == "kg"
    with pytest.raises(Invalid):
        services.set_weight_unit(user, "stone")


def test_the_timeline_line_names_each_measure(user):
    _log(user, weight=82.4, systolic=128, diastolic=82, pulse=71, heart_rate=64)
    [item] = services.timeline_items(user, date(2025, 6, 1), date(2025, 6, 3))
    assert item.detail == "Weight 82.4 kg · BP 128/82, pulse 71 · resting heart rate 64"
    assert (item.kind, item.edit_endpoint, item.id_arg) == ("vitals", "vitals.edit", "vital_id")


def test_an_edit_on_a_stale_page_is_refused(user):
    entry = _log(user, weight=82.4)
    services.update_vitals(user, entry, VitalFields(weight=83.0), row_version=1, now=NOW)
    assert entry.weight == 83.0 and entry.at == AT
    with pytest.raises(Conflict):
        services.update_vitals(user, entry, VitalFields(weight=84.0), row_version=1, now=NOW)


def test_the_same_form_sent_twice_logs_once(user):
    first = services.record_vitals(user, VitalFields(heart_rate=60), request_key="k1", now=NOW)
    again = services.record_vitals(user, VitalFields(heart_rate=60), request_key="k1", now=NOW)
    assert first.id == again.id
