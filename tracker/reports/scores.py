"""The report's questionnaires: PHQ-9 and GAD-7 with their baseline in context and response or
remission only when two consecutive scores meet it, FIBSER item by item, and the safety box
over the whole PHQ-9 history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from tracker.medications import services as medications
from tracker.medications.models import Medication
from tracker.questionnaires import instruments as ins
from tracker.questionnaires.services import Score
from tracker.reports.model import (
    AnswerRow,
    Baseline,
    Burden,
    Safety,
    SafetyFlag,
    ScoreRow,
    Scores,
)
from tracker.snapshot import Snapshot

BANDS = {
    ins.PHQ9: "0–4 minimal, 5–9 mild, 10–14 moderate, 15–19 moderately severe, 20–27 severe",
    ins.GAD7: "0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe",
}
RULE = (
    "Response: ≥ 50% below the first score; remission: < 5 (first ≥ 5); each stated on two "
    "consecutive scores, else marked single score."
)


def regimen_on(meds: Sequence[Medication], day: date) -> str:
    """The scheduled medications taken on a day with their daily amounts."""
    parts = []
    for med in meds:
        if med.as_needed or not med.active_on(day):
            continue
        version = medications.current_version(med, day)
        if version is not None and version.effective_from <= day and version.daily_total:
            parts.append(f"{med.name} {medications.fmt_amount(version.daily_total)} {med.unit}")
    return ", ".join(parts) + " a day" if parts else "no scheduled medication"


def _meets(baseline: int, total: int) -> tuple[bool, bool]:
    change = ins.change(baseline, total)
    return change.response, change.remission


def _marks(now: tuple[bool, bool], previous: tuple[bool, bool]) -> tuple[str, ...]:
    confirmed = [
        w for w, a, b in zip(("response", "remission"), now, previous, strict=True) if a and b
    ]
    single = [
        w for w, a, b in zip(("response", "remission"), now, previous, strict=True) if a and not b
    ]
    marks = list(confirmed)
    if single:
        marks.append(f"single score in the {' and '.join(single)} range")
    return tuple(marks)


def _rows(history: list[Score], first: date, last: date) -> list[ScoreRow]:
    """The range's scores, oldest first, each marked against the first score ever."""
    rows = []
    if not history:
        return rows
    baseline = history[0].total
    previous = (False, False)
    for n, s in enumerate(history):
        now = _meets(baseline, s.total) if n else (False, False)
        if first <= s.day <= last:
            rows.append(ScoreRow(s.day, s.total, s.band, _marks(now, previous), s.item9))
        previous = now
    return rows


def scores(snap: Snapshot) -> tuple[list[Scores], list[Score]]:
    """(PHQ-9 and GAD-7 of the range, the whole PHQ-9 history for the safety box)."""
    first, last, meds = snap.first, snap.last, snap.plan.medications
    found, phq9 = [], []
    for key in ins.TRACKED:
        history = snap.of("questionnaires").all_scores(key)
        if key == ins.PHQ9:
            phq9 = history
        upto = [s for s in history if s.day <= last]
        base = upto[0] if upto else None
        baseline = (
            Baseline(base.day, base.total, base.band, regimen_on(meds, base.day)) if base else None
        )
        found.append(
            Scores(
                key,
                ins.TITLES[key],
                ins.INSTRUMENTS[key].max_total or 0,
                BANDS[key],
                tuple(_rows(upto, first, last)),
                baseline,
            )
        )
    return found, phq9


def safety(phq9: Sequence[Score], first: date, last: date) -> Safety:
    """Item 9 in the range, and the most recent positive item 9 ever, wherever it falls."""
    positive = [s for s in phq9 if s.item9]
    in_range = tuple(
        SafetyFlag(s.day, s.item9, ins.item9_label(s.item9))
        for s in positive
        if first <= s.day <= last
    )
    if not positive:
        return Safety(in_range, None, "", None, 0, 0, None, len(phq9))
    latest = positive[-1]
    flag = SafetyFlag(latest.day, latest.item9, ins.item9_label(latest.item9))
    if latest.day < first:
        position, distance = "before", (first - latest.day).days
    elif latest.day > last:
        position, distance = "after", (latest.day - last).days
    else:
        position, distance = "in", None
    later = [s for s in phq9 if s.day > latest.day]
    zero = [s for s in later if s.item9 == 0]
    return Safety(
        in_range,
        flag,
        position,
        distance,
        len(later),
        len(zero),
        zero[-1].day if zero else None,
        len(phq9),
    )


def burden(snap: Snapshot) -> list[Burden]:
    """Every FIBSER of the range, oldest first, item by item."""
    rows = []
    for r in reversed(snap.of("questionnaires").results_between(snap.first, snap.last)[ins.FIBSER]):
        values = [i.value for i in r.items]
        frequency, intensity = (values[0], values[1]) if len(values) == 3 else (None, None)
        rows.append(Burden(r.day, frequency, intensity, r.total, r.band or ""))
    return rows


def answers(snap: Snapshot) -> list[AnswerRow]:
    """Every PHQ-9, GAD-7 and FIBSER of the range with its item answers, oldest first."""
    grouped = snap.of("questionnaires").results_between(snap.first, snap.last)
    rows = [
        AnswerRow(
            r.day,
            key,
            r.title,
            r.total,
            r.max_total,
            r.band,
            tuple(i.value for i in r.items),
            r.item9,
        )
        for key in (*ins.TRACKED, ins.FIBSER)
        for r in grouped[key]
    ]
    return sorted(rows, key=lambda r: (r.day, r.title))
