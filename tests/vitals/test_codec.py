"""Vitals in the export and back: JSON round trip identical, the import's rules, FHIR."""

import json
from datetime import timedelta

import pytest
from fhir.resources.R4B.observation import Observation

from tests.conftest import NOW, make_user
from tracker.auth.models import User
from tracker.exports.account import Account
from tracker.exports.context import Context, paths
from tracker.exports.fhir_codes import BundleContext, Canonicals
from tracker.exports.values import Fields, ImportRefused
from tracker.extensions import db
from tracker.registry import BY_KEY
from tracker.vitals import codec, fhir, services
from tracker.vitals.services import VitalFields


@pytest.fixture
def users(app):
    a, b = make_user(app, tz="America/New_York"), make_user(app, "bo@example.org")
    with app.app_context():
        yield db.session.get(User, a), db.session.get(User, b)


def _dump(user):
    [table] = codec.TABLES
    rows = db.session.scalars(table.rows_of(user)).all()
    return [table.dump(row, {}) for row in sorted(rows, key=table.order)]


def _load(user, items):
    ctx = Context(user, NOW)
    rows = []
    for n, item in enumerate(items):
        f = Fields(item, f"vital_signs[{n}]")
        with paths(f.path):  # as the importer calls a loader: a rule's field named by path
            rows.append(codec.load(ctx, f))
            f.done()
    db.session.add_all(rows)
    db.session.flush()


def test_the_kind_declares_its_tables_and_loaders():
    kind = BY_KEY["vitals"]
    assert [t.name for t in kind.tables] == ["vital_signs"] == list(kind.loaders)


def test_export_import_export_is_identical(users):
    ada, bo = users
    at = NOW - timedelta(days=2)
    services.record_vitals(ada, VitalFields(at=at, weight=180.0, weight_unit="lb"), now=NOW)
    fields = VitalFields(at=at, systolic=128, diastolic=82, pulse=71, heart_rate=60, note="calm")
    services.record_vitals(ada, fields, now=NOW)
    exported = json.loads(json.dumps(_dump(ada)))
    assert exported[0]["weight"] == 180.0 and exported[0]["weight_unit"] == "lb"
    _load(bo, exported)
    assert _dump(bo) == exported


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"weight_unit": None}, "weight_unit"),
        ({"weight": 10}, "weight"),
        ({"weight": "80"}, "weight"),
        ({"systolic": 80, "diastolic": 90}, "diastolic"),
    ],
)
def test_the_import_refuses_what_the_form_would(users, change, where):
    ada, bo = users
    services.record_vitals(ada, VitalFields(at=NOW, weight=80), now=NOW)
    [item] = _dump(ada)
    with pytest.raises(ImportRefused) as err:
        _load(bo, [{**item, **change}])
    assert where in str(err.value)


def test_fhir_observations_carry_loinc_codes_and_ucum_units(users):
    ada, _ = users
    fields = VitalFields(at=NOW, weight=180.0, weight_unit="lb", systolic=128, diastolic=82)
    services.record_vitals(ada, VitalFields(**{**fields.__dict__, "pulse": 71}), now=NOW)
    services.record_vitals(ada, VitalFields(at=NOW, heart_rate=60), now=NOW)
    rows = _dump(ada)
    added = []

    class Entries:
        def add(self, resource):
            added.append(resource)

    account = Account({}, {"vital_signs": rows})
    fhir.add_to_bundle(BundleContext(account, Entries(), "urn:uuid:p", Canonicals(), NOW.date()))
    for resource in added:
        Observation.model_validate(resource)
        assert resource["category"][0]["coding"][0]["code"] == "vital-signs"
    codes = [r["code"]["coding"][0]["code"] for r in added]
    assert codes == ["29463-7", "85354-9", "8867-4", "8867-4"]
    weight, pressure, pulse, resting = added
    assert weight["valueQuantity"] == {
        "value": 180.0, "unit": "lb", "system": "http://unitsofmeasure.org", "code": "[lb_av]"
    }  # fmt: skip
    parts = {c["code"]["coding"][0]["code"]: c["valueQuantity"] for c in pressure["component"]}
    assert parts["8480-6"]["value"] == 128 and parts["8462-4"]["code"] == "mm[Hg]"
    assert pulse["valueQuantity"]["code"] == "/min" and resting["valueQuantity"]["value"] == 60
    assert "Resting" in resting["note"][0]["text"]
