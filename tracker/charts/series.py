"""Plain series the charts draw, and the pure arithmetic behind them (no matplotlib, no Flask).

Read services fill these dataclasses; render/ draws them and describe.py words them. Days are
local calendar days; a sleep night belongs to the day the user woke up on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

# Kinds of medication change (Change.kind, DoseStep.kind).
START, CHANGE, TAPER, STOP = "start", "change", "taper", "stop"

# Adherence categories drawn on the calendar, worst first. A day with several doses shows its
# worst: a missed dose (nothing recorded) outweighs a skipped one (a choice, with a reason),
# which outweighs a late one. "early" is drawn as "late" (taken outside the window). "due" and
# "upcoming" are not settled yet: a day with only those (today's later doses) is DUE_LATER, not
# NOTHING, since something is scheduled on it; once one dose is settled the day shows that.
ON_TIME, LATE, SKIPPED, MISSED = "on_time", "late", "skipped", "missed"
DUE_LATER, NOTHING = "due_later", "nothing"
WORST_FIRST = (MISSED, SKIPPED, LATE, ON_TIME)
_CATEGORY = {"on_time": ON_TIME, "late": LATE, "early": LATE, "skipped": SKIPPED, "missed": MISSED}
_PENDING = ("due", "upcoming")

# Symptoms users ask about most lead the side-effect chart (keys from the symptom catalog).
LEAD_SYMPTOMS = ("emotional_numbness", "brain_fog")
MAX_SYMPTOM_LINES = 5

PHQ9_BANDS = (
    (0, 4, "minimal"),
    (5, 9, "mild"),
    (10, 14, "moderate"),
    (15, 19, "moderately severe"),
    (20, 27, "severe"),
)
GAD7_BANDS = ((0, 4, "minimal"), (5, 9, "mild"), (10, 14, "moderate"), (15, 21, "severe"))


@dataclass(frozen=True)
class Change:
    """A medication change drawn as a labelled vertical line ("sertraline 50 → 100 mg")."""

    day: date
    label: str
    kind: str = CHANGE  # start, change, taper or stop
    # The medication's id: a chart of one medication (its adherence calendar) marks only its
    # own changes. None when not known; such a change is marked on every medication's chart.
    medication: int | None = None


@dataclass(frozen=True)
class Frame:
    """The date range every time chart shows (both ends included) and the changes inside it."""

    first: date
    last: date
    changes: list[Change] = field(default_factory=list)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last

    @property
    def days(self) -> int:
        """How many days the range covers (0 when last is before first)."""
        return max((self.last - self.first).days + 1, 0)


def enough(days: Iterable[date], frame: Frame) -> bool:
    """A chart needs at least two distinct days with data in a range of at least two days."""
    return frame.days >= 2 and len({d for d in days if d in frame}) >= 2


# --- Mood and anxiety --------------------------------------------------------------------


@dataclass(frozen=True)
class DayRange:
    """One scale over one day: mean of the day's ratings, lowest and highest (0-10)."""

    day: date
    mean: float
    low: float
    high: float


@dataclass(frozen=True)
class MoodSeries:
    """Days with a check-in. Mood 0 = worst, 10 = best; anxiety 0 = none, 10 = most severe.

    Days before the frame may be included: the rolling mean uses them to warm up.
    """

    mood: list[DayRange] = field(default_factory=list)
    anxiety: list[DayRange] = field(default_factory=list)


def day_ranges(readings: Iterable[tuple[date, float]]) -> list[DayRange]:
    """Fold (day, rating) readings, several a day allowed, into one DayRange per day, by day."""
    by_day: dict[date, list[float]] = defaultdict(list)
    for day, value in readings:
        by_day[day].append(value)
    return [
        DayRange(day, sum(values) / len(values), min(values), max(values))
        for day, values in sorted(by_day.items())
    ]


def rolling_mean(
    points: Iterable[tuple[date, float]], first: date, last: date, window: int = 7
) -> list[tuple[date, float | None]]:
    """For each day first..last: the mean of the days with data among the `window` days ending
    that day (each day counts once; several values on one day are averaged first); None when
    none of them has data."""
    daily = {r.day: r.mean for r in day_ranges(points)}
    result: list[tuple[date, float | None]] = []
    for n in range((last - first).days + 1):
        day = first + timedelta(days=n)
        values = [daily[d] for k in range(window) if (d := day - timedelta(days=k)) in daily]
        result.append((day, sum(values) / len(values) if values else None))
    return result


