"""Apple Health steps, mindful sessions and workouts, gathered as the export streams past.

Each `add` takes one element's attributes and returns None, or why the element is not used.
"""

from __future__ import annotations

import math
from datetime import date

from tracker.activity.catalog import PRACTICES
from tracker.imports.parsers.apple_health_xml import parse_time, type_words
from tracker.imports.records import Practice, Steps, Workout

MINDFULNESS = PRACTICES["mindfulness"].key
MOST_STEPS = 1_000_000  # in one sample; more is a broken value, not a walk


class StepTotals:
    """Steps per local day. The iPhone and the Watch both count the same walk, so each hour
    takes one source only: a watch when one counted that hour, else the source that counted
    most (sources are never added together)."""

    def __init__(self) -> None:
        # "2019-05-14 19 -0400" (local hour and offset, so a repeated DST hour stays apart)
        # -> [first line, {source: steps}]
        self._hours: dict[str, list] = {}
        self._watches: set[str] = set()

    def add(self, attrib: dict[str, str], line: int) -> str | None:
        start = attrib.get("startDate", "")
        if len(start) != 25:
            return "an unreadable date"
        try:
            steps = float(attrib.get("value", ""))
        except ValueError:
            return "a step count that is not a number"
        if not 0 <= steps < MOST_STEPS:
            return "an impossible step count"
        source = attrib.get("sourceName", "")
        hour = self._hours.get(start[:13] + start[19:])
        if hour is None:
            hour = self._hours[start[:13] + start[19:]] = [line, {}]
        totals = hour[1]
        totals[source] = totals.get(source, 0.0) + steps
        if source not in self._watches and _is_watch(source, attrib):
            self._watches.add(source)
        return None

    def records(self) -> tuple[list[Steps], list[int]]:
        """The daily totals, and the lines of hours whose day is not a date."""
        days: dict[str, list] = {}  # day -> [first line, steps]
        for key, (line, totals) in self._hours.items():
            watches = [source for source in totals if source in self._watches]
            chosen = max(watches or totals, key=totals.__getitem__)
            day = days.setdefault(key[:10], [line, 0.0])
            day[0] = min(day[0], line)
            day[1] += totals[chosen]
        out, bad = [], []
        for text, (line, steps) in days.items():
            try:
                day = date.fromisoformat(text)
            except ValueError:
                bad.append(line)
                continue
            out.append(Steps(line=line, key=f"apple-steps:{day}", day=day, steps=round(steps)))
        return out, bad


def _is_watch(source: str, attrib: dict[str, str]) -> bool:
    return "Watch" in source or "Watch" in attrib.get("device", "")


class MindfulSessions:
    """Each mindful session as a mindfulness practice of its length in minutes."""

    def __init__(self) -> None:
        self.records: list[Practice] = []
        self._keys: set[str] = set()

    def add(self, attrib: dict[str, str], line: int) -> str | None:
        start_text = attrib.get("startDate", "")
        try:
            start, end = parse_time(start_text), parse_time(attrib.get("endDate", ""))
        except ValueError:
            return "an unreadable date"
        minutes = round((end - start).total_seconds() / 60)
        if minutes < 1:
            return "a session under half a minute"
        key = f"apple-mindful:{start_text}"
        if key in self._keys:
            return "the same start as another session"  # two apps logging one sitting
        self._keys.add(key)
        self.records.append(
            Practice(line=line, key=key, at=start, practice=MINDFULNESS, minutes=minutes)
        )
        return None


KINDS: dict[str, str] = {
    **dict.fromkeys(("Walking", "Hiking", "WheelchairWalkPace"), "walking"),
    **dict.fromkeys(("Running", "WheelchairRunPace", "TrackAndField"), "running"),
    **dict.fromkeys(("Cycling", "HandCycling"), "cycling"),
    **dict.fromkeys(("Swimming", "WaterFitness"), "swimming"),
    **dict.fromkeys(
        (
            "TraditionalStrengthTraining",
            "FunctionalStrengthTraining",
            "CoreTraining",
            "CrossTraining",
        ),
        "strength",
    ),
    **dict.fromkeys(
        ("Yoga", "Pilates", "Flexibility", "MindAndBody", "TaiChi", "Cooldown", "Barre"), "yoga"
    ),
    **dict.fromkeys(("Dance", "SocialDance", "CardioDance", "DanceInspiredTraining"), "dancing"),
    # Ball games (racquet sports included)
    **dict.fromkeys(
        (
            "Soccer",
            "AmericanFootball",
            "AustralianFootball",
            "Rugby",
            "Basketball",
            "Volleyball",
            "Handball",
            "WaterPolo",
            "Baseball",
            "Softball",
            "Cricket",
            "Hockey",
            "Lacrosse",
            "Tennis",
            "TableTennis",
            "Badminton",
            "Squash",
            "Racquetball",
            "Pickleball",
            "Golf",
            "Bowling",
            "DiscSports",
        ),
        "sport",
    ),
    **dict.fromkeys(("Gardening", "Cleaning", "Housework"), "housework"),
}
VIGOROUS = frozenset({"Running", "HighIntensityIntervalTraining"})
_MINUTES_PER = {"min": 1.0, "s": 1 / 60, "sec": 1 / 60, "h": 60.0, "hr": 60.0}


class Workouts:
    """Each workout as an activity session of one of our kinds."""

    def __init__(self) -> None:
        self.records: list[Workout] = []
        self._keys: set[str] = set()

    def add(self, attrib: dict[str, str], line: int) -> str | None:
        apple = attrib.get("workoutActivityType", "")
        start_text = attrib.get("startDate", "")
        try:
            start = parse_time(start_text)
            minutes = _workout_minutes(attrib)
        except ValueError:
            return "an unreadable date or duration"
        if minutes < 1:
            return "a duration under half a minute"
        key = f"apple-workout:{start_text}|{apple}"
        if key in self._keys:
            return "the same start and type as another workout"
        self._keys.add(key)
        name = apple.removeprefix("HKWorkoutActivityType")
        self.records.append(
            Workout(
                line=line,
                key=key,
                at=start,
                kind=KINDS.get(name, "other"),
                minutes=minutes,
                intensity="vigorous" if name in VIGOROUS else "moderate",
                note=type_words(apple) or None,
            )
        )
        return None


def _workout_minutes(attrib: dict[str, str]) -> int:
    """The duration in whole minutes: `duration` in its `durationUnit`, else end - start."""
    unit = _MINUTES_PER.get(attrib.get("durationUnit", "min"))
    if "duration" in attrib and unit is not None:
        minutes = float(attrib["duration"]) * unit
    else:
        start = parse_time(attrib.get("startDate", ""))
        minutes = (parse_time(attrib.get("endDate", "")) - start).total_seconds() / 60
    if not math.isfinite(minutes) or minutes > 7 * 24 * 60:
        raise ValueError(f"not a workout duration: {minutes}")
    return round(minutes)
