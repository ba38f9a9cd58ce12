"""The Trends page's charts by key: the ones kept here (across kinds, or older than the
registry's `charts` field), then every registered kind's own (tracker/kind.py `charts`), in
the registry's order. Each says how its series is read, drawn, worded and tabled."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from tracker import registry
from tracker.charts import describe, tables
from tracker.kind import ChartKind
from tracker.snapshot import Snapshot
from tracker.trends import data

__all__ = ["CHARTS", "ChartKind"]


def _over_range(series: Callable[[Snapshot, date, date], Any]) -> Callable[[Snapshot], Any]:
    return lambda snap: series(snap, snap.first, snap.last)


HERE: tuple[ChartKind, ...] = (
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
CHARTS: dict[str, ChartKind] = {
    c.key: c for c in (*HERE, *(chart for kind in registry.KINDS for chart in kind.charts))
}
