"""Sentences for the change analysis: numbers and associations, never causes or advice.

Every sentence states what the data show next to what happened when ("after", "around"),
with its numbers. Where a finding is worth raising at the appointment it adds the separate
sentence "Discuss with your prescriber." and never says what to do about a dose.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from tracker.analysis.associations import PairResult, direction, strength
from tracker.analysis.model import Measure, MedicationChange, format_amount
from tracker.analysis.onset import Onset
from tracker.analysis.windows import ChangeRow, WindowComparison

DISCUSS = "Discuss with your prescriber."
NOT_A_CAUSE = "This shows an association, not a cause."
NO_DATA = "–"
MINUS = "−"  # a real minus sign: a hyphen reads as a dash next to a number
# A side effect moving this many points on its 0-10 scale is worth raising at the appointment.
NOTABLE_POINTS = 2.0
# "About the same": under 5% of the scale for rating scales (0.5 on 0-10), else under 5% of
# the mean before the change; differences hidden by rounding also count as the same.
SAME_FRACTION = 0.05
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_EPSILON = 1e-9


def format_date(day: date) -> str:
    """ "12 Sep": day and month, the same in every locale."""
    return f"{day.day} {_MONTHS[day.month - 1]}"


def lower_first(label: str) -> str:
    """A label inside a sentence: "Brain fog" → "brain fog", but "PHQ-9" stays."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def _duration(minutes: float) -> str:
    hours, mins = divmod(round(abs(minutes)), 60)
    if hours and mins:
        return f"{hours} h {mins} min"
    return f"{hours} h" if hours else f"{mins} min"


def format_value(
    measure: Measure, value: float | None, *, scale: bool = True, per: bool = True
) -> str:
    """A mean in the measure's unit: "5.1/10", "6 h 40 min", "31 min a day", "1.5 units"."""
    if value is None:
        return NO_DATA
    if measure.scale_max is not None:
        text = f"{value:.1f}" + (f"/{measure.scale_max:g}" if scale else "")
    elif measure.unit == "min":
        text = (MINUS if value < 0 else "") + _duration(value)
    else:
        text = f"{value:.1f} {measure.unit}".rstrip()
    return f"{text} {measure.per}" if per and measure.per else text


def format_difference(measure: Measure, difference: float | None) -> str:
    """A signed difference for the table: "+2.8", "−25 min", "+0.5 units"."""
    if difference is None:
        return NO_DATA
    size = format_value(measure, abs(difference), scale=False, per=False)
    if size == format_value(measure, 0.0, scale=False, per=False):
        return size  # rounds to zero: no sign
    return ("+" if difference > 0 else MINUS) + size


def after_phrase(change: MedicationChange) -> str:
    """What happened, to follow "after": "sertraline went to 100 mg"."""
    name, to = change.medication, _to(change)
    phrases = {
        "start": f"{name} started" + (f" at {to}" if to else ""),
        "change": f"{name} went to {to}" if to else f"the {name} dose changed",
        "taper": f"the {name} taper step" + (f" to {to}" if to else ""),
        "stop": f"{name} was stopped",
    }
    return phrases[change.kind]


def around_phrase(change: MedicationChange) -> str:
    """What happened, to follow "around": "sertraline going to 100 mg"."""
    name, to = change.medication, _to(change)
    phrases = {
        "start": f"{name} starting" + (f" at {to}" if to else ""),
        "change": f"{name} going to {to}" if to else f"the {name} dose change",
        "taper": f"the {name} taper step" + (f" to {to}" if to else ""),
        "stop": f"{name} being stopped",
    }
    return phrases[change.kind]


def _to(change: MedicationChange) -> str:
    return "" if change.after is None else format_amount(change.after, change.unit)


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def about_the_same(measure: Measure, comparison: WindowComparison) -> bool:
    """Whether the two means are too close to call up or down (see SAME_FRACTION)."""
    diff, before = comparison.difference, comparison.before_mean
    if diff is None or before is None:
        return False
    shown_after = format_value(measure, comparison.after_mean, scale=False, per=False)
    if shown_after == format_value(measure, before, scale=False, per=False):
        return True
    reference = measure.scale_max if measure.scale_max is not None else abs(before)
    return abs(diff) < SAME_FRACTION * reference - _EPSILON


