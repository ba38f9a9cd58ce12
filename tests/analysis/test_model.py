from datetime import date

import pytest

from tracker.analysis.model import Measure, MedicationChange, format_amount, symptom_measure

DAY = date(2024, 9, 1)


@pytest.mark.parametrize(
    ("kind", "before", "after", "label"),
    [
        ("change", 50, 100, "sertraline 50 → 100 mg"),
        ("change", None, 100, "sertraline to 100 mg"),
        ("change", 50, None, "sertraline dose changed"),
        ("start", None, 50, "sertraline started at 50 mg"),
        ("start", None, None, "sertraline started"),
        ("stop", 25, None, "sertraline stopped"),
        ("taper", 100, 75, "sertraline taper step 100 → 75 mg"),
        ("taper", None, 75, "sertraline taper step to 75 mg"),
        ("taper", 100, None, "sertraline taper step"),
        ("taper", 37.5, 25, "sertraline taper step 37.5 → 25 mg"),
    ],
)
def test_change_label_names_the_change(kind, before, after, label):
    assert MedicationChange(DAY, "sertraline", kind, before, after, "mg").label == label


def test_unknown_change_kind_is_refused():
    with pytest.raises(ValueError, match="kind"):
        MedicationChange(DAY, "sertraline", "switch", 50, 100, "mg")  # type: ignore[arg-type]


def test_unknown_higher_is_is_refused():
    with pytest.raises(ValueError, match="higher_is"):
        Measure("mood", "Mood", "", 10, "up")  # type: ignore[arg-type]


def test_symptom_measure_is_a_side_effect_on_a_0_to_10_scale_where_higher_is_worse():
    fog = symptom_measure("brain_fog", "Brain fog")
    assert (fog.scale_max, fog.higher_is, fog.side_effect) == (10, "worse", True)


def test_measures_are_hashable_so_they_can_key_a_table():
    fog = symptom_measure("brain_fog", "Brain fog")
    assert {fog: 1}[symptom_measure("brain_fog", "Brain fog")] == 1


def test_format_amount_drops_a_trailing_zero_but_keeps_halves():
    assert format_amount(100.0, "mg") == "100 mg"
    assert format_amount(37.5, "mg") == "37.5 mg"
