"""FIBSER's three items by name: frequency, intensity and burden in the JSON and CSV exports
(not only `answers` and a `total` that is really the burden item), read back from new and
older exports alike."""

import csv
import io
import json
import uuid
import zipfile

import pytest

from tests.conftest import NOW
from tests.exports.factories import empty_user, fibser_account, full_account, get_user
from tracker.exports import services
from tracker.exports.csv_format import FOLDER
from tracker.exports.values import ImportRefused
from tracker.extensions import db

NAMED = ("frequency", "intensity", "burden")


def _export(user, fmt: str) -> bytes:  # noqa: ANN001
    return services.export(user, fmt, now=NOW).data


def _fibser_rows(doc: dict) -> list[dict]:
    return [r for r in doc["questionnaire_responses"] if r["instrument"] == "fibser"]


def test_the_json_export_names_fibsers_three_items(app):
    with app.app_context():
        doc = json.loads(_export(full_account(), "json"))
    (fibser,) = _fibser_rows(doc)
    assert {k: fibser[k] for k in NAMED} == {"frequency": 2, "intensity": 3, "burden": 4}
    assert fibser["answers"] == [2, 3, 4] and fibser["total"] == 4  # kept for older readers
    others = [r for r in doc["questionnaire_responses"] if r["instrument"] != "fibser"]
    assert others and all(r[k] is None for r in others for k in NAMED)


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        text = archive.read(f"{FOLDER}questionnaire_responses.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_csv_export_has_a_column_for_each_fibser_item(app):
    with app.app_context():
        rows = _csv_rows(_export(full_account(), "csv"))
    (fibser,) = [r for r in rows if r["instrument"] == "fibser"]
    assert [fibser[k] for k in NAMED] == ["2", "3", "4"]
    assert all(r[k] == "" for r in rows if r["instrument"] != "fibser" for k in NAMED)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_fibser_round_trips_with_its_named_items(app, fmt):
    with app.app_context():
        user = fibser_account()
        original, data = _export(user, "json"), _export(user, fmt)
        target = empty_user("target@example.org")
        load = services.import_json if fmt == "json" else services.import_csv
        load(target, data, now=NOW)
        db.session.commit()
        again = _export(get_user(target.id), "json")
    assert again == original
    (fibser,) = _fibser_rows(json.loads(again))
    assert [fibser[k] for k in NAMED] == [5, 1, 3]


def _import_json(app, doc: dict) -> dict:  # noqa: ANN001
    with app.app_context():
        target = empty_user(f"t{uuid.uuid4().hex[:8]}@example.org")
        services.import_json(target, json.dumps(doc).encode(), now=NOW)
        db.session.commit()
        return json.loads(_export(get_user(target.id), "json"))


def test_an_older_json_export_with_only_answers_and_total_reads_the_items(app):
    with app.app_context():
        doc = json.loads(_export(fibser_account(), "json"))
    for row in doc["questionnaire_responses"]:
        for key in NAMED:
            del row[key]
    (fibser,) = _fibser_rows(_import_json(app, doc))
    assert [fibser[k] for k in NAMED] == [5, 1, 3] and fibser["total"] == 3


def test_a_json_with_only_the_named_items_reads_them_as_the_answers(app):
    with app.app_context():
        doc = json.loads(_export(fibser_account(), "json"))
    _fibser_rows(doc)[0]["answers"] = None
    (fibser,) = _fibser_rows(_import_json(app, doc))
    assert fibser["answers"] == [5, 1, 3]


def test_an_older_csv_export_without_the_named_columns_reads_the_items(app):
    with app.app_context():
        data = _export(fibser_account(), "csv")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = {i.filename: archive.read(i) for i in archive.infolist()}
    name = f"{FOLDER}questionnaire_responses.csv"
    rows = list(csv.reader(io.StringIO(files[name].decode("utf-8-sig"), newline="")))
    keep = [n for n, column in enumerate(rows[0]) if column not in NAMED]
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(
        [[row[n] for n in keep] for row in rows]
    )
    files[name] = out.getvalue().encode("utf-8-sig")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for filename, content in files.items():
            archive.writestr(filename, content)
    with app.app_context():
        target = empty_user("old@example.org")
        services.import_csv(target, buffer.getvalue(), now=NOW)
        db.session.commit()
        (fibser,) = _fibser_rows(json.loads(_export(get_user(target.id), "json")))
    assert [fibser[k] for k in NAMED] == [5, 1, 3]


@pytest.mark.parametrize(
    ("instrument", "changes", "expected"),
    [
        ("fibser", {"intensity": 2}, "answers: differs from frequency, intensity and burden."),
        ("fibser", {"answers": None, "burden": 7}, "burden: Choose an answer from 0 to 6."),
        ("fibser", {"answers": None, "intensity": None}, "intensity: Choose an answer."),
        ("fibser", {"frequency": "5"}, "frequency: expected a whole number."),
        ("gad7", {"burden": 1}, "burden: only FIBSER has frequency, intensity and burden."),
    ],
)
def test_named_items_that_do_not_fit_are_refused_naming_the_field(
    app, instrument, changes, expected
):
    with app.app_context():
        doc = json.loads(_export(fibser_account(), "json"))
    (row,) = [r for r in doc["questionnaire_responses"] if r["instrument"] == instrument]
    row.update(changes)
    with app.app_context():
        target = empty_user("refused@example.org")
        with pytest.raises(ImportRefused) as refused:
            services.import_json(target, json.dumps(doc).encode(), now=NOW)
        db.session.rollback()
    assert refused.value.message.endswith(expected), refused.value.message
