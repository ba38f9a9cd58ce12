"""How the names in another app's file map onto this account, and the questions the preview
asks about them (pure: the account is described by `Account`, no database).

A mapping is a dict: f"{group}:{source name}" -> a value, and f"minutes:{source name}" -> the
minutes to log for an activity that the source records without a duration.

Values: mood "0".."10"; activity "tag", "practice:<key>", "activity:<kind>"; medication
"med:<id>", "new"; symptom "symptom:<ref>", "new"; any group "skip".
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from tracker.activity import catalog as activity_catalog
from tracker.errors import Invalid
from tracker.imports import records
from tracker.medications import catalog as med_catalog
from tracker.symptoms import catalog as symptom_catalog

GROUPS = ("mood", "activity", "medication", "symptom")
SKIP = "skip"
NEW = "new"
TAG = "tag"
DEFAULT_MINUTES = 30
CLOSE = 0.8  # difflib ratio of a misspelt word ("Fluoxitine" ~ "Fluoxetine")

# Common activity names in mood apps, to our practices and activity kinds.
ACTIVITY_WORDS = {
    "meditation": "practice:mindfulness",
    "meditate": "practice:mindfulness",
    "mindfulness": "practice:mindfulness",
    "breathing": "practice:breathing",
    "journal": "practice:journaling",
    "journaling": "practice:journaling",
    "writing": "practice:journaling",
    "nature": "practice:outdoors",
    "outdoors": "practice:outdoors",
    "outside": "practice:outdoors",
    "friends": "practice:social",
    "family": "practice:social",
    "party": "practice:social",
    "date": "practice:social",
    "walk": "activity:walking",
    "walking": "activity:walking",
    "run": "activity:running",
    "running": "activity:running",
    "jogging": "activity:running",
    "bike": "activity:cycling",
    "cycling": "activity:cycling",
    "swimming": "activity:swimming",
    "gym": "activity:strength",
    "workout": "activity:strength",
    "yoga": "activity:yoga",
    "dance": "activity:dancing",
    "dancing": "activity:dancing",
    "sport": "activity:sport",
    "sports": "activity:sport",
    "cleaning": "activity:housework",
    "gardening": "activity:housework",
    "chores": "activity:housework",
}


@dataclass(frozen=True)
class Med:
    id: int
    name: str
    unit: str
    as_needed: bool


@dataclass(frozen=True)
class Account:
    """What the planner needs to know of the account it imports into."""

    timezone: str
    medications: tuple[Med, ...] = ()
    symptoms: tuple[tuple[str, str], ...] = ()  # (ref, name): the user's own and the catalog's


@dataclass
class Choice:
    """One source name the user can map: how often it occurs, the current value, the options."""

    group: str
    name: str
    first_line: int
    count: int = 0
    value: str = ""
    automatic: bool = True
    minutes: int = DEFAULT_MINUTES
    options: list[tuple[str, str]] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.group}:{self.name}"

    @property
    def label(self) -> str:
        return dict(self.options).get(self.value, "not chosen yet")


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def _misspelt(word: str, other: str) -> bool:
    """Whether two words differ only as a typo does: letters only, five or more, close."""
    if word == other:
        return True
    if not (word.isalpha() and other.isalpha() and min(len(word), len(other)) >= 5):
        return False  # "d3" is not "d", "c" is not "d": a digit or a letter names another thing
    return difflib.SequenceMatcher(None, word, other).ratio() >= CLOSE


def _close(name: str, candidates: dict[str, str]) -> str | None:
    """The value of the candidate whose (folded) name equals `name`, or that `name` misspells
    word by word ("Fluoxitine" ~ "fluoxetine"; "Vitamin D3" is not "vitamin d")."""
    folded = _fold(name)
    if folded in candidates:
        return candidates[folded]
    words = folded.split()
    close = [
        (difflib.SequenceMatcher(None, folded, candidate).ratio(), candidate)
        for candidate in candidates
        if len(candidate.split()) == len(words) and all(map(_misspelt, words, candidate.split()))
    ]
    return candidates[max(close)[1]] if close else None


def mood_options() -> list[tuple[str, str]]:
    anchors = {0: "worst I can imagine", 5: "neutral", 10: "best I can imagine"}
    numbers = [(str(v), f"{v}" + (f" – {anchors[v]}" if v in anchors else "")) for v in range(11)]
    return [*numbers, (SKIP, "Leave out")]


def activity_options() -> list[tuple[str, str]]:
    practices = [
        (f"practice:{k}", f"Practice: {p.label}") for k, p in activity_catalog.PRACTICES.items()
    ]
    kinds = [
        (f"activity:{k}", f"Activity: {v}") for k, v in activity_catalog.ACTIVITY_KINDS.items()
    ]
    return [(TAG, "Keep as a tag in the note"), *practices, *kinds, (SKIP, "Leave out")]


def suggested_medication_name(name: str) -> str:
    """The name a new medication is stored under, as the preview shows it: as written (spaces
    collapsed), or the catalog's spelling when the name misspells a catalog name."""
    written = " ".join(name.split())
    generics = {_fold(e.name): e.name for e in med_catalog.CATALOG}
    found = _close(written, generics)
    if found is None or _fold(found) == _fold(written):
        return written
    return found[:1].upper() + found[1:] if written[:1].isupper() else found


