"""What can be logged: activity kinds and intensities, wellness practices, substances (pure)."""

from __future__ import annotations

import math
from dataclasses import dataclass

ACTIVITY_KINDS: dict[str, str] = {
    "walking": "Walking",
    "running": "Running",
    "cycling": "Cycling",
    "swimming": "Swimming",
    "strength": "Strength / gym",
    "yoga": "Yoga / stretching",
    "sport": "Sport",
    "dancing": "Dancing",
    "housework": "Housework / gardening",
    "other": "Other",
}

INTENSITIES: dict[str, str] = {
    "light": "Light",
    "moderate": "Moderate",
    "vigorous": "Vigorous",
}

MINUTES = "minutes"  # logged with how many minutes
YES_NO = "yes_no"  # logged as done (or not), without minutes


@dataclass(frozen=True)
class Practice:
    """A wellness practice from a care plan, logged in minutes or as done."""

    key: str
    label: str
    mode: str
    hint: str

    @property
    def in_minutes(self) -> bool:
        return self.mode == MINUTES


PRACTICES: dict[str, Practice] = {
    p.key: p
    for p in (
        Practice("mindfulness", "Mindfulness / meditation", MINUTES, "Sitting, body scan, an app."),
        Practice(
            "breathing", "Breathing or grounding exercises", MINUTES, "Slow breathing, 5-4-3-2-1."
        ),
        Practice("journaling", "Journaling", MINUTES, "Writing for yourself."),
        Practice("outdoors", "Time outdoors", MINUTES, "Daylight, fresh air, nature."),
        Practice("social", "Social contact", MINUTES, "Time with people, calls included."),
        Practice("meals", "Regular meals", YES_NO, "Ate at regular times today."),
        Practice("water", "Enough water", YES_NO, "Drank enough water today."),
    )
}

DEFAULT_FOLLOWED = ("mindfulness", "breathing", "outdoors")
MODES: dict[str, str] = {MINUTES: "In minutes", YES_NO: "Done or not (yes/no)"}
OWN_PREFIX = "own:"  # the key of a practice the user added: "own:<its id>"


def own_key(own_id: int) -> str:
    return f"{OWN_PREFIX}{own_id}"


def split_key(key: str | None) -> tuple[str | None, int | None]:
    """A practice key as (catalog key, None) or (None, own practice id); ("", None) when it is
    neither (the services refuse it)."""
    key = (key or "").strip()
    if key.startswith(OWN_PREFIX):
        number = key.removeprefix(OWN_PREFIX)
        return (None, int(number)) if number.isdigit() and len(number) < 12 else ("", None)
    return key, None


@dataclass(frozen=True)
class Substance:
    """A substance counted per entry in whole or half units, up to a most per entry."""

    key: str
    label: str
    unit: str
    units: str
    step: float  # the smallest part of a unit that can be entered
    most: float  # the most one entry can hold
    hint: str
    range_message: str

    def amount_text(self, amount: float) -> str:
        """2 -> "2 drinks", 0.5 -> "0.5 units", 1 -> "1 unit"."""
        return f"{amount:g} {self.unit if amount == 1 else self.units}"


SUBSTANCES: dict[str, Substance] = {
    "caffeine": Substance(
        "caffeine",
        "Caffeine",
        "drink",
        "drinks",
        step=1,
        most=30,
        hint="One cup of coffee or tea, or one can of cola or energy drink, is one drink.",
        range_message="Count whole drinks, from 1 to 30.",
    ),
    # A standard unit of 10 g of alcohol (the WHO standard drink).
    "alcohol": Substance(
        "alcohol",
        "Alcohol",
        "unit",
        "units",
        step=0.5,
        most=50,
        hint=(
            "One unit is 10 g of alcohol: about 100 ml of wine, 330 ml of 4% beer, "
            "or 30 ml of spirits. Halves are fine."
        ),
        range_message="Enter units in halves, from 0.5 to 50.",
    ),
}


def amount_allowed(substance: Substance, amount: float) -> bool:
    """Above 0, at most the per-entry most, and a whole number of steps (1, or halves)."""
    if not math.isfinite(amount) or not 0 < amount <= substance.most:
        return False
    steps = amount / substance.step
    return abs(steps - round(steps)) < 1e-9


def parse_followed(stored: str | None) -> list[str]:
    """The followed practice keys in catalog order; unknown or repeated keys are dropped."""
    chosen = {key.strip() for key in (stored or "").split(",")}
    return [key for key in PRACTICES if key in chosen]


def activity_label(kind: str) -> str:
    return ACTIVITY_KINDS.get(kind, kind.capitalize())


def practice_label(key: str) -> str:
    practice = PRACTICES.get(key)
    return practice.label if practice else key.capitalize()
