"""Lab results in the export and back: JSON round trip identical, the import's rules, FHIR
Observations coded with LOINC only where the catalog has a code for the unit."""

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
from tracker.labs import catalog, codec, fhir, services
from tracker.labs.services import LabFields
from tracker.registry import BY_KEY

DRAW = NOW - timedelta(days=1)


@pytest.fixture
def users(app):
    a, b = make_user(app, tz="Asia/Tokyo"), make_user(app, "bo@example.org")
    with app.app_context():
        yield db.session.get(User, a), db.session.get(User, b)


def _dump(user):
    [table] = codec.TABLES
    rows = db.session.scalars(table.rows_of(user)).all()
    return [table.dump(row, {}) for row in sorted(rows, key=table.order)]


def _load(user, items):
    ctx = Context(user, NOW)
    for n, item in enumerate(items):
        f = Fields(item, f"lab_results[{n}]")
        with paths(f.path):  # as the importer calls a loader: a rule's field named by path
            db.session.add(codec.load(ctx, f))
            f.done()
    db.session.flush()


def _log(user, test, value, **fields):
    return services.record_lab(user, LabFields(test, value, at=DRAW, **fields), now=NOW)


def test_the_kind_declares_its_tables_and_loaders():
    kind = BY_KEY["labs"]
    assert [t.name for t in kind.tables] == ["lab_results"] == list(kind.loaders)


def test_export_import_export_is_identical(users):
    ada, bo = users
    dose = DRAW - timedelta(hours=12, minutes=5)
    _log(ada, "lithium", 0.72, ref_low=0.6, ref_high=1.0, last_dose_at=dose, note="trough")
    _log(ada, None, 210, name="Platelets", unit="×10⁹/L", ref_low=150, ref_high=400)
    exported = json.loads(json.dumps(_dump(ada)))
    assert exported[0]["last_dose_at"].endswith("+09:00")
    _load(bo, exported)
    assert _dump(bo) == exported


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"test": "coffee"}, "test"),
        ({"value": -1}, "value"),
        ({"ref_low": 2.0}, "ref_high"),
        ({"name": "Lithium level"}, "name"),
        ({"unit": None}, "unit"),
    ],
)
def test_the_import_refuses_what_the_form_would(users, change, where):
    ada, bo = users
    _log(ada, "lithium", 0.72, ref_low=0.6, ref_high=1.0)
    [item] = _dump(ada)
    with pytest.raises(ImportRefused) as err:
        _load(bo, [{**item, **change}])
    assert where in str(err.value)


def _observations(rows):
    added = []

    class Entries:
        def add(self, resource):
            added.append(resource)

    account = Account({}, {"lab_results": rows})
    fhir.add_to_bundle(BundleContext(account, Entries(), "urn:uuid:p", Canonicals(), NOW.date()))
    for resource in added:
        Observation.model_validate(resource)
    return added


def test_fhir_codes_a_level_with_loinc_ucum_and_the_labs_range(users):
    ada, _ = users
    _log(ada, "lithium", 0.72, ref_low=0.6, ref_high=1.0, last_dose_at=DRAW - timedelta(hours=12))
    [obs] = _observations(_dump(ada))
    assert obs["code"]["coding"][0] == {
        "system": "http://loinc.org",
        "code": "14334-7",
        "display": "Lithium [Moles/volume] in Serum or Plasma",
    }
    assert obs["valueQuantity"]["code"] == "mmol/L"
    assert obs["referenceRange"][0]["low"]["value"] == 0.6
    assert obs["referenceRange"][0]["text"] == "As printed by the lab"
    assert "12.0 h before" in obs["note"][0]["text"]
    assert "interpretation" not in obs


def test_a_test_without_a_confirmed_code_for_its_unit_goes_by_its_text(users):
    ada, _ = users
    _log(ada, "hdl", 1.3, unit="mmol/L")  # the code we have is for mg/dL
    _log(ada, "hdl", 50, unit="mg/dL")
    _log(ada, None, 3.1, name="Vitamin D", unit="ng/dL")
    moles, mass, own = _observations(_dump(ada))
    assert moles["code"] == {"text": "HDL cholesterol"}
    assert mass["code"]["coding"][0]["code"] == "2085-9"
    assert own["code"] == {"text": "Vitamin D"} and "system" not in own["valueQuantity"]


def test_every_catalog_unit_has_a_ucum_code_and_codes_name_units_the_test_offers():
    for test in catalog.CATALOG:
        assert all(unit in catalog.UCUM for unit in test.units), test.key
        assert set(test.loinc) <= set(test.units), test.key
