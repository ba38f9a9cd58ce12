"""Daylio's cell values: dates, 12 h and 24 h times, default mood labels, HTML notes, scales.

Each reader raises ValueError with a message for the user; the parser adds line and column.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from datetime import date, time

# Daylio's five default moods (English, German), best = 5. Renamed moods are the user's words.
DEFAULT_LEVELS: dict[str, int] = {
    "rad": 5,
    "good": 4,
    "meh": 3,
    "bad": 2,
    "awful": 1,
    "super": 5,
    "gut": 4,
    "ok": 3,
    "schlecht": 2,
    "lausig": 1,
    # Polish defaults
    "wspaniale": 5,
    "dobrze": 4,
    "tak sobie": 3,
    "źle": 2,
    "okropnie": 1,
}

# Month words by their first three (or four) letters, so that genitive and abbreviated forms
# match too ("wrze\u015bnia", "lut", "Feb.", "febrero"): English, German, Spanish, Portuguese,
# Italian, French, Dutch, Polish, Russian. French juin/juillet need four letters.
_MONTH_WORDS = (
    "jan ene gen sty jän янв",
    "feb fev fév lut фев",
    "mar mär mrz mrt maa мар",
    "apr abr avr kwi апр",
    "may mai mag mei maj май мая",
    "jun giu cze juin июн",
    "jul lug lip juil июл",
    "aug ago aoû aou sie авг",
    "sep set wrz сен",
    "oct okt ott out paź paz окт",
    "nov lis ноя",
    "dec dez dic déc gru дек",
)
MONTHS: dict[str, int] = {
    word: number for number, words in enumerate(_MONTH_WORDS, 1) for word in words.split()
}

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_YEAR = re.compile(r"[0-9]{4}")
_DAY = re.compile(r"[0-9]{1,2}")
_EAST_ASIAN_DATE = re.compile(r"([0-9]{1,2})\s*[月월]\s*([0-9]{1,2})\s*[日일]?")
_DATE_FILLER = {"de", "del"}  # Spanish and Portuguese "1 de febrero"
_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})(?::[0-9]{2})?\s*(?:([ap])\.?\s*m\.?)?", re.IGNORECASE)
_DURATION = re.compile(r"([0-9]{1,2}):([0-9]{2})")
_OUT_OF_TEN = re.compile(r"([0-9]{1,2}(?:[.,][0-9]+)?)\s*/\s*10\b")


def shown(value: str, limit: int = 40) -> str:
    """A cell quoted for a message, cut short so a huge cell does not flood it."""
    value = value.strip()
    return repr(value if len(value) <= limit else value[:limit] + "…")


def level_to_mood(level: int) -> int:
    """A Daylio level 1..5 on our 0-10 mood scale: the centre of its fifth (1, 3, 5, 7, 9)."""
    if not 1 <= level <= 5:
        raise ValueError(f"A Daylio mood level is 1 to 5, not {level}.")
    return 2 * level - 1


def default_mood(label: str) -> int | None:
    """Our 0-10 mood for one of Daylio's default labels, None for a label the user made."""
    level = DEFAULT_LEVELS.get(label.strip().lower())
    return None if level is None else level_to_mood(level)


def iso_date(value: str) -> date:
    """A `full_date` cell (YYYY-MM-DD)."""
    if _ISO_DATE.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{shown(value)} is not a date like 2022-10-30.")


def year(value: str) -> int:
    """A `year` cell of the 2017-18 exports."""
    if _YEAR.fullmatch(value.strip()) and int(value) > 0:
        return int(value)
    raise ValueError(f"{shown(value)} is not a year like 2017.")


def _month(word: str) -> int | None:
    for size in (3, 4):
        if len(word) >= size and word[:size] in MONTHS:
            return MONTHS[word[:size]]
    return None


def _day_and_month(text: str) -> tuple[int, int] | None:
    found = _EAST_ASIAN_DATE.fullmatch(text)
    if found:
        return int(found[2]), int(found[1])
    words = [w for w in re.split(r"[\s.,]+", text) if w and w not in _DATE_FILLER]
    days = [w for w in words if _DAY.fullmatch(w)]
    months = [_month(w) for w in words if not _DAY.fullmatch(w)]
    if len(days) != 1 or len(months) != 1 or months[0] is None:
        return None
    return int(days[0]), months[0]


def local_date(in_year: int, value: str) -> date:
    """A localized `date` cell of the 2017-18 exports ("Feb 1", "1 February", "1 lut")."""
    day_month = _day_and_month(value.strip().lower())
    if day_month is not None:
        try:
            return date(in_year, day_month[1], day_month[0])
        except ValueError:
            pass
    raise ValueError(
        f"{shown(value)} is not a day and month that can be read (like 'Feb 1' or '1 February')."
    )


