"""Own practices in the exports: their table and the entries' refs round trip through JSON and
the CSV zip; an older file without them still imports; FHIR names them by their text."""

import json

import pytest

from tests.conftest import NOW
from tests.exports.factories import empty_user, full_account, get_user
from tests.exports.test_csv_import import _cells, _files, _table, _zip
from tracker.exports import services
from tracker.exports.csv_format import FOLDER
from tracker.exports.values import ImportRefused
from tracker.extensions import db


@pytest.fixture
def exported(app):
    with app.app_context():
        return json.loads(services.export(full_account(), "json", now=NOW).data)


def _own_rows(doc: dict) -> list[tuple]:
    names = {p["ref"]: p["name"] for p in doc["own_practices"]}
    return [
        (names.get(e["own_practice_ref"]), e["practice"], e["minutes"])
        for e in doc["practice_entries"]
    ]


def test_own_practices_and_their_entries_round_trip_through_json(app, exported):
    assert [(p["name"], p["mode"], p["followed"]) for p in exported["own_practices"]] == [
        ("Prayer ada", "yes_no", True),
        ("Somatic exercises", "minutes", False),
    ]
    assert sorted(_own_rows(exported), key=str) == sorted(
        [
            (None, "mindfulness", 10),
            (None, "meals", None),
            ("Prayer ada", None, None),
            ("Somatic exercises", None, 15),
        ],
        key=str,
    )
    with app.app_context():
        bob = empty_user("bob@example.org")
        services.import_json(bob, json.dumps(exported).encode(), now=NOW)
        db.session.commit()
        again = json.loads(services.export(get_user(bob.id), "json", now=NOW).data)
    assert again["own_practices"] == exported["own_practices"]
    assert _own_rows(again) == _own_rows(exported)


def test_an_older_json_export_without_own_practices_imports(app, exported):
    del exported["own_practices"]
    exported["practice_entries"] = [
        {k: v for k, v in e.items() if k != "own_practice_ref"}
        for e in exported["practice_entries"]
        if e["practice"] is not None
    ]
    with app.app_context():
        bob = empty_user("bob@example.org")
        counts = services.import_json(bob, json.dumps(exported).encode(), now=NOW)
        assert counts["own_practices"] == 0 and counts["practice_entries"] == 2


def test_an_older_csv_zip_without_own_practices_imports(app):
    with app.app_context():
        files = _files(services.export(full_account(), "csv", now=NOW).data)
    del files[f"{FOLDER}own_practices.csv"]
    name = f"{FOLDER}practice_entries.csv"
    header, *rows = _cells(files[name])
    drop = header.index("own_practice_ref")
    kept = [r for r in rows if r[header.index("practice")]]
    files[name] = _table([[c for n, c in enumerate(r) if n != drop] for r in [header, *kept]])
    with app.app_context():
        bob = empty_user("bob@example.org")
        services.import_csv(bob, _zip(files), now=NOW)
        doc = json.loads(services.export(get_user(bob.id), "json", now=NOW).data)
    assert doc["own_practices"] == []
    assert {e["practice"] for e in doc["practice_entries"]} == {"mindfulness", "meals"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda doc: doc["practice_entries"][2].update(practice="water"),
            "a listed practice or its own, not both",
        ),
        (
            lambda doc: doc["own_practices"][1].update(name="prayer ADA"),
            "own_practices[1].name: a second practice of that name.",
        ),
        (
            lambda doc: doc["own_practices"][0].update(name="Enough water"),
            "own_practices[0].name: That is one of the listed practices",
        ),
        (
            lambda doc: doc["own_practices"][0].update(mode="hours"),
            "own_practices[0].mode: Choose minutes or yes/no.",
        ),
    ],
)
def test_a_bad_own_practice_or_reference_is_refused(app, exported, change, message):
    change(exported)
    with app.app_context():
        bob = empty_user("bob@example.org")
        with pytest.raises(ImportRefused) as refused:
            services.import_json(bob, json.dumps(exported).encode(), now=NOW)
    assert message in refused.value.message


def test_fhir_names_an_own_practice_by_its_text_without_a_code(app):
    with app.app_context():
        bundle = json.loads(services.export(full_account(), "fhir", now=NOW).data)
    practices = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation" and "coding" not in e["resource"]["code"]
    ]
    by_name = {o["code"]["text"]: o for o in practices}
    assert set(by_name) >= {"Prayer ada", "Somatic exercises", "Mindfulness / meditation"}
    assert by_name["Prayer ada"]["valueBoolean"] is True
    assert by_name["Somatic exercises"]["valueQuantity"] == {
        "value": 15,
        "unit": "min",
        "system": "http://unitsofmeasure.org",
        "code": "min",
    }