def medication_options(account: Account, name: str) -> list[tuple[str, str]]:
    meds = [
        (f"med:{m.id}", f"{m.name} ({'as needed' if m.as_needed else 'scheduled'}, {m.unit})")
        for m in account.medications
    ]
    new = (NEW, f"Add a new as-needed medication “{suggested_medication_name(name)}”")
    return [*meds, new, (SKIP, "Leave out")]


def symptom_options(account: Account, name: str) -> list[tuple[str, str]]:
    known = [(f"symptom:{ref}", label) for ref, label in account.symptoms]
    return [*known, (NEW, f"Add my own symptom “{name.strip()}”"), (SKIP, "Leave out")]


def automatic(group: str, name: str, account: Account, record: records.Record) -> str:
    """The value chosen without asking, or "" when the user must choose."""
    if group == "mood":
        mood = getattr(record, "mood", None)
        return "" if mood is None else str(mood)
    if group == "activity":
        return ACTIVITY_WORDS.get(_fold(name), TAG)
    if group == "medication":
        by_name = {_fold(m.name): f"med:{m.id}" for m in account.medications}
        return _close(name, by_name) or NEW
    by_label = {_fold(label): f"symptom:{ref}" for ref, label in account.symptoms}
    return _close(name, by_label) or NEW


def options(group: str, name: str, account: Account) -> list[tuple[str, str]]:
    if group == "mood":
        return mood_options()
    if group == "activity":
        return activity_options()
    if group == "medication":
        return medication_options(account, name)
    return symptom_options(account, name)


def names_in(record: records.Record) -> Iterable[tuple[str, str]]:
    """The (group, source name) pairs a record asks to map."""
    if isinstance(record, records.Mood):
        if record.label is not None:
            yield "mood", record.label
        for activity in record.activities:
            yield "activity", activity
    elif isinstance(record, records.Dose):
        yield "medication", record.name
    elif isinstance(record, records.Symptom):
        yield "symptom", record.name


def choices(
    found: Iterable[records.Record], account: Account, mapping: dict[str, str]
) -> list[Choice]:
    """Every name to map, in the order first met, with the user's value or the automatic one."""
    out: dict[str, Choice] = {}
    for record in found:
        for group, name in names_in(record):
            key = f"{group}:{name}"
            choice = out.get(key)
            if choice is None:
                choice = out[key] = Choice(group, name, record.line)
                choice.options = options(group, name, account)
                allowed = {v for v, _ in choice.options}
                chosen = mapping.get(key, "")
                if chosen in allowed:
                    choice.value, choice.automatic = chosen, False
                else:
                    choice.value = automatic(group, name, account, record)
                minutes = mapping.get(f"minutes:{name}", "")
                if minutes.isdigit() and 1 <= int(minutes) <= 1440:
                    choice.minutes = int(minutes)
            choice.count += 1
    return list(out.values())


def catalog_symptoms() -> list[tuple[str, str]]:
    """The catalog's symptoms as (ref, label), for an account's choices."""
    return [(s.key, s.label) for s in symptom_catalog.CATALOG]


def _choice_for(label: str, found: list[Choice]) -> Choice:
    group, _, name = label.partition(":")
    if group not in GROUPS or not name:
        group, name = "", label
    matches = [c for c in found if _fold(c.name) == _fold(name) and group in ("", c.group)]
    if len(matches) != 1:
        names = ", ".join(f"{c.group}:{c.name}" for c in found) or "none"
        reason = "is in more than one group: write group:name" if matches else "is not in the file"
        raise Invalid(f"--map “{label}” {reason}. Names in this file: {names}.", "map")
    return matches[0]


def from_pairs(pairs: Iterable[str], found: list[Choice]) -> dict[str, str]:
    """`LABEL=VALUE` pairs from the command line as a mapping. VALUE is an option's value
    (`7`, `practice:mindfulness`, `med:3`, `new`, `skip`) or its words, as the preview shows
    them; an activity value may end in `:MINUTES` (`activity:walking:45`)."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        label, sep, value = pair.rpartition("=")
        if not sep or not label.strip():
            raise Invalid(f"--map “{pair}”: write LABEL=VALUE.", "map")
        choice = _choice_for(label.strip(), found)
        value = value.strip()
        head, _, minutes = value.rpartition(":")
        if choice.group == "activity" and minutes.isdigit() and head:
            mapping[f"minutes:{choice.name}"], value = minutes, head
        by_words = {_fold(words): v for v, words in choice.options}
        if choice.group == "medication":  # a medication by its name alone
            by_words |= {_fold(w.split(" (")[0]): v for v, w in choice.options if v != NEW}
        allowed = {v for v, _ in choice.options}
        chosen = value if value in allowed else by_words.get(_fold(value))
        if chosen is None:
            options = "; ".join(v for v, _ in choice.options)
            raise Invalid(f"--map “{pair}”: choose one of: {options}.", "map")
        mapping[choice.key] = chosen
    return mapping
