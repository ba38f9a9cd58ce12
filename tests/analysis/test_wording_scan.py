"""Every sentence the analysis can produce is scanned for causal wording and dose advice."""

import re
from datetime import date
from itertools import product
from pathlib import Path

import pytest

from tests.analysis.factories import FOG, days_from, series
from tracker.analysis.associations import STANDARD_PAIRS, Association, PairResult
from tracker.analysis.model import (
    ACTIVITY_MEASURE,
    ALCOHOL_MEASURE,
    CAFFEINE_MEASURE,
    MOOD_MEASURE,
    SLEEP_MEASURE,
    MedicationChange,
)
from tracker.analysis.onset import onsets
from tracker.analysis.windows import change_table
from tracker.analysis.wording import (
    DISCUSS,
    NOT_A_CAUSE,
    association_sentence,
    change_sentence,
    onset_sentence,
)

D = date(2024, 9, 1)
MEASURES = (FOG, MOOD_MEASURE, SLEEP_MEASURE, ACTIVITY_MEASURE, ALCOHOL_MEASURE, CAFFEINE_MEASURE)
CHANGES = (
    MedicationChange(D, "sertraline", "start", None, 50, "mg"),
    MedicationChange(D, "sertraline", "start", None, None, "mg"),
    MedicationChange(D, "sertraline", "change", 50, 100, "mg"),
    MedicationChange(D, "sertraline", "change", 100, 50, "mg"),
    MedicationChange(D, "sertraline", "change", 50, None, "mg"),
    MedicationChange(D, "sertraline", "taper", 100, 75, "mg"),
    MedicationChange(D, "sertraline", "taper", None, None, "mg"),
    MedicationChange(D, "sertraline", "stop", 25, None, "mg"),
)
# Causal claims, and anything that reads as advice about a dose.
BANNED = (
    r"\bcaus",
    r"\bbecause\b",
    r"\b(led|leads?|leading) to\b",
    r"\bdue to\b",
    r"\bimprov",
    r"\bworsen",
    r"\btrigger",
    r"\bresult(s|ed)? in\b",
    r"\bresult of\b",
    r"\beffect of\b",
    r"\bresponsible\b",
    r"\bthanks to\b",
    r"\bmade\b",
    r"\bmakes?\b",
    r"\bshould\b",
    r"\brecommend",
    r"\badvis",
    r"\bincrease\b",
    r"\bdecrease\b",
    r"\breduc",
    r"\btry\b",
    r"\bconsider\b",
    r"\bstop taking\b",
    r"\bskip\b",
)


def change_sentences():
    levels = {"up": (2.0, 6.0), "down": (6.0, 2.0), "same": (4.0, 4.1), "mixed": (3.0, 3.5)}
    for measure, change, (before, after) in product(MEASURES, CHANGES, levels.values()):
        scale = 60 if measure.unit == "min" else 1  # minutes in hours-and-minutes range
        full = series(days_from(D, -14), [before * scale] * 14 + [after * scale] * 14)
        sparse = series(days_from(D, -14), [before * scale] * 14 + [after * scale] * 2)
        later = MedicationChange(days_from(D, 5), "lamotrigine", "start", None, 25, "mg")
        for data, extra in product((full, sparse, {}), ((), (later,))):
            for row in change_table({measure: data}, [change, *extra]):
                yield change_sentence(row)


def onset_sentences():
    rising = series(D, [1.0] * 20 + [7.0] * 5 + [1.0] * 10 + [8.0] * 3)
    same_day = MedicationChange(date(2024, 9, 22), "lamotrigine", "start", None, 25, "mg")
    day_before = MedicationChange(date(2024, 9, 21), "quetiapine", "stop", 25, None, "mg")
    histories = [[], *[[c] for c in CHANGES], [CHANGES[2], same_day, day_before]]
    for history in histories:
        for onset in onsets(rising, history, symptom=FOG):
            yield onset_sentence(onset)


def association_sentences():
    rs = (-0.9, -0.5, -0.45, -0.2, -0.05, 0.0, 0.05, 0.2, 0.45, 0.5, 0.9)
    for pair in STANDARD_PAIRS:
        for r in rs:
            yield association_sentence(PairResult(pair, Association(r, 30, pair.lag_days, True)))
        yield association_sentence(PairResult(pair, Association(None, 30, pair.lag_days, True)))
        yield association_sentence(PairResult(pair, Association(None, 9, pair.lag_days, False)))


ALL = [*change_sentences(), *onset_sentences(), *association_sentences()]


def test_the_scan_covers_every_kind_of_sentence():
    assert len(ALL) > 500
    assert any(s.startswith("Too little data") for s in ALL)
    assert any("about the same" in s for s in ALL)
    assert any(" up from " in s for s in ALL) and any(" down from " in s for s in ALL)
    assert any(" rose to a 7-day average" in s for s in ALL)
    assert any(s.startswith("Not enough paired days") for s in ALL)
    assert any("no clear association" in s for s in ALL)
    assert any("Another change falls within" in s for s in ALL)
    assert sum(NOT_A_CAUSE in s for s in ALL) == 4 * 8


@pytest.mark.parametrize("pattern", BANNED)
def test_no_sentence_claims_a_cause_or_advises_on_a_dose(pattern):
    offending = [
        s for s in ALL if re.search(pattern, s.replace(NOT_A_CAUSE, ""), flags=re.IGNORECASE)
    ]
    assert offending == []


def test_every_sentence_is_complete_and_discuss_stands_alone():
    for sentence in ALL:
        assert sentence.endswith(".")
        assert sentence[0].isupper()
        if DISCUSS in sentence:
            assert sentence.endswith(". " + DISCUSS)


def test_every_onset_says_discuss_with_your_prescriber():
    found = [s for s in ALL if " rose to a " in s]
    assert found and all(s.endswith(DISCUSS) for s in found)


def test_the_module_is_pure_python():
    for path in Path("tracker/analysis").glob("*.py"):
        source = path.read_text()
        for name in ("flask", "sqlalchemy", "numpy", "scipy", "tracker.extensions"):
            assert f"import {name}" not in source and f"from {name}" not in source, path
