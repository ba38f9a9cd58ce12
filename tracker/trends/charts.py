"""The nine charts by key: how each one's series is read, drawn, worded and tabled."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tracker.auth.models import User
from tracker.charts import describe, tables
from tracker.trends import data


@dataclass(frozen=True)
class ChartKind:
    key: str
    title: str
    read: Callable[[User, date, date, datetime], Any]  # (user, first, last, now) -> series
    render: str  # the name of its render function in tracker.charts.render
    describe: Callable[[Any, Any], str]
    table: Callable[[Any, Any], tables.Table]
    # Its picture depends on the clock, not only on the data: a dose becomes "missed" once
    # its window has passed with nothing recorded.
    clock: bool = False


def _timeless(read: Callable[[User, date, date], Any]) -> Callable[..., Any]:
    return lambda user, first, last, now: read(user, first, last)


CHARTS: dict[str, ChartKind] = {
    c.key: c
    for c in (
        ChartKind(
            "overview",
            "Overview: doses, mood, side effects and sleep",
            _timeless(data.overview_series),
            "render_overview",
            describe.describe_overview,
            tables.overview_table,
        ),
        ChartKind(
            "mood",
            "Mood and anxiety",
            _timeless(data.mood_series),
            "render_mood",
            describe.describe_mood,
            tables.mood_table,
        ),
        ChartKind(
            "side-effects",
            "Side effects",
            _timeless(data.side_effect_series),
            "render_side_effects",
            describe.describe_side_effects,
            tables.side_effects_table,
        ),
        ChartKind(
            "doses",
            "Dose timeline",
            _timeless(data.dose_series),
            "render_doses",
            describe.describe_doses,
            tables.doses_table,
        ),
        ChartKind(
            "adherence",
            "Adherence calendar",
            lambda user, first, last, now: data.adherence_series(user, first, last, now=now),
            "render_adherence",
            describe.describe_adherence,
            tables.adherence_table,
            clock=True,
        ),
        ChartKind(
            "sleep",
            "Sleep",
            _timeless(data.sleep_series),
            "render_sleep",
            describe.describe_sleep,
            tables.sleep_table,
        ),
        ChartKind(
            "activity",
            "Activity, practices, caffeine and alcohol",
            _timeless(data.activity_series),
            "render_activity",
            describe.describe_activity,
            tables.activity_table,
        ),
        ChartKind(
            "therapy",
            "Therapy sessions",
            _timeless(data.therapy_series),
            "render_therapy",
            describe.describe_therapy,
            tables.therapy_table,
        ),
        ChartKind(
            "questionnaires",
            "PHQ-9 and GAD-7",
            _timeless(data.questionnaire_series),
            "render_questionnaires",
            describe.describe_questionnaires,
            tables.questionnaires_table,
        ),
    )
}
