"""The sleep kind in the export file: the sleep diary's nights (the four times written in the
zone of the night, the counts, the quality) and naps, read back through the diary's rules."""

from __future__ import annotations

from typing import Any

from tracker.exports import values as v
from tracker.exports.context import NOTE_LIMIT, Context, Loader, entry_fields
from tracker.exports.entries import TAIL, chronological, journal
from tracker.exports.kinds import Kind, Refs, cells
from tracker.exports.values import Fields
from tracker.journal import text
from tracker.sleep import measures
from tracker.sleep.models import Nap, SleepEntry
from tracker.sleep.naps import MAX_NAP_MINUTES
from tracker.timeutils import local_today

SLEEP_COLUMNS = (
    "into_bed_at",
    "tried_to_sleep_at",
    "final_awakening_at",
    "out_of_bed_at",
    "tz",
    "day",
    "sol_minutes",
    "awakenings",
    "waso_minutes",
    "quality",
    "times_known",
    *TAIL,
)


def _sleep(e: SleepEntry, refs: Refs) -> dict[str, Any]:
    return {
        "into_bed_at": v.instant(e.at, e.tz),
        "tried_to_sleep_at": v.instant(e.tried_to_sleep_at, e.tz),
        "final_awakening_at": v.instant(e.final_awakening_at, e.tz),
        "out_of_bed_at": v.instant(e.out_of_bed_at, e.tz),
        "tz": e.tz,
        "day": v.day(e.day),
        "sol_minutes": e.sol_minutes,
        "awakenings": e.awakenings,
        "waso_minutes": e.waso_minutes,
        "quality": e.quality,  # null: not rated
        # false: a night known only by its length; its four times are placed, not recorded.
        "times_known": e.times_known,
        "note": e.note,
        "created_at": v.utc(e.created_at),
    }


TABLES: tuple[Kind, ...] = (
    Kind(
        "sleep_entries",
        SleepEntry,
        SLEEP_COLUMNS,
        _sleep,
        order=chronological,
        cells=cells(
            numbers=("sol_minutes", "awakenings", "waso_minutes", "quality"),
            flags=("times_known",),
        ),
        added_later=("times_known",),  # a night without it had its times known
    ),
    journal("naps", Nap, ("minutes",), cells=cells(numbers=("minutes",))),
)


def sleep_entry(ctx: Context, f: Fields) -> SleepEntry:
    times = measures.NightTimes(
        into_bed=ctx.instant(f, "into_bed_at"),
        tried_to_sleep=ctx.instant(f, "tried_to_sleep_at"),
        final_awakening=ctx.instant(f, "final_awakening_at"),
        out_of_bed=ctx.instant(f, "out_of_bed_at"),
    )
    counts = {  # null: not recorded (a diary may leave them empty)
        "sol": f.integer("sol_minutes"),
        "waso": f.integer("waso_minutes"),
        "awakenings": f.integer("awakenings"),
        "quality": f.integer("quality"),  # null: not rated
    }
    measures.check_night(times, **counts)  # the diary's order of times and its scales
    # Exports from before nights could be known only by their length have no such field.
    times_known = f.flag("times_known", required=False) is not False
    tz, day = f.zone("tz"), f.date("day")
    if local_today(tz, times.final_awakening) != day:
        raise f.refuse("day", f"a night is filed under the morning of its final awakening in {tz}.")
    ctx.once(f, "day", "sleep-day", day, "a second night for the same morning.")
    return SleepEntry(
        user_id=ctx.user.id,
        at=times.into_bed,
        tz=tz,
        day=day,
        tried_to_sleep_at=times.tried_to_sleep,
        final_awakening_at=times.final_awakening,
        out_of_bed_at=times.out_of_bed,
        sol_minutes=counts["sol"],
        awakenings=counts["awakenings"],
        waso_minutes=counts["waso"],
        quality=counts["quality"],
        times_known=times_known,
        note=text(f.text("note", NOTE_LIMIT), NOTE_LIMIT, "note"),
        created_at=ctx.instant(f, "created_at"),
    )


def nap(ctx: Context, f: Fields) -> Nap:
    minutes = f.integer("minutes", 1, MAX_NAP_MINUTES, required=True)
    return Nap(**entry_fields(ctx, f), minutes=minutes)


LOADERS: dict[str, Loader] = {"sleep_entries": sleep_entry, "naps": nap}
