"""The questionnaires themselves (wording, answer anchors) and their scoring; pure functions.

PHQ-9 and GAD-7 are public domain (Pfizer; Kroenke, Spitzer, Williams); their wording is kept
word for word. FIBSER (Wisniewski et al. 2006) is free for clinical and non-profit use; its
"due to this antidepressant" reads "due to your medication" here, since users take other
classes too. Licensed instruments (ODQ, GASS, ASEC, ASRM) are never shipped: only a score a
clinician gave can be entered by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tracker.errors import Invalid

PHQ9, GAD7, FIBSER, OTHER = "phq9", "gad7", "fibser", "other"

FREQUENCY_ANSWERS = (
    (0, "Not at all"),
    (1, "Several days"),
    (2, "More than half the days"),
    (3, "Nearly every day"),
)

# PHQ-9's closing question: asked on the form, never part of the total.
DIFFICULTY_QUESTION = (
    "If you checked off any problems, how difficult have these problems made it for you to do "
    "your work, take care of things at home, or get along with other people?"
)
DIFFICULTY_ANSWERS = (
    (0, "Not difficult at all"),
    (1, "Somewhat difficult"),
    (2, "Very difficult"),
    (3, "Extremely difficult"),
)


@dataclass(frozen=True)
class Item:
    text: str
    answers: tuple[tuple[int, str], ...]

    @property
    def top(self) -> int:
        return self.answers[-1][0]

    def label(self, value: int | None) -> str:
        """The anchor text of an answer ("Several days")."""
        return dict(self.answers).get(value, "") if value is not None else ""


@dataclass(frozen=True)
class Instrument:
    key: str
    title: str
    full_name: str
    period: str
    stem: str
    items: tuple[Item, ...]
    # The highest total; None when the instrument has no total (FIBSER items stand alone).
    max_total: int | None


def _frequency_items(*texts: str) -> tuple[Item, ...]:
    return tuple(Item(t, FREQUENCY_ANSWERS) for t in texts)


PHQ9_INSTRUMENT = Instrument(
    key=PHQ9,
    title="PHQ-9",
    full_name="Patient Health Questionnaire (PHQ-9)",
    period="last 2 weeks",
    stem="Over the last 2 weeks, how often have you been bothered by any of the following "
    "problems?",
    items=_frequency_items(
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself — or that you are a failure or have let yourself or your "
        "family down",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
        "being so fidgety or restless that you have been moving around a lot more than usual",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    ),
    max_total=27,
)

GAD7_INSTRUMENT = Instrument(
    key=GAD7,
    title="GAD-7",
    full_name="Generalized Anxiety Disorder scale (GAD-7)",
    period="last 2 weeks",
    stem="Over the last 2 weeks, how often have you been bothered by the following problems?",
    items=_frequency_items(
        "Feeling nervous, anxious or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid as if something awful might happen",
    ),
    max_total=21,
)

FIBSER_INSTRUMENT = Instrument(
    key=FIBSER,
    title="FIBSER",
    full_name="Frequency, Intensity, and Burden of Side Effects Rating (FIBSER)",
    period="past week",
    stem="Choose the answer that best describes the side effects due to your medication in the "
    "past week.",
    items=(
        Item(
            "Frequency: how often did you have side effects due to your medication in the past "
            "week?",
            (
                (0, "No side effects"),
                (1, "Present 10% of the time"),
                (2, "Present 25% of the time"),
                (3, "Present 50% of the time"),
                (4, "Present 75% of the time"),
                (5, "Present 90% of the time"),
                (6, "Present all the time"),
            ),
        ),
        Item(
            "Intensity: how intense were the side effects in the past week?",
            (
                (0, "No side effects"),
                (1, "Trivial"),
                (2, "Mild"),
                (3, "Moderate"),
                (4, "Marked"),
                (5, "Severe"),
                (6, "Intolerable"),
            ),
        ),
        Item(
            "Burden: how much did the side effects interfere with your day-to-day functions in "
            "the past week?",
            (
                (0, "No impairment"),
                (1, "Minimal impairment"),
                (2, "Mild impairment"),
                (3, "Moderate impairment"),
                (4, "Marked impairment"),
                (5, "Severe impairment"),
                (6, "Unable to function"),
            ),
        ),
    ),
    max_total=None,
)

INSTRUMENTS: dict[str, Instrument] = {
    i.key: i for i in (PHQ9_INSTRUMENT, GAD7_INSTRUMENT, FIBSER_INSTRUMENT)
}
TITLES = {**{k: i.title for k, i in INSTRUMENTS.items()}, OTHER: "Other score"}
# Instruments that fall due on the user's cadence and have response/remission.
TRACKED = (PHQ9, GAD7)
# Licensed instruments a clinician may score; only the name is suggested, never the wording.
OTHER_SUGGESTIONS = ("ODQ", "GASS", "ASEC", "ASRM")
OTHER_MAX = 999
ITEM9 = 9  # PHQ-9 item 9: thoughts of being better off dead or of self-harm

PHQ9_BANDS = ((4, "minimal"), (9, "mild"), (14, "moderate"), (19, "moderately severe"))
GAD7_BANDS = ((4, "minimal"), (9, "mild"), (14, "moderate"))
# FIBSER's burden bands in the words of its own anchors (0 no impairment … 6 unable to
# function). They say what the burden means, never what to do about a medication.
FIBSER_BANDS = (
    (2, "no to mild impairment"),
    (4, "moderate to marked impairment"),
    (6, "severe impairment or unable to function"),
)


def instrument(key: str) -> Instrument:
    """The instrument for a key; KeyError for anything else (views answer 404)."""
    return INSTRUMENTS[key]


def check_answers(key: str, answers: Sequence[int | None]) -> list[int]:
    """Every item answered with one of its anchors; the error names the first bad item."""
    items = instrument(key).items
    if len(answers) != len(items):
        raise Invalid(f"Answer all {len(items)} questions.", None)
    checked = []
    for number, (item, value) in enumerate(zip(items, answers, strict=True), start=1):
        if value is None:
            raise Invalid("Choose an answer.", f"item{number}")
        if not 0 <= value <= item.top:
            raise Invalid(f"Choose an answer from 0 to {item.top}.", f"item{number}")
        checked.append(value)
    return checked


def total(key: str, answers: Sequence[int]) -> int:
    """The score kept as `total`: the item sum, or for FIBSER the burden item (0–6).

    FIBSER's items are read on their own; its bands are read from burden alone, so it is the
    number charts and the history show. All three items stay in `answers`.
    """
    answers = check_answers(key, answers)
    return answers[-1] if key == FIBSER else sum(answers)


def _band(value: int, bands: tuple[tuple[int, str], ...], last: str) -> str:
    for upper, name in bands:
        if value <= upper:
            return name
    return last


def band(key: str, value: int) -> str | None:
    """The severity band of a total (PHQ-9, GAD-7) or FIBSER's burden band; None for others."""
    if key == PHQ9:
        return _band(value, PHQ9_BANDS, "severe")
    if key == GAD7:
        return _band(value, GAD7_BANDS, "severe")
    if key == FIBSER:
        return fibser_band(value)
    return None


