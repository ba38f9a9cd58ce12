"""The five check-in scales with their anchors, and one day's summary (pure: no database)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

LOW, HIGH = 0, 10


@dataclass(frozen=True)
class Scale:
    """A 0-10 scale; the anchors are shown beside it wherever it is rated or charted."""

    key: str
    label: str
    question: str
    anchors: tuple[tuple[int, str], ...]

    @property
    def anchor_text(self) -> str:
        """The anchors in one line (0 = none · 10 = the most severe), for help text and captions."""
        return " · ".join(f"{value} = {words}" for value, words in self.anchors)


SCALES: tuple[Scale, ...] = (
    Scale(
        "mood",
        "Mood",
        "How is your mood?",
        ((0, "worst I can imagine"), (5, "neutral"), (10, "best I can imagine")),
    ),
    Scale("anxiety", "Anxiety", "How anxious do you feel?", ((0, "none"), (10, "the most severe"))),
    Scale("irritability", "Irritability", "How irritable are you?", ((0, "none"), (10, "extreme"))),
    Scale("energy", "Energy", "How is your energy?", ((0, "exhausted"), (10, "full of energy"))),
    Scale(
        "focus",
        "Focus",
        "How well can you focus?",
        ((0, "cannot focus at all"), (10, "sharp and focused")),
    ),
)
KEYS: tuple[str, ...] = tuple(s.key for s in SCALES)
BY_KEY: dict[str, Scale] = {s.key: s for s in SCALES}


@dataclass(frozen=True)
class ScaleSummary:
    """One scale over one day: mean (1 decimal, halves round up), lowest, highest, how many."""

    mean: float
    low: int
    high: int
    n: int


def _value(checkin: Any, key: str) -> int | None:
    if isinstance(checkin, Mapping):
        return checkin.get(key)
    return getattr(checkin, key, None)


def mean_1dp(values: Iterable[int]) -> float:
    """The arithmetic mean to one decimal, halves rounded up (2.25 -> 2.3), as people expect."""
    values = list(values)
    exact = Decimal(sum(values)) / Decimal(len(values))
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def summarise(values: Iterable[int]) -> ScaleSummary:
    """Mean, low, high and count of some ratings (at least one)."""
    values = list(values)
    return ScaleSummary(mean_1dp(values), min(values), max(values), len(values))


def day_summary(checkins: Iterable[Any]) -> dict[str, ScaleSummary]:
    """Per scale, in scale order, the summary of one day's check-ins; unrated scales left out.

    A check-in is anything with the scale keys as attributes or mapping keys (None = not rated).
    """
    checkins = list(checkins)
    out: dict[str, ScaleSummary] = {}
    for key in KEYS:
        values = [v for c in checkins if (v := _value(c, key)) is not None]
        if values:
            out[key] = summarise(values)
    return out
