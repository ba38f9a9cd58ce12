"""Sleep: nights (Consensus Sleep Diary, filed under the morning you woke up) and naps.

A night may be unrated (`quality` null) or known only by its length (`times_known` false:
an import from an app that records "8 h of sleep"); such a night has its total sleep time,
and its times, time in bed, efficiency, SOL, WASO and awakenings are null, never made up.
A diary night's SOL, WASO and awakenings may be null too (not recorded); with SOL or WASO
null, `tst_minutes` is the most the person can have slept (`tst_at_most` true) and
`efficiency` is null.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime
from typing import TypeVar

from flask import url_for
from pydantic import Field

from tracker.api import core
from tracker.api.crud import Create, Crud, Listing, Operation, Resource, Update, between, crud
from tracker.api.errors import ApiError
from tracker.api.schema import (
    ApiIn,
    ApiOut,
    Day,
    Instant,
    page_of,
    text,
    unset,
    whole,
)
from tracker.api.spec import created
from tracker.auth.models import User
from tracker.sleep import measures, naps, services
from tracker.sleep.measures import NightTimes
from tracker.sleep.models import Nap, SleepEntry

TAG = "sleep"
API = Resource({"night_id": SleepEntry, "nap_id": Nap})
TIMES = ("into_bed", "tried_to_sleep", "final_awakening", "out_of_bed")
COUNTS = ("sol_minutes", "awakenings", "waso_minutes")
T = TypeVar("T")


class NightOut(ApiOut):
    """A night with its derived measures (minutes; efficiency in %)."""

    id: int
    day: date  # the morning of the final awakening, in the user's zone then
    tz: str
    times_known: bool
    into_bed: Instant | None
    tried_to_sleep: Instant | None
    final_awakening: Instant | None
    out_of_bed: Instant | None
    sol_minutes: int | None  # minutes to fall asleep
    awakenings: int | None
    waso_minutes: int | None  # minutes awake after falling asleep
    quality: int | None  # 1 very poor … 5 very good; null: not rated
    tib_minutes: int | None  # time in bed
    tst_minutes: int  # total sleep time; an upper bound when `tst_at_most`
    tst_at_most: bool  # SOL or WASO not recorded: total sleep counts them as none
    efficiency: float | None  # total sleep time / time in bed × 100
    note: str | None
    row_version: int


# The counts the services check: SOL and WASO up to 12 hours, up to 50 awakenings.
SolMinutes = whole(0, measures.MAX_SOL)
WasoMinutes = whole(0, measures.MAX_WASO)
Awakenings = whole(0, measures.MAX_AWAKENINGS)
Quality = whole(1, 5)  # 1 very poor … 5 very good
NightMinutes = whole(1, measures.LONGEST_NIGHT_MINUTES)
Note = text(services.NOTE_LIMIT)


class NightIn(ApiIn):
    """A night with its four instants; SOL and WASO must fit between trying to sleep and the
    final awakening. A count left out or null is not recorded (never taken as 0)."""

    into_bed: Instant
    tried_to_sleep: Instant
    final_awakening: Instant
    out_of_bed: Instant
    sol_minutes: SolMinutes | None = None
    awakenings: Awakenings | None = None
    waso_minutes: WasoMinutes | None = None
    quality: Quality | None = None
    note: Note | None = None


class NightLengthIn(ApiIn):
    """A night known only by its length of sleep, filed under the morning `day`."""

    day: Day
    asleep_minutes: NightMinutes
    quality: Quality | None = None
    note: Note | None = None


class NightPatch(ApiIn):
    """The fields to change; a night known only by its length needs all its times (it then has
    known times). A count sent as null becomes not recorded. `row_version` refuses a stale
    edit with 409."""

    into_bed: Instant = unset()
    tried_to_sleep: Instant = unset()
    final_awakening: Instant = unset()
    out_of_bed: Instant = unset()
    sol_minutes: SolMinutes | None = None
    awakenings: Awakenings | None = None
    waso_minutes: WasoMinutes | None = None
    quality: Quality | None = None
    note: Note | None = None
    row_version: int | None = None


class NapOut(ApiOut):
    id: int = Field(validation_alias="entry_id")
    day: date  # the local date it started on
    start: Instant
    minutes: int
    note: str | None
    row_version: int


NapMinutes = whole(1, naps.MAX_NAP_MINUTES)


class NapIn(ApiIn):
    start: Instant
    minutes: NapMinutes
    note: Note | None = None


class NapPatch(ApiIn):
    start: Instant = unset()
    minutes: NapMinutes = unset()
    note: Note | None = None
    row_version: int | None = None


NightPage = page_of(NightOut)
NapPage = page_of(NapOut)


def _night(row: services.NightRow) -> NightOut:
    times = {name: getattr(row, name) for name in TIMES}
    values = {**asdict(row.summary), **times, "note": row.note}
    return NightOut(
        id=row.entry_id,
        tz=row.tz,
        row_version=row.row_version,
        tst_at_most=row.summary.tst_at_most,
        **values,
    )


def _night_out(entry: SleepEntry) -> NightOut:
    return _night(services.night_row(entry))


def _filed(action: Callable[[], T]) -> T:
    """A second night for one morning is a conflict: the message names the one to edit."""
    try:
        return action()
    except services.NightAlreadyLogged as exc:
        message = f"{exc.message} (night {exc.entry_id})"
        raise ApiError(409, message, field="final_awakening") from None


def _merged(entry: SleepEntry, changes: dict) -> services.Night:
    current = services.current_night(entry)
    base: dict = {"quality": entry.quality, "note": entry.note}
    if current is not None:
        base |= {**asdict(current.times), **asdict(current)}
    values = {**base, **changes}
    for name in TIMES:
        if values.get(name) is None:
            message = "Enter this; a night edited needs all its times."
            if current is None:
                message = "This night is known only by its length: send all its times."
            raise ApiError(409, message, code="invalid", field=name)
    times = NightTimes(*(values[name] for name in TIMES))
    return services.Night(times, *(values[name] for name in (*COUNTS, "quality", "note")))


def _record_night(user: User, json: NightIn, now: datetime) -> SleepEntry:
    times = NightTimes(*(getattr(json, name) for name in TIMES))
    night = services.Night(times, *(getattr(json, n) for n in (*COUNTS, "quality", "note")))
    return _filed(lambda: services.record_night(user, night, now=now))


def _update_night(user: User, entry: SleepEntry, json: NightPatch, now: datetime) -> None:
    night = _merged(entry, json.model_dump(exclude_unset=True, exclude={"row_version"}))
    _filed(lambda: services.update_night(user, entry, night, row_version=json.row_version, now=now))


crud(
    API,
    Crud(TAG, "/sleep/nights", "night_id", SleepEntry, NightOut, _night_out),
    listing=Listing(
        "list_nights",
        "Nights filed under the mornings of a range (the last 30 by default), newest first.",
        NightPage,
        between(services.night_rows_between),
        _night,
    ),
    create=Create(
        "record_night",
        "Log a night; a second night for the same morning is refused with 409.",
        NightIn,
        _record_night,
    ),
    read=Operation("get_night", "One night."),
    update=Update(
        "update_night",
        "Edit a night (its times stay in the zone it was logged in).",
        NightPatch,
        _update_night,
    ),
    delete=Operation("delete_night", "Delete a night."),
)


@API.post("/sleep/nights/by-length", NightOut, tag=TAG)
def record_night_length(json: NightLengthIn) -> tuple:
    """Log a night known only by how long you slept (its times are not known)."""
    user = core.user()
    entry = _filed(
        lambda: services.record_night_length(
            user, tz=user.timezone, now=core.now(), **json.model_dump()
        )
    )
    return created(_night_out(entry), url_for("api.get_night", night_id=entry.id))


def _nap_out(nap: Nap) -> NapOut:
    return NapOut.model_validate(naps.nap_row(nap))


def _record_nap(user: User, json: NapIn, now: datetime) -> Nap:
    return naps.record_nap(user, **json.model_dump(), now=now)


def _update_nap(user: User, nap: Nap, json: NapPatch, now: datetime) -> None:
    current = {"start": nap.at, "minutes": nap.minutes, "note": nap.note}
    changes = json.model_dump(exclude_unset=True, exclude={"row_version"})
    naps.update_nap(user, nap, **{**current, **changes}, row_version=json.row_version, now=now)


crud(
    API,
    Crud(TAG, "/sleep/naps", "nap_id", Nap, NapOut, _nap_out),
    listing=Listing(
        "list_naps",
        "Naps filed under local dates in a range (the last 30 by default), newest first.",
        NapPage,
        between(naps.naps_between),
        NapOut.model_validate,
    ),
    create=Create(
        "record_nap", "Log a nap, filed under the local date it started on.", NapIn, _record_nap
    ),
    read=Operation("get_nap", "One nap."),
    update=Update("update_nap", "Edit a nap: start, minutes, note.", NapPatch, _update_nap),
    delete=Operation("delete_nap", "Delete a nap."),
)
