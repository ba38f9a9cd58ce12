"""An invalid file is refused with a message naming what and where, and adds nothing."""

import json
import uuid

import pytest

from tests.conftest import NOW
from tests.exports.factories import empty_user, full_account, get_user
from tracker.exports import services
from tracker.exports.account import KINDS
from tracker.exports.values import ImportRefused
from tracker.extensions import db


@pytest.fixture
def exported(app):
    with app.app_context():
        return json.loads(services.export(full_account(), "json", now=NOW).data)


def _refused(app, doc_or_bytes) -> str:  # noqa: ANN001
    """Import into a fresh empty account; return the refusal and check nothing was added."""
    data = doc_or_bytes if isinstance(doc_or_bytes, bytes) else json.dumps(doc_or_bytes).encode()
    with app.app_context():
        user = empty_user(f"new{uuid.uuid4().hex[:8]}@example.org")
        before = services.export(user, "json", now=NOW).data
        with pytest.raises(ImportRefused) as refused:
            services.import_json(user, data, now=NOW)
        db.session.rollback()
        assert services.export(get_user(user.id), "json", now=NOW).data == before
    return refused.value.message


def test_broken_json_names_its_line_and_column(app, exported):
    text = json.dumps(exported, indent=2)
    lines = text.splitlines()
    lines[40] = lines[40] + " oops"
    message = _refused(app, "\n".join(lines).encode())
    assert message.startswith("line 41, column") and "not valid JSON" in message


def test_a_file_that_is_not_ours_or_of_another_version_is_refused(app, exported):
    assert "not a tracker-account file" in _refused(app, {"resourceType": "Bundle"})
    assert "reads version 1" in _refused(app, {**exported, "format_version": 2})
    assert "not UTF-8" in _refused(app, b"\xff\xfe{}")


@pytest.mark.parametrize(
    ("kind", "field", "value", "expected"),
    [
        ("dose_events", "amount", -1, "dose_events[0].amount: Enter an amount above 0."),
        ("dose_events", "taken_at", "2025-04-10T08:20:00", "offset is missing"),
        ("dose_events", "tz", "Mars/Olympus", "dose_events[0].tz: 'Mars/Olympus' is not"),
        ("mood_checkins", "mood", 11, "mood_checkins[0].mood: Choose from 0 to 10."),
        ("mood_checkins", "mood", "3", "mood_checkins[0].mood: expected a whole number."),
        ("mood_checkins", "note", "x" * 2001, "mood_checkins[0].note: keep this under 2000"),
        ("mood_checkins", "day", "2025-05-26", "mood_checkins[0].day: 2025-05-26 is not the date"),
        ("symptom_entries", "symptom_ref", 99, "symptom_entries[0].symptom_ref: no symptoms"),
        ("symptom_entries", "severity", None, "symptom_entries[0].severity: is required."),
        (
            "sleep_entries",
            "sol_minutes",
            9999,
            "sleep_entries[0].sol_minutes: Enter 0 to 720 minutes, or leave it empty.",
        ),
        ("activity_entries", "kind", "flying", "activity_entries[0].kind: Choose an activity"),
        ("substance_entries", "amount", 0.3, "substance_entries[1].amount"),
        ("therapy_sessions", "modality", "astrology", "therapy_sessions[0].modality"),
        ("questionnaire_responses", "total", 3, "the answers add up to 11"),
        ("questionnaire_responses", "item9", 0, "the answers give 1 for PHQ-9 item 9"),
        ("questionnaire_responses", "answers", [1, 2], "Answer all 9 questions."),
        ("medications", "unit", "bucket", "medications[0].unit: Choose a unit"),
        ("schedule_doses", "amount", 0, "schedule_doses[0].amount"),
        ("appointments", "kind", "dentist", "appointments[0].kind: expected one of"),
        ("questions", "text", "", "questions[0].text: is required."),
        ("naps", "minutes", 0, "naps[0].minutes: choose from 1 to 600."),
        ("mood_checkins", "at", "2030-01-01T00:00:00+00:00", "that time is in the future"),
        ("mood_checkins", "colour", "red", "mood_checkins[0].colour: is not a field"),
    ],
)
def test_an_invalid_value_names_its_path_and_nothing_is_added(
    app, exported, kind, field, value, expected
):
    index = 1 if kind == "substance_entries" else 0
    exported[kind][index][field] = value
    assert expected in _refused(app, exported)


def test_a_bad_row_late_in_the_file_undoes_everything_before_it(app, exported):
    exported["questions"][-1]["day"] = "yesterday"
    assert "questions[1].day: expected a date (YYYY-MM-DD)" in _refused(app, exported)


def test_duplicates_the_database_forbids_are_named_before_saving(app, exported):
    exported["sleep_entries"].append(dict(exported["sleep_entries"][0]))
    assert "sleep_entries[1].day: a second night for the same morning." in _refused(app, exported)


def test_a_stored_reference_must_come_earlier_and_refs_are_unique(app, exported):
    exported["taper_plans"][0]["ref"] = 1
    exported["schedule_versions"][2]["taper_plan_ref"] = 2
    assert "schedule_versions[2].taper_plan_ref: no taper_plans entry with ref 2" in _refused(
        app, exported
    )
    exported["schedule_versions"][2]["taper_plan_ref"] = 1
    exported["symptoms"][1]["ref"] = exported["symptoms"][0]["ref"]
    exported["symptoms"][1]["name"] = "Other"
    assert "symptoms[1].ref: ref 1 is used twice." in _refused(app, exported)


def test_a_profile_value_is_checked_by_the_settings_rules(app, exported):
    exported["profile"]["questionnaire_days"] = 400
    assert _refused(app, exported) == "profile.questionnaire_days: Choose from 7 to 90."
    exported["profile"]["questionnaire_days"] = 14
    exported["profile"]["mood_scales"] = []
    assert "profile.mood_scales: Choose at least one scale to show." in _refused(app, exported)


def test_a_kinds_profile_setting_is_refused_by_its_path(app, exported):
    exported["profile"]["weight_unit"] = "stone"
    assert _refused(app, exported) == "profile.weight_unit: expected one of kg, lb."
    exported["profile"]["weight_unit"] = "lb"
    exported["profile"]["followed_practices"] = ["water", "juggling"]
    assert _refused(app, exported).startswith(
        "profile.followed_practices: 'juggling' is not one of"
    )


def test_a_file_from_before_the_weight_unit_imports_in_kg(app, exported):
    del exported["profile"]["weight_unit"]
    for kind in KINDS:
        exported.pop(kind.name)
    with app.app_context():
        user = empty_user()
        services.import_json(user, json.dumps(exported).encode(), now=NOW)
        db.session.commit()
        assert get_user(user.id).weight_unit == "kg"


def test_an_import_sets_the_profile_and_a_missing_kind_is_an_empty_list(app, exported):
    for kind in KINDS:
        exported.pop(kind.name)
    with app.app_context():
        user = empty_user()
        counts = services.import_json(user, json.dumps(exported).encode(), now=NOW)
        db.session.commit()
        user = get_user(user.id)
        assert (user.display_name, user.timezone, user.questionnaire_days) == (
            "Zoë ada",
            "Pacific/Chatham",
            7,
        )
        assert user.followed_practices == "journaling,water"
    assert not any(counts.values())
