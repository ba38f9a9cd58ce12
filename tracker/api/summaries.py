"""Summaries: the change analysis of the trends page, and the daily series behind it.

The sentences state associations with their numbers, never causes or advice (the analysis
itself words them); a side effect that moved says to discuss it with the prescriber.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from tracker.analysis import model
from tracker.api import core
from tracker.api.schema import (
    ApiOut,
    ApiQuery,
    Day,
    RangeQuery,
    offset,
    one_of,
    page_of,
    paginate,
    unset,
)
from tracker.api.spec import get
from tracker.snapshot import read_range
from tracker.trends import data, ranges, services

TAG = "summaries"


class ChangesQuery(ApiQuery):
    range: one_of(list(ranges.RANGES)) = unset(
        description="30, 90 (default), 365, all, appointment (since the last) or custom."
    )
    # An analysis reads weeks before its range: its days are real dates (1900 on), which
    # the lists' any-date ranges need not be.
    start: Day = unset(description="First day of a custom range.")
    end: Day = unset(description="Last day of a custom range.")
    days: int = unset(ge=3, le=90, description="Days before and after each change (default 14).")


class RangeOut(ApiOut):
    key: str
    first: date
    last: date
    label: str


class MedicationChangeOut(ApiOut):
    day: date
    medication: str
    kind: str  # start, change, taper, stop
    before: float | None  # the daily amount before; null at a start
    after: float | None  # from the change on; null at a stop
    unit: str
    label: str  # "sertraline 50 → 100 mg"


class MeasureOut(ApiOut):
    key: str
    label: str
    unit: str  # "" for a 0-10 scale; "min" for minutes
    scale_max: float | None
    higher_is: str  # better, worse or neutral


class ComparisonOut(ApiOut):
    """The N days before a change against the change day and the N-1 after it."""

    before_mean: float | None
    before_n: int  # days with data
    after_mean: float | None
    after_n: int
    difference: float | None  # after − before
    enough: bool  # both sides have enough days with data to compare
    days: int


class ChangeRowOut(ApiOut):
    change: MedicationChangeOut
    measure: MeasureOut
    comparison: ComparisonOut
    overlapping: list[MedicationChangeOut]  # other changes inside the same windows


class AroundChangeOut(ApiOut):
    change: MedicationChangeOut
    sentences: list[str]  # one per measure with enough data
    too_little: list[str]  # "mood (0 vs 3 days with data)"


class AssociationOut(ApiOut):
    title: str
    sentence: str


class ChangeAnalysisOut(ApiOut):
    """Each measure around every medication change in the range, side-effect onsets in it,
    and the standard associations over it. Patient-generated data, not a diagnosis."""

    range: RangeOut
    days: int
    rows: list[ChangeRowOut]
    changes: list[AroundChangeOut]
    onsets: list[str]
    associations: list[AssociationOut]


class DayOut(ApiOut):
    """One local day's values, null where nothing was logged (never a made-up 0)."""

    day: date
    mood: float | None  # mean of the day's check-ins, 0-10
    anxiety: float | None
    sleep_minutes: float | None  # total sleep of the night filed under this morning
    activity_minutes: float | None
    caffeine_drinks: float | None
    alcohol_units: float | None
    side_effects: dict[str, float]  # followed symptom → the day's highest severity, 0-10


DayPage = page_of(DayOut)
SERIES = {
    "mood": model.MOOD,
    "anxiety": model.ANXIETY,
    "sleep_minutes": model.SLEEP_TOTAL,
    "activity_minutes": model.ACTIVITY,
    "caffeine_drinks": model.CAFFEINE,
    "alcohol_units": model.ALCOHOL,
}


@get("/summaries/changes", ChangeAnalysisOut, tag=TAG)
def change_analysis(query: ChangesQuery) -> ChangeAnalysisOut:
    """The trends page's change analysis over a range."""
    rng = services.choose_range(
        core.user(), query.range, now=core.now(), start=query.start, end=query.end
    )
    result = services.change_analysis(core.user(), rng, days=query.days, now=core.now())
    return ChangeAnalysisOut(
        range=RangeOut.model_validate(rng),
        days=result.days,
        rows=[ChangeRowOut.model_validate(r) for r in result.rows],
        changes=[AroundChangeOut.model_validate(c) for c in result.changes],
        onsets=result.onsets,
        associations=[AssociationOut(title=t, sentence=s) for t, s in result.associations],
    )


@get("/summaries/daily", DayPage, tag=TAG)
def daily_series(query: RangeQuery) -> BaseModel:
    """Every local day of a range (the last 30 by default), oldest first, with the values
    the change analysis compares (an activity, drink or unit counts as 0 on a day of the
    page with other entries once that kind was logged in the page)."""
    span = core.days(query.start, query.end)
    # Days by ordinal, built only for the page asked for: a range may span a century.
    ordinals = range(span[0].toordinal(), span[1].toordinal() + 1) if span else range(0)
    shown = ordinals[offset(query.cursor) :][: query.limit]
    if shown:
        first, last = date.fromordinal(shown[0]), date.fromordinal(shown[-1])
        snap = read_range(
            core.user(),
            first,
            last,
            now=core.now(),
            lookback=data.ROLLING_DAYS,
            kinds=data.MEASURED_KINDS,
        )
        measures, by_key = data.daily_measures(snap, first, last)
    else:
        measures, by_key = {}, {key: {} for key in SERIES.values()}
    effects = {m.label: s for m, s in measures.items() if m.side_effect}

    def out(ordinal: int) -> DayOut:
        day = date.fromordinal(ordinal)
        values = {name: by_key[key].get(day) for name, key in SERIES.items()}
        felt = {label: s[day] for label, s in effects.items() if day in s}
        return DayOut(day=day, side_effects=felt, **values)

    return paginate(DayPage, ordinals, query, out)