def _hour(hour: int, half: str | None) -> int | None:
    if not half:
        return hour if hour < 24 else None
    if not 1 <= hour <= 12:
        return None
    return hour % 12 + (12 if half.lower() == "p" else 0)


def clock(value: str) -> time:
    """A `time` cell: 24 h ("20:39", "9:03") or 12 h ("9:00 PM", "11:54 pm")."""
    found = _TIME.fullmatch(value.strip())
    if found:
        hour, minute = _hour(int(found[1]), found[3]), int(found[2])
        if hour is not None and minute < 60:
            return time(hour, minute)
    raise ValueError(f"{shown(value)} is not a time like 20:39 or 9:00 PM.")


def activities(value: str) -> tuple[str, ...]:
    """The activity names of one entry, joined by " | " in the file; stray pipes dropped."""
    names = (name.strip().strip("|").strip() for name in value.split(" | "))
    return tuple(dict.fromkeys(name for name in names if name))


# The formatting tags Daylio's rich notes hold. Anything else between < and > is the user's
# text ("x<y and z>w", "<whatever>") and is kept as typed: the pages escape it on output.
_FORMATTING = (
    "a|b|blockquote|br|del|div|em|font|h[1-6]|i|ins|li|mark|ol|p|s|span|strike|strong|sub|sup|u|ul"
)
# Attributes only as name=value, so that "a<b and c>d" is not taken for a <b> tag.
_ATTRIBUTE = r"""\s+[a-zA-Z-]+\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>]+)"""
_TAG = re.compile(rf"<(/?)({_FORMATTING})(?:{_ATTRIBUTE})*\s*/?>", re.IGNORECASE)
_BLOCK_END = {"p", "div", "li", "blockquote"}
# Only complete character references (&amp; &lt; &#39;): "AT&T" and "&copy" stay as written.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _entities(text: str) -> str:
    return _ENTITY.sub(lambda found: html.unescape(found[0]), text)


def _html_text(value: str) -> str:
    """A note's text: Daylio's formatting tags turned into line breaks or dropped, the rest kept."""
    parts, start = [], 0
    for tag in _TAG.finditer(value):
        parts.append(_entities(value[start : tag.start()]))
        name = tag[2].lower()
        if name == "br" or (tag[1] and name in _BLOCK_END):
            parts.append("\n")
        start = tag.end()
    parts.append(_entities(value[start:]))
    return "".join(parts)


def _clean(value: str) -> str:
    lines = [line.rstrip() for line in _html_text(value).replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def note(title: str, body: str) -> str | None:
    """An entry's title and note as plain text ("title\\n\\nnote"), None when both are empty."""
    text = "\n\n".join(part for part in (_clean(title), _clean(body)) if part)
    return text or None


@dataclass
class Scales:
    """What a `scales` cell holds: sleep values, and why the other parts are not imported."""

    asleep_minutes: int | None = None
    quality: int | None = None
    skipped: list[str] = field(default_factory=list)

    @property
    def has_sleep(self) -> bool:
        """Whether the cell gave a sleep length or quality (then the day has a night)."""
        return self.asleep_minutes is not None or self.quality is not None


def _quality(value: str) -> int | None:
    found = _OUT_OF_TEN.search(value)
    if not found or float(found[1].replace(",", ".")) > 10:
        return None
    # Daylio rates sleep 1..10; ours is 1..5, two Daylio points a step.
    return max(1, math.ceil(float(found[1].replace(",", ".")) / 2))


def _minutes(value: str) -> int | None:
    found = _DURATION.fullmatch(value)
    if not found or int(found[2]) > 59 or int(found[1]) * 60 + int(found[2]) > 24 * 60:
        return None
    return int(found[1]) * 60 + int(found[2])


def scales(value: str) -> Scales:
    """A `scales` cell ("Sleep Quality: 8/10 points | Sleep Time: 8:00 | ...")."""
    result = Scales()
    for part in value.split(" | "):
        if not part.strip():
            continue
        name, _, raw = part.partition(":")
        name, raw, kind = name.strip(), raw.strip(), name.strip().lower()
        quality = _quality(raw) if kind == "sleep quality" else None
        minutes = _minutes(raw) if kind == "sleep time" else None
        if quality is not None:
            result.quality = quality
        elif minutes is not None:
            result.asleep_minutes = minutes
        elif kind in ("sleep quality", "sleep time"):
            result.skipped.append(
                f"The Daylio scale {shown(name)} has a value {shown(raw)} that cannot be read."
            )
        else:
            result.skipped.append(
                f"The Daylio scale {shown(name)} ({shown(raw)}) is not imported; "
                "only Sleep Quality and Sleep Time are."
            )
    return result
