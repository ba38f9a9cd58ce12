"""The nine charts by key: how each one's series is read, drawn, worded and tabled."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.charts import describe, tables
from tracker.snapshot import Snapshot
from tracker.trends import data


@dataclass(frozen=True)
class ChartKind:
    key: str
    title: str
    read: Callable[[Snapshot], Any]  # the series over the snapshot's range
    render: str  # the name of its render function in tracker.charts.render
    describe: Callable[[Any, Any], str]
    table: Callable[[Any, Any], tables.Table]
    # Its picture depends on the clock, not only on the data: a dose becomes "missed" once
    # its window has passed with nothing recorded.
    clock: bool = False
    # The kinds whose rows its series read (the snapshot reads only these, and the plan).
    kinds: tuple[str, ...] = ()


def _over_range(series: Callable[[Snapshot, date, date], Any]) -> Callable[[Snapshot], Any]:
    return lambda snap: series(snap, snap.first, snap.last)


CHARTS: dict[str, ChartKind] = {
    c.key: c
    for c in (
        ChartKind(
            "overview",
            "Overview: doses, mood, side effects and sleep",
            _over_range(data.overview_series),
            "render_overview",
            describe.describe_overview,
            tables.overview_table,
            kinds=("doses", "checkins", "symptoms", "sleep"),
        ),
        ChartKind(
            "mood",
            "Mood and anxiety",
            _over_range(data.mood_series),
            "render_mood",
            describe.describe_mood,
            tables.mood_table,
            kinds=("checkins",),
        ),
        ChartKind(
            "side-effects",
            "Side effects",
            _over_range(data.side_effect_series),
            "render_side_effects",
            describe.describe_side_effects,
            tables.side_effects_table,
            kinds=("symptoms",),
        ),
        ChartKind(
            "doses",
            "Dose timeline",
            _over_range(data.dose_series),
            "render_doses",
            describe.describe_doses,
            tables.doses_table,
            kinds=("doses",),
        ),
        ChartKind(
            "adherence",
            "Adherence calendar",
            _over_range(data.adherence_series),
            "render_adherence",
            describe.describe_adherence,
            tables.adherence_table,
            clock=True,
            kinds=("doses",),
        ),
        ChartKind(
            "sleep",
            "Sleep",
            _over_range(data.sleep_series),
            "render_sleep",
            describe.describe_sleep,
            tables.sleep_table,
            kinds=("sleep",),
        ),
        ChartKind(
            "activity",
            "Activity, practices, caffeine and alcohol",
            _over_range(data.activity_series),
            "render_activity",
            describe.describe_activity,
            tables.activity_table,
            kinds=("activity",),
        ),
        ChartKind(
            "therapy",
            "Therapy sessions",
            _over_range(data.therapy_series),
            "render_therapy",
            describe.describe_therapy,
            tables.therapy_table,
            kinds=("therapy",),
        ),
        ChartKind(
            "questionnaires",
            "PHQ-9 and GAD-7",
            _over_range(data.questionnaire_series),
            "render_questionnaires",
            describe.describe_questionnaires,
            tables.questionnaires_table,
            kinds=("questionnaires",),
        ),
    )
}
