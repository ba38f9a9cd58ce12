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
from datetime import date
from typing import TypeVar

from flask import url_for
from pydantic import BaseModel, Field

from tracker.api import core
from tracker.api.errors import ApiError
from tracker.api.schema import (
    ApiIn,
    ApiOut,
    Day,
    Instant,
    RangeQuery,
    page_of,
    paginate,
    text,
    unset,
    whole,
)
from tracker.api.spec import ID, created, delete, get, patch, post
from tracker.sleep import measures, naps, services
from tracker.sleep.measures import NightTimes
from tracker.sleep.models import Nap, SleepEntry

TAG = "sleep"
NIGHT = f"/sleep/nights/<{ID}:night_id>"
NAP = f"/sleep/naps/<{ID}:nap_id>"
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


@get("/sleep/nights", NightPage, tag=TAG)
def list_nights(query: RangeQuery) -> BaseModel:
    """Nights filed under the mornings of a range (the last 30 by default), newest first."""
    rows = core.in_days(
        query.start, query.end, lambda a, b: services.night_rows_between(core.user(), a, b)
    )
    return paginate(NightPage, rows, query, _night)


def _created_night(entry: SleepEntry) -> tuple:
    return created(_night_out(entry), url_for("api.get_night", night_id=entry.id))


@post("/sleep/nights", NightOut, tag=TAG)
def record_night(json: NightIn) -> tuple:
    """Log a night; a second night for the same morning is refused with 409."""
    times = NightTimes(*(getattr(json, name) for name in TIMES))
    night = services.Night(times, *(getattr(json, n) for n in (*COUNTS, "quality", "note")))
    entry = _filed(lambda: services.record_night(core.user(), night, now=core.now()))
    return _created_night(entry)


@post("/sleep/nights/by-length", NightOut, tag=TAG)
def record_night_length(json: NightLengthIn) -> tuple:
    """Log a night known only by how long you slept (its times are not known)."""
    user = core.user()
    entry = _filed(
        lambda: services.record_night_length(
            user, tz=user.timezone, now=core.now(), **json.model_dump()
        )
    )
    return _created_night(entry)


@get(NIGHT, NightOut, tag=TAG)
def get_night(night_id: int) -> NightOut:
    """One night."""
    return _night_out(core.load(SleepEntry, night_id))


@patch(NIGHT, NightOut, tag=TAG)
def update_night(night_id: int, json: NightPatch) -> NightOut:
    """Edit a night (its times stay in the zone it was logged in)."""
    entry = core.load(SleepEntry, night_id)
    night = _merged(entry, json.model_dump(exclude_unset=True, exclude={"row_version"}))
    _filed(
        lambda: services.update_night(
            core.user(), entry, night, row_version=json.row_version, now=core.now()
        )
    )
    return _night_out(entry)


@delete(NIGHT, tag=TAG)
def delete_night(night_id: int) -> tuple:
    """Delete a night."""
    services.delete_night(core.user(), core.load(SleepEntry, night_id))
    return "", 204


@get("/sleep/naps", NapPage, tag=TAG)
def list_naps(query: RangeQuery) -> BaseModel:
    """Naps filed under local dates in a range (the last 30 by default), newest first."""
    rows = core.in_days(query.start, query.end, lambda a, b: naps.naps_between(core.user(), a, b))
    return paginate(NapPage, rows, query, NapOut.model_validate)


def _nap_out(nap: Nap) -> NapOut:
    return NapOut.model_validate(naps.nap_row(nap))


@post("/sleep/naps", NapOut, tag=TAG)
def record_nap(json: NapIn) -> tuple:
    """Log a nap, filed under the local date it started on."""
    nap = naps.record_nap(core.user(), **json.model_dump(), now=core.now())
    return created(_nap_out(nap), url_for("api.get_nap", nap_id=nap.id))


@get(NAP, NapOut, tag=TAG)
def get_nap(nap_id: int) -> NapOut:
    """One nap."""
    return _nap_out(core.load(Nap, nap_id))


@patch(NAP, NapOut, tag=TAG)
def update_nap(nap_id: int, json: NapPatch) -> NapOut:
    """Edit a nap: start, minutes, note."""
    nap = core.load(Nap, nap_id)
    current = {"start": nap.at, "minutes": nap.minutes, "note": nap.note}
    changes = json.model_dump(exclude_unset=True, exclude={"row_version"})
    naps.update_nap(
        core.user(), nap, **{**current, **changes}, row_version=json.row_version, now=core.now()
    )
    return _nap_out(nap)


@delete(NAP, tag=TAG)
def delete_nap(nap_id: int) -> tuple:
    """Delete a nap."""
    naps.delete_nap(core.user(), core.load(Nap, nap_id))
    return "", 204