# --- Side effects ------------------------------------------------------------------------


@dataclass(frozen=True)
class SymptomLine:
    """One followed symptom: (day, severity 0-10) points, one a day. `key` is the catalog key."""

    name: str
    points: list[tuple[date, float]]
    key: str = ""


@dataclass(frozen=True)
class SideEffectSeries:
    symptoms: list[SymptomLine] = field(default_factory=list)


def pick_symptoms(
    lines: Sequence[SymptomLine], frame: Frame, limit: int = MAX_SYMPTOM_LINES
) -> tuple[list[SymptomLine], list[SymptomLine]]:
    """(drawn, left out): lines with data in the frame, numbness and fog first, then by highest
    severity in the frame (ties by name); at most `limit` drawn."""
    inside = [line for line in lines if any(day in frame for day, _ in line.points)]

    def rank(line: SymptomLine) -> tuple[int, float, str]:
        lead = LEAD_SYMPTOMS.index(line.key) if line.key in LEAD_SYMPTOMS else len(LEAD_SYMPTOMS)
        peak = max(value for day, value in line.points if day in frame)
        return lead, -peak, line.name.casefold()

    ordered = sorted(inside, key=rank)
    return ordered[:limit], ordered[limit:]


# --- Doses and adherence -----------------------------------------------------------------


@dataclass(frozen=True)
class DoseStep:
    """From `day` on, the scheduled daily total is `amount` (0 after a stop)."""

    day: date
    amount: float
    kind: str = CHANGE  # start, change, taper or stop


@dataclass(frozen=True)
class PrnDose:
    """One as-needed dose taken on a day."""

    day: date
    amount: float


@dataclass(frozen=True)
class MedicationDoses:
    name: str
    steps: list[DoseStep] = field(default_factory=list)
    as_needed: list[PrnDose] = field(default_factory=list)
    unit: str = "mg"
    # The medication's place in the palette, fixed per medication (trends.data assigns it from
    # the user's medications, not from this range's list), so a drug keeps its colour in every
    # range and every chart.
    colour: int = 0


@dataclass(frozen=True)
class DoseSeries:
    medications: list[MedicationDoses] = field(default_factory=list)


def amount_on(steps: Iterable[DoseStep], day: date) -> float | None:
    """The scheduled daily amount on `day`; None before the first step."""
    current = None
    for step in sorted(steps, key=lambda s: s.day):
        if step.day > day:
            break
        current = step.amount
    return current


@dataclass(frozen=True)
class MedicationAdherence:
    """Per day, the day's adherence category (one of WORST_FIRST, or DUE_LATER); days not
    listed had nothing scheduled."""

    name: str
    days: dict[date, str] = field(default_factory=dict)
    medication: int | None = None  # the medication's id, matched against Change.medication

    def marks(self, change: Change) -> bool:
        """Whether this medication's calendar marks the change: its own, or one of unknown
        medication."""
        return change.medication is None or change.medication == self.medication


@dataclass(frozen=True)
class AdherenceSeries:
    medications: list[MedicationAdherence] = field(default_factory=list)


def worst_status(statuses: Iterable[str]) -> str:
    """The worst category among dose statuses; DUE_LATER when none is settled but some are
    still due or upcoming; NOTHING when there are none."""
    statuses = list(statuses)
    found = {_CATEGORY[s] for s in statuses if s in _CATEGORY}
    pending = DUE_LATER if any(s in _PENDING for s in statuses) else NOTHING
    return next((category for category in WORST_FIRST if category in found), pending)


def day_statuses(doses: Iterable[tuple[date, str]]) -> dict[date, str]:
    """(day, dose status) rows into day -> worst category (DUE_LATER for a day whose doses
    are all still to come); days with no scheduled dose left out."""
    by_day: dict[date, list[str]] = defaultdict(list)
    for day, status in doses:
        by_day[day].append(status)
    worst = ((day, worst_status(statuses)) for day, statuses in sorted(by_day.items()))
    return {day: category for day, category in worst if category != NOTHING}


