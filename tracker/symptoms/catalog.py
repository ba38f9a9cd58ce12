"""The symptom catalog: side effects people on psychiatric medication log most, in that order.

Pure data, no database. Emotional numbness (blunting) and brain fog lead: they are what users
ask about most and what a new user follows by default.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CatalogSymptom:
    """One catalog symptom: a stable key, the label shown, a plain description."""

    key: str
    label: str
    description: str
    # Typical when a dose is reduced, missed or stopped; shown against taper steps later.
    discontinuation: bool = False


_S = CatalogSymptom

CATALOG: tuple[CatalogSymptom, ...] = (
    _S(
        "emotional_numbness",
        "Emotional numbness",
        "Feeling flat, not caring, fewer positive feelings.",
    ),
    _S("brain_fog", "Brain fog", "Slow thinking, poor concentration, forgetfulness."),
    _S("drowsiness", "Drowsiness / sedation", "Sleepy, slowed down or sedated during the day."),
    _S("fatigue", "Fatigue", "Tired and low on energy, even after rest."),
    _S(
        "insomnia",
        "Insomnia",
        "Trouble falling asleep, staying asleep, or waking too early.",
        discontinuation=True,
    ),
    _S(
        "vivid_dreams",
        "Vivid dreams",
        "Unusually vivid or disturbing dreams, nightmares.",
        discontinuation=True,
    ),
    _S("nausea", "Nausea", "Feeling sick to the stomach.", discontinuation=True),
    _S("headache", "Headache", "Pain or pressure in the head."),
    _S(
        "dizziness",
        "Dizziness",
        "Light-headed, unsteady, or the room spinning.",
        discontinuation=True,
    ),
    _S("dry_mouth", "Dry mouth", "Mouth or throat feels dry; often thirsty."),
    _S("sweating", "Sweating", "Sweating more than usual, including at night."),
    _S("appetite_increase", "Appetite increase", "Hungrier than usual, or cravings."),
    _S("appetite_decrease", "Appetite decrease", "Less hungry than usual, skipping meals."),
    _S("weight_change", "Weight change", "Gaining or losing weight without trying."),
    _S(
        "sexual_side_effects",
        "Sexual side effects",
        "Less desire, trouble with arousal, delayed or no orgasm.",
    ),
    _S(
        "restlessness",
        "Restlessness / akathisia",
        "Inner restlessness, an urge to keep moving, unable to sit still.",
    ),
    _S("tremor", "Tremor", "Shaking hands or other trembling."),
    _S(
        "agitation",
        "Agitation / irritability",
        "On edge, easily annoyed, short-tempered.",
        discontinuation=True,
    ),
    _S("palpitations", "Palpitations", "Racing, pounding or skipping heartbeat."),
    _S("constipation", "Constipation", "Fewer or harder bowel movements than usual."),
    _S("diarrhoea", "Diarrhoea", "Loose or frequent bowel movements."),
    _S("blurred_vision", "Blurred vision", "Vision less sharp than usual."),
    _S(
        "brain_zaps",
        "Brain zaps",
        "Brief electric-shock-like feelings in the head, often after a dose is lowered or missed.",
        discontinuation=True,
    ),
    _S(
        "flu_like",
        "Flu-like feelings",
        "Aches, chills and tiredness like a flu, often after a dose is lowered or stopped.",
        discontinuation=True,
    ),
)

BY_KEY: dict[str, CatalogSymptom] = {s.key: s for s in CATALOG}

# What a new user follows until they choose otherwise.
DEFAULT_FOLLOWED: tuple[str, ...] = ("emotional_numbness", "brain_fog")


def lookup(key: str | None) -> CatalogSymptom | None:
    """The catalog symptom with this key, or None."""
    return BY_KEY.get(key or "")


def position(key: str) -> int:
    """Where a catalog symptom sits in the catalog order (numbness 0, fog 1, ...)."""
    return next(i for i, s in enumerate(CATALOG) if s.key == key)


def same_label(name: str) -> CatalogSymptom | None:
    """The catalog symptom whose label equals `name`, ignoring case and extra spaces."""
    wanted = " ".join(name.split()).casefold()
    return next((s for s in CATALOG if s.label.casefold() == wanted), None)
