"""The planner and the mapping, without the app: names mapped, keys skipped, times checked."""

from datetime import UTC, date, datetime

import pytest

from tracker.errors import Invalid
from tracker.imports import records
from tracker.imports.mapping import Account, Med, catalog_symptoms, choices, from_pairs
from tracker.imports.plan import plan

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
ACCOUNT = Account(
    "Europe/Berlin",
    (Med(1, "Sertraline", "mg", False), Med(2, "Hydroxyzine", "mg", True)),
    (*catalog_symptoms(), ("own7", "Jaw clenching")),
)


def _mood(line, key, label, mood=None, activities=(), at=datetime(2026, 5, 1, 20, 30)):  # noqa: ANN001, ANN202
    return records.Mood(line, key, at, label=label, mood=mood, activities=activities)


def _parsed(*recs: records.Record) -> records.Parsed:
    return records.Parsed("daylio", list(recs), [], len(recs))


def test_default_labels_map_by_themselves_and_custom_ones_wait_for_the_user():
    parsed = _parsed(
        _mood(2, "k1", "rad", 9), _mood(3, "k2", "Depressed"), _mood(4, "k3", "Depressed")
    )
    result = plan(parsed, ACCOUNT, {}, imported=set(), now=NOW)
    assert [c.name for c in result.missing] == ["Depressed"]
    assert result.missing[0].count == 2 and result.missing[0].first_line == 3
    assert [a.values["ratings"]["mood"] for a in result.actions if a.kind == "checkin"] == [9]
    mapped = plan(parsed, ACCOUNT, {"mood:Depressed": "2"}, imported=set(), now=NOW)
    assert not mapped.missing
    assert [a.values["ratings"]["mood"] for a in mapped.actions] == [9, 2, 2]


def test_a_wall_time_is_read_in_the_users_zone():
    result = plan(_parsed(_mood(2, "k", "good", 7)), ACCOUNT, {}, imported=set(), now=NOW)
    assert result.actions[0].at == datetime(2026, 5, 1, 18, 30, tzinfo=UTC)  # 20:30 CEST


def test_keys_imported_before_are_counted_not_planned():
    parsed = _parsed(_mood(2, "old", "good", 7), _mood(3, "new", "good", 7))
    result = plan(parsed, ACCOUNT, {}, imported={"old"}, now=NOW)
    assert result.duplicates == 1 and [a.key for a in result.actions] == ["new"]


def test_future_entries_are_skipped_with_their_line_and_old_history_is_kept():
    future = _mood(5, "f", "good", 7, at=datetime(2026, 7, 1, 9))
    old = _mood(6, "o", "good", 7, at=datetime(2014, 7, 1, 9))
    result = plan(_parsed(future, old), ACCOUNT, {}, imported=set(), now=NOW)
    assert [a.line for a in result.actions] == [6]
    assert [(s.line, "future" in s.reason) for s in result.skipped] == [(5, True)]


def test_activities_become_practices_activities_or_tags_in_the_note():
    rec = _mood(2, "k", "meh", 5, activities=("meditation", "walk", "reading", "gaming"))
    mapping = {"activity:gaming": "skip", "minutes:meditation": "20"}
    result = plan(_parsed(rec), ACCOUNT, mapping, imported=set(), now=NOW)
    kinds = {a.kind: a for a in result.actions}
    assert kinds["practice"].values == {"practice": "mindfulness", "minutes": 20}
    assert (
        kinds["activity"].values["kind"] == "walking" and kinds["activity"].values["minutes"] == 30
    )
    assert kinds["checkin"].values["note"] == "Tags: reading"
    assert result.left_out == 1
    assert kinds["practice"].key == "k|meditation"


def test_a_yes_no_practice_gets_no_minutes():
    rec = _mood(2, "k", "meh", 5, activities=("eat healthy",))
    result = plan(
        _parsed(rec), ACCOUNT, {"activity:eat healthy": "practice:meals"}, imported=set(), now=NOW
    )
    practice = next(a for a in result.actions if a.kind == "practice")
    assert practice.values == {"practice": "meals", "minutes": None}


def test_medication_names_match_tolerantly_and_unknown_ones_become_new():
    doses = [
        records.Dose(2, "d1", datetime(2026, 5, 1, 9), "hydroxyzin", 25.0, "mg"),
        records.Dose(3, "d2", datetime(2026, 5, 1, 9), "Fluoxitine", 20.0, "mg"),
    ]
    found = {c.name: c for c in choices(doses, ACCOUNT, {})}
    assert found["hydroxyzin"].value == "med:2"
    assert found["Fluoxitine"].value == "new"
    assert "Fluoxetine" in found["Fluoxitine"].label  # the catalog's spelling is suggested


def test_symptoms_match_the_catalog_and_the_users_own():
    recs = [
        records.Symptom(2, "s1", datetime(2026, 5, 1, 9), "Brain Fog", 5),
        records.Symptom(3, "s2", datetime(2026, 5, 1, 9), "jaw clenching", 3),
        records.Symptom(4, "s3", datetime(2026, 5, 1, 9), "Stress", 3),
    ]
    found = {c.name: c.value for c in choices(recs, ACCOUNT, {})}
    assert found == {
        "Brain Fog": "symptom:brain_fog",
        "jaw clenching": "symptom:own7",
        "Stress": "new",
    }


def test_a_posted_value_that_is_not_an_option_falls_back_to_the_automatic_one():
    found = choices([_mood(2, "k", "rad", 9)], ACCOUNT, {"mood:rad": "42"})
    assert found[0].value == "9" and found[0].automatic


def test_command_line_pairs_map_by_value_or_by_words():
    recs = [
        _mood(2, "k", "Depressed", activities=("Yoga class",)),
        records.Dose(3, "d", datetime(2026, 5, 1, 9), "Hydroxyzin", 25.0, "mg"),
    ]
    found = choices(recs, ACCOUNT, {})
    mapping = from_pairs(
        ["Depressed=2", "Yoga class=activity:yoga:45", "medication:hydroxyzin=Hydroxyzine"], found
    )
    assert mapping == {
        "mood:Depressed": "2",
        "activity:Yoga class": "activity:yoga",
        "minutes:Yoga class": "45",
        "medication:Hydroxyzin": "med:2",
    }


@pytest.mark.parametrize(
    ("pair", "words"),
    [
        ("Nope=3", "not in the file"),
        ("Depressed=eleven", "choose one of"),
        ("Depressed", "LABEL=VALUE"),
    ],
)
def test_command_line_pairs_that_do_not_fit_are_refused(pair, words):
    found = choices([_mood(2, "k", "Depressed")], ACCOUNT, {})
    with pytest.raises(Invalid, match=words):
        from_pairs([pair], found)


def test_nights_and_step_counts_are_planned_without_a_time_check():
    recs = [
        records.Night(2, "n", date(2026, 5, 2), asleep_minutes=420, quality=4),
        records.Steps(3, "s", date(2026, 5, 2), 8000),
    ]
    result = plan(records.Parsed("apple-health", recs), ACCOUNT, {}, imported=set(), now=NOW)
    assert [a.kind for a in result.actions] == ["night", "steps"]
