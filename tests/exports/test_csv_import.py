"""Our CSV zip imports back: into an empty account, with the JSON import's checks, all or
nothing, and every refusal names the file, line and column."""

import csv
import io
import json
import uuid
import zipfile
from datetime import timedelta

import pytest

from tests.conftest import NOW
from tests.exports.factories import FORMULA, empty_user, full_account, get_user
from tracker.checkins import services as checkins
from tracker.exports import csv_reader, json_format, services
from tracker.exports.account import KINDS
from tracker.exports.csv_format import FOLDER
from tracker.exports.values import ImportRefused
from tracker.extensions import db


def _export(user, fmt: str) -> bytes:  # noqa: ANN001
    return services.export(user, fmt, now=NOW).data


def _without_private_notes(doc: dict) -> dict:
    """The JSON document as the CSV can carry it: therapy notes are never in the CSV."""
    for row in doc["therapy_sessions"]:
        row["notes"] = None
    return doc


def _files(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _zip(files: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _cells(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def _table(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def _set_cell(data: bytes, kind: str, row: int, column: str, text: str) -> bytes:
    """The zip with one cell's written text replaced (row 0 is the first after the header)."""
    files = _files(data)
    header, *rows = _cells(files[f"{FOLDER}{kind}.csv"])
    rows[row][header.index(column)] = text
    files[f"{FOLDER}{kind}.csv"] = _table([header, *rows])
    return _zip(files)


@pytest.fixture
def exported(app) -> bytes:
    with app.app_context():
        return _export(full_account(), "csv")


def _refused(app, data: bytes) -> ImportRefused:  # noqa: ANN001
    """Import into a fresh empty account; return the refusal and check nothing was added."""
    with app.app_context():
        user = empty_user(f"new{uuid.uuid4().hex[:8]}@example.org")
        before = _export(user, "json")
        with pytest.raises(ImportRefused) as refused:
            services.import_csv(user, data, now=NOW)
        db.session.rollback()
        assert _export(get_user(user.id), "json") == before
    return refused.value


# Round trips -----------------------------------------------------------------------------------


def test_the_zip_reads_into_the_json_document_less_the_private_notes(app):
    with app.app_context():
        user = full_account()
        zipped, original = _export(user, "csv"), json.loads(_export(user, "json"))
    doc = csv_reader.loads_zip(zipped)
    assert all("notes" not in row for row in doc["therapy_sessions"])
    for row in original["therapy_sessions"]:
        del row["notes"]
    assert doc == original
    assert doc == json_format.loads(json.dumps(doc).encode())  # a document the JSON reader takes


def test_a_csv_import_into_an_empty_account_exports_the_same_json_less_private_notes(app):
    with app.app_context():
        user = full_account()
        original, zipped = json.loads(_export(user, "json")), _export(user, "csv")
        target = empty_user()
        counts = services.import_csv(target, zipped, now=NOW)
        db.session.commit()
        again = json.loads(_export(get_user(target.id), "json"))
    assert again == _without_private_notes(original)
    assert counts == {kind.name: len(original[kind.name]) for kind in KINDS}


def test_the_demo_account_round_trips_through_csv_too(app):
    from tracker.cli.demo import build_demo

    with app.app_context():
        demo = build_demo(days=30, timezone="America/Sao_Paulo", now=NOW)
        db.session.commit()
        original, zipped = json.loads(_export(demo, "json")), _export(demo, "csv")
        target = empty_user()
        services.import_csv(target, zipped, now=NOW)
        db.session.commit()
        assert json.loads(_export(get_user(target.id), "json")) == _without_private_notes(original)


TEXTS = [
    FORMULA,
    "=1+1",
    "+49 30 1234",
    "-5 mood",
    "@SUM(A1)",
    "'already quoted",
    "''two quotes",
    "'=quote then formula",
    "mid=dle - ok",
    "42",  # text that looks like a number, a flag or a list stays text: columns have types
    "true",
    "1;2",
]


def test_formula_looking_text_comes_back_exactly(app):
    with app.app_context():
        user = empty_user("formulas@example.org")
        user.display_name = "@Zoë"
        for n, note in enumerate(TEXTS):
            at = NOW - timedelta(hours=n + 1)
            checkins.record_checkin(user, ratings={"mood": 5}, note=note, at=at, now=NOW)
        db.session.commit()
        zipped = _export(user, "csv")
        target = empty_user()
        services.import_csv(target, zipped, now=NOW)
        db.session.commit()
        doc = json.loads(_export(get_user(target.id), "json"))
    assert [row["note"] for row in reversed(doc["mood_checkins"])] == TEXTS
    assert doc["profile"]["display_name"] == "@Zoë"


# Refusals --------------------------------------------------------------------------------------


# The header is line 1. The second dose's note holds two line breaks, so it spans lines 3 to 5
# and the fourth dose starts on line 7; so does the first symptom entry's: the second, line 5.
@pytest.mark.parametrize(
    ("kind", "row", "column", "text", "line", "message"),
    [
        ("dose_events", 3, "amount", "-1", 7, "Enter an amount above 0."),
        ("dose_events", 3, "helped", "7.5", 7, "expected a whole number."),
        ("sleep_entries", 0, "quality", "9", 2, "Choose how well you slept"),
        ("sleep_entries", 0, "quality", "three", 2, "expected a whole number."),
        ("medications", 0, "as_needed", "yes", 2, "expected true or false."),
        ("mood_checkins", 0, "at", "2025-05-25T08:00", 2, "the offset is missing."),
        ("symptom_entries", 1, "symptom_ref", "9", 5, "no symptoms entry with ref 9"),
        ("questionnaire_responses", 0, "answers", "1;x", 2, "expected a list of whole numbers."),
        ("profile", 0, "questionnaire_days", "400", 2, "Choose from 7 to 90."),
        ("profile", 0, "mood_scales", "mood;colour", 2, "'colour' is not one of"),
    ],
)
def test_a_broken_cell_names_file_line_and_column_and_nothing_is_added(
    app, exported, kind, row, column, text, line, message
):
    refused = _refused(app, _set_cell(exported, kind, row, column, text))
    assert refused.path == f"{kind}.csv, line {line}, column {column}"
    assert message in refused.detail


def test_a_row_late_in_the_last_file_undoes_everything_before_it(app, exported):
    refused = _refused(app, _set_cell(exported, "questions", 1, "day", "yesterday"))
    assert refused.message.startswith("questions.csv, line 4, column day: expected a date")


def test_a_refusal_about_a_whole_row_names_the_file(app, exported):
    files = _files(exported)
    header, *rows = _cells(files[f"{FOLDER}schedule_doses.csv"])
    files[f"{FOLDER}schedule_doses.csv"] = _table([header, *rows[1:]])
    refused = _refused(app, _zip(files))
    assert refused.message == "schedule_versions.csv (ref 1): has no dose in schedule_doses."


def test_bytes_that_are_not_a_zip_are_refused(app, exported):
    with app.app_context():
        json_export = _export(full_account("other@example.org"), "json")
    for data in (b"", b"not a zip", json_export, exported[: len(exported) // 2]):
        assert "not a zip" in _refused(app, data).message


def test_a_zip_without_the_profile_is_not_an_export(app, exported):
    files = _files(exported)
    del files[f"{FOLDER}profile.csv"]
    refused = _refused(app, _zip(files))
    assert refused.path == "tracker-export/profile.csv" and "not a CSV export" in refused.detail
    moved = {name.removeprefix(FOLDER): data for name, data in _files(exported).items()}
    refused = _refused(app, _zip(moved))  # files taken out of their folder
    assert (
        refused.message
        == "profile.csv: should be tracker-export/profile.csv, where the export put it."
    )


def test_a_zip_missing_a_kinds_file_is_refused_not_read_as_no_rows(app, exported):
    files = _files(exported)
    del files[f"{FOLDER}naps.csv"]
    refused = _refused(app, _zip(files))
    assert refused.path == "tracker-export/naps.csv" and "is not in the zip" in refused.detail


def test_an_older_zip_without_the_file_of_a_table_added_later_reads_it_as_no_rows(
    app, exported, monkeypatch
):
    monkeypatch.setattr(csv_reader, "LATER_FILES", frozenset({"naps"}))  # as if naps were new
    files = _files(exported)
    del files[f"{FOLDER}naps.csv"]
    with app.app_context():
        doc = csv_reader.loads_zip(_zip(files))
        counts = services.import_csv(empty_user(), _zip(files), now=NOW)
        db.session.rollback()
    assert "naps" not in doc and counts["naps"] == 0 and counts["sleep_entries"] == 1


def test_an_unknown_or_doubled_file_is_refused_and_macos_folders_are_skipped(app, exported):
    files = _files(exported)
    refused = _refused(app, _zip({**files, f"{FOLDER}colours.csv": b'"a"\r\n'}))
    assert refused.path == "tracker-export/colours.csv" and "not a file" in refused.detail
    buffer = io.BytesIO(_zip(files))
    with zipfile.ZipFile(buffer, "a") as archive, pytest.warns(UserWarning, match="Duplicate"):
        archive.writestr(f"{FOLDER}naps.csv", files[f"{FOLDER}naps.csv"])
    assert "in the zip twice" in _refused(app, buffer.getvalue()).detail
    with_mac = {**files, "__MACOSX/tracker-export/._naps.csv": b"\0\5\26\7", "tracker-export/": b""}
    with app.app_context():
        counts = services.import_csv(empty_user(), _zip(with_mac), now=NOW)
    assert counts["naps"] == 1


@pytest.mark.parametrize(
    ("header", "place", "message"),
    [
        (["at", "tz", "day", "minutes", "note", "created_at", "colour"], "column colour", "not a"),
        (["at", "tz", "day", "minutes", "created_at"], "line 1", "the column note is missing"),
        (["at", "tz", "day", "minutes", "note", "note"], "column note", "named twice"),
    ],
)
def test_a_header_must_name_exactly_the_files_columns(app, exported, header, place, message):
    files = _files(exported)
    files[f"{FOLDER}naps.csv"] = _table([header])
    refused = _refused(app, _zip(files))
    assert refused.path.startswith("naps.csv, line 1") and place in refused.path
    assert message in refused.detail


def test_private_notes_cannot_be_slipped_into_the_therapy_file(app, exported):
    files = _files(exported)
    header, *rows = _cells(files[f"{FOLDER}therapy_sessions.csv"])
    files[f"{FOLDER}therapy_sessions.csv"] = _table(
        [[*header, "notes"], *[[*r, "x"] for r in rows]]
    )
    assert _refused(app, _zip(files)).path == "therapy_sessions.csv, line 1, column notes"


def test_broken_csv_text_is_refused_with_its_line(app, exported):
    files = _files(exported)
    naps = files[f"{FOLDER}naps.csv"]
    for raw, place, message in (
        (naps + b'"a","b"\r\n', "naps.csv, line 3", "has 2 cells; the header names 6"),
        (naps + b'"a"x,"b"\r\n', "naps.csv, line 3", "not valid CSV"),
        (naps.replace(b"+ short", b"\xff short"), "naps.csv, byte", "not UTF-8"),
        (b"", "naps.csv", "is empty"),
    ):
        refused = _refused(app, _zip({**files, f"{FOLDER}naps.csv": raw}))
        assert refused.path.startswith(place) and message in refused.detail, refused.message


def test_a_profile_is_one_row(app, exported):
    files = _files(exported)
    header, row = _cells(files[f"{FOLDER}profile.csv"])
    for rows, place in (([header], "profile.csv"), ([header, row, row], "profile.csv, line 3")):
        refused = _refused(app, _zip({**files, f"{FOLDER}profile.csv": _table(rows)}))
        assert refused.path == place


def test_a_zip_bomb_is_refused_at_the_import_limit_or_the_one_given(app, exported):
    app.config["IMPORT_MAX_BYTES"] = 1024 * 1024
    files = _files(exported)
    files[f"{FOLDER}naps.csv"] = files[f"{FOLDER}naps.csv"] + b" " * (50 * 1024 * 1024)
    bomb = _zip(files)
    assert len(bomb) < 200 * 1024
    refused = _refused(app, bomb)
    assert refused.path == "tracker-export/naps.csv" and "over the 1 MB" in refused.detail
    app.config["IMPORT_MAX_BYTES"] = 100 * 1024 * 1024
    with app.app_context(), pytest.raises(ImportRefused, match="over the 2 MB"):
        services.import_csv(empty_user(), bomb, now=NOW, max_bytes=2 * 1024 * 1024)


def test_a_damaged_member_is_refused(app, exported):
    files = _files(exported)
    stored = bytearray(_zip(files, compression=zipfile.ZIP_STORED))
    at = stored.index(b"+ short")
    stored[at] = ord("-")  # the CRC no longer matches
    refused = _refused(app, bytes(stored))
    assert refused.path == "tracker-export/naps.csv" and "cannot be unpacked" in refused.detail


def test_importing_into_an_account_that_holds_records_is_refused_and_adds_nothing(app, exported):
    with app.app_context():
        target = empty_user()
        services.import_csv(target, exported, now=NOW)
        db.session.commit()
        before = _export(get_user(target.id), "json")
        with pytest.raises(ImportRefused, match="already holds medications"):
            services.import_csv(get_user(target.id), exported, now=NOW)
        db.session.rollback()
        assert _export(get_user(target.id), "json") == before


def test_an_older_export_without_times_known_reads_its_nights_as_timed(app, exported):
    files = _files(exported)
    name = f"{FOLDER}sleep_entries.csv"
    header, *rows = _cells(files[name])
    drop = header.index("times_known")
    files[name] = _table([[c for n, c in enumerate(r) if n != drop] for r in [header, *rows]])
    with app.app_context():
        bob = empty_user("bob@example.org")
        services.import_csv(bob, _zip(files), now=NOW)
        doc = json.loads(_export(get_user(bob.id), "json"))
        assert doc["sleep_entries"] and all(n["times_known"] for n in doc["sleep_entries"])