# --- Sleep, activity, therapy, questionnaires --------------------------------------------


@dataclass(frozen=True)
class Night:
    """A night, dated by the morning the user woke up."""

    day: date
    total_sleep_hours: float
    # Total sleep time / time in bed x 100; None when the bed times are not known (a night
    # imported with only its length of sleep) or the minutes to fall asleep or awake were not
    # recorded (its total sleep is then only an upper bound).
    efficiency_pct: float | None
    quality: int | None = None  # 1 = very poor ... 5 = very good
    # Minutes to fall asleep or awake not recorded: total sleep counts them as none (at most).
    at_most: bool = False


@dataclass(frozen=True)
class SleepSeries:
    nights: list[Night] = field(default_factory=list)


@dataclass(frozen=True)
class ActivityDay:
    """One day's totals: minutes, caffeinated drinks, alcohol units (10 g of alcohol each)."""

    day: date
    activity_minutes: float = 0
    practice_minutes: dict[str, float] = field(default_factory=dict)  # practice label -> minutes
    caffeine_drinks: float = 0
    alcohol_units: float = 0


@dataclass(frozen=True)
class ActivitySeries:
    days: list[ActivityDay] = field(default_factory=list)


@dataclass(frozen=True)
class WeekTotal:
    """A Monday-to-Sunday week's total; `days_in_range` < 7 for weeks cut by the range."""

    week_start: date
    total: float
    days_in_range: int


def weekly_totals(points: Iterable[tuple[date, float]], first: date, last: date) -> list[WeekTotal]:
    """Sum (day, value) points inside first..last into every Monday-based week touching it."""
    if last < first:
        return []
    start = first - timedelta(days=first.weekday())
    totals = {start + timedelta(weeks=n): 0.0 for n in range((last - start).days // 7 + 1)}
    for day, value in points:
        if first <= day <= last:
            totals[day - timedelta(days=day.weekday())] += value
    return [
        WeekTotal(week, total, (min(week + timedelta(days=6), last) - max(week, first)).days + 1)
        for week, total in totals.items()
    ]


@dataclass(frozen=True)
class TherapySession:
    day: date
    modality: str  # the short label shown, e.g. "CBT"
    homework_given: bool = False
    homework_done: bool = False


@dataclass(frozen=True)
class TherapySeries:
    sessions: list[TherapySession] = field(default_factory=list)


@dataclass(frozen=True)
class ModalityCount:
    modality: str
    sessions: int
    homework_given: int
    homework_done: int


def modality_counts(sessions: Iterable[TherapySession], frame: Frame) -> list[ModalityCount]:
    """Sessions in the frame per modality, most sessions first (ties by name)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for s in sessions:
        if s.day in frame:
            row = counts[s.modality]
            row[0] += 1
            row[1] += s.homework_given
            row[2] += s.homework_given and s.homework_done
    rows = [ModalityCount(m, *values) for m, values in counts.items()]
    return sorted(rows, key=lambda r: (-r.sessions, r.modality.casefold()))


@dataclass(frozen=True)
class Score:
    """A questionnaire total; item9 is PHQ-9's item 9 (thoughts of self-harm), 0-3."""

    day: date
    total: int
    item9: int | None = None


@dataclass(frozen=True)
class QuestionnaireSeries:
    phq9: list[Score] = field(default_factory=list)
    gad7: list[Score] = field(default_factory=list)


def band(total: float, bands: Sequence[tuple[int, int, str]]) -> str:
    """The severity band a total falls in ("" outside every band)."""
    return next((name for low, high, name in bands if low <= total <= high), "")


def item9_flags(scores: Iterable[Score], frame: Frame) -> list[Score]:
    """PHQ-9 scores in the frame whose item 9 was above 0, by day."""
    return sorted((s for s in scores if s.day in frame and (s.item9 or 0) > 0), key=lambda s: s.day)


@dataclass(frozen=True)
class OverviewSeries:
    """What a prescriber sees on one time axis: doses, mood/anxiety, side effects, sleep."""

    doses: DoseSeries = field(default_factory=DoseSeries)
    mood: MoodSeries = field(default_factory=MoodSeries)
    side_effects: SideEffectSeries = field(default_factory=SideEffectSeries)
    sleep: SleepSeries = field(default_factory=SleepSeries)