def notable(row: ChangeRow) -> bool:
    """A side effect on a rating scale moving by NOTABLE_POINTS or more, with enough data."""
    diff = row.comparison.difference
    return (
        row.comparison.enough
        and row.measure.side_effect
        and row.measure.scale_max is not None
        and diff is not None
        and abs(diff) >= NOTABLE_POINTS - _EPSILON
    )


def change_sentence(row: ChangeRow) -> str:
    """One measure around one change, e.g. "Brain fog averaged 5.1/10 in the 14 days after …"."""
    measure, c = row.measure, row.comparison
    counts = f"({c.after_n} vs {c.before_n} days with data)"
    if not c.enough:
        subject = lower_first(measure.label)
        return f"Too little data to compare {subject} around {around_phrase(row.change)} {counts}."
    before = format_value(measure, c.before_mean, scale=False, per=False)
    if about_the_same(measure, c):
        how = f"about the same as the {before} before"
    else:
        how = f"{'up' if (c.difference or 0) > 0 else 'down'} from {before} before"
    sentences = [
        f"{measure.label} averaged {format_value(measure, c.after_mean)} in the "
        f"{_days(c.days)} after {after_phrase(row.change)}, {how} {counts}."
    ]
    if row.overlapping:
        sentences.append(overlap_sentence(row.overlapping))
    if notable(row):
        sentences.append(DISCUSS)
    return " ".join(sentences)


def overlap_sentence(others: Sequence[MedicationChange]) -> str:
    """Names the other changes inside the compared days, which the comparison mixes in."""
    listed = _join([f"{c.label} ({format_date(c.day)})" for c in others])
    if len(others) == 1:
        return f"Another change falls within these days: {listed}."
    return f"Other changes fall within these days: {listed}."


def _join(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _since(change: MedicationChange, days: int) -> str:
    if days == 0:
        return f"on the day of the change ({change.label})"
    return f"{_days(days)} after {after_phrase(change)}"


def onset_sentence(onset: Onset) -> str:
    """A side effect's rise: the level it reached, the baseline before it, the day it began
    and the days since each medication change, with the days rated."""
    measure = onset.symptom
    since = [_since(c, onset.days_since_change[c.medication]) for c in onset.last_changes]
    when = _join(since) if since else "no medication change is recorded before that day"
    return (
        f"{measure.label} rose to a {onset.level_days}-day average of "
        f"{format_value(measure, onset.level_mean, per=False)} by {format_date(onset.level_day)} "
        f"({_days(onset.level_n)} rated) from an average of "
        f"{format_value(measure, onset.baseline_mean, scale=False, per=False)} over the "
        f"{onset.baseline_days} days before {format_date(onset.day)} ({_days(onset.baseline_n)} "
        f"rated), when the rise began — {when}. {DISCUSS}"
    )


def _r(r: float) -> str:
    text = f"{abs(r):.2f}"
    return (MINUS if r < 0 and text != "0.00" else "") + text


def association_sentence(result: PairResult) -> str:
    """A standard pair's association in words, with r and n; never as a cause."""
    pair, a = result.pair, result.association
    if not a.enough:
        return f"Not enough paired days yet ({a.n} of {a.min_pairs} needed)."
    if a.r is None:
        return (
            f"No association can be measured between {pair.between}: one of them stayed "
            f"the same on all {a.n} paired days."
        )
    numbers = f"(Spearman r = {_r(a.r)}, {a.n} paired days)"
    words = strength(a.r)
    if words == "no clear":
        return f"There was no clear association between {pair.between} {numbers}."
    tendency = pair.higher if a.r > 0 else pair.lower
    return (
        f"{pair.lead}, {pair.outcome} tended to be {tendency}: {words} {direction(a.r)} "
        f"association {numbers}. {NOT_A_CAUSE}"
    )
