"""Change analysis: measures around medication changes, side-effect onsets, associations.

Pure functions on plain data (no Flask, no database): daily series in, dataclasses and
sentences out. The sentences state associations with their numbers, never causes or advice.
"""

from tracker.analysis.associations import (
    STANDARD_PAIRS,
    Association,
    ConstantSeries,
    Pair,
    PairResult,
    associate,
    spearman,
    standard_associations,
)
from tracker.analysis.model import Measure, MedicationChange, Series, symptom_measure
from tracker.analysis.onset import METHOD as ONSET_METHOD
from tracker.analysis.onset import Onset, onsets, symptom_onsets
from tracker.analysis.windows import ChangeRow, WindowComparison, change_table, compare_windows
from tracker.analysis.wording import (
    association_sentence,
    change_sentence,
    format_difference,
    format_value,
    onset_sentence,
)

__all__ = [
    "STANDARD_PAIRS",
    "Association",
    "ChangeRow",
    "ConstantSeries",
    "Measure",
    "MedicationChange",
    "ONSET_METHOD",
    "Onset",
    "Pair",
    "PairResult",
    "Series",
    "WindowComparison",
    "associate",
    "association_sentence",
    "change_sentence",
    "change_table",
    "compare_windows",
    "format_difference",
    "format_value",
    "onset_sentence",
    "onsets",
    "spearman",
    "standard_associations",
    "symptom_measure",
    "symptom_onsets",
]