def fibser_band(burden: int) -> str:
    """What FIBSER's burden item (0–6) means: 0–2, 3–4 or 5–6 in its anchors' words."""
    if not 0 <= burden <= 6:
        raise ValueError(f"FIBSER burden out of range: {burden}")
    return _band(burden, FIBSER_BANDS, FIBSER_BANDS[-1][1])


@dataclass(frozen=True)
class Change:
    """A score against the user's first score of the same instrument (the baseline)."""

    baseline: int
    points: int  # negative: down (better)
    percent: float | None  # of the baseline; None when the baseline was 0
    response: bool  # down by at least half
    remission: bool  # below 5, having started at 5 or more


def change(first: int, current: int) -> Change:
    """Response: total down ≥ 50% from the first score; remission: total < 5.

    Both need something to improve from: no response from a baseline of 0, and no remission
    when the first score was already below 5.
    """
    points = current - first
    percent = None if first == 0 else points / first * 100
    return Change(
        baseline=first,
        points=points,
        percent=percent,
        response=first > 0 and current * 2 <= first,
        remission=first >= 5 and current < 5,
    )


def join_answers(answers: Sequence[int], difficulty: int | None = None) -> str:
    """Answers as stored: "0,1,2,…"; a PHQ-9 difficulty answer follows the nine items."""
    values = [*answers, *([] if difficulty is None else [difficulty])]
    return ",".join(str(v) for v in values)


def split_answers(key: str, stored: str | None) -> tuple[list[int], int | None]:
    """Stored answers back as (item scores, PHQ-9 difficulty or None)."""
    if not stored or key not in INSTRUMENTS:
        return [], None
    values = [int(v) for v in stored.split(",")]
    count = len(instrument(key).items)
    extra = values[count] if len(values) > count else None
    return values[:count], extra


def item9_label(value: int) -> str:
    """The answer text of a PHQ-9 item 9 score."""
    return PHQ9_INSTRUMENT.items[ITEM9 - 1].label(value)


def item9_flag(value: int | None) -> str | None:
    """The prominent flag for PHQ-9 item 9 above 0, wherever the score appears."""
    if not value:
        return None
    return f"PHQ-9 item 9: thoughts of self-harm (answered '{item9_label(value)}')"
