"""Mood check-ins: several a day, each scale 0-10, through the same services as the pages."""

from __future__ import annotations

from datetime import date, datetime

from flask import url_for
from pydantic import BaseModel

from tracker.api import core
from tracker.api.schema import (
    ApiIn,
    ApiOut,
    Instant,
    RangeQuery,
    Scale,
    page_of,
    paginate,
    text,
    unset,
)
from tracker.api.spec import ID, created, delete, get, patch, post
from tracker.checkins import services
from tracker.checkins.models import MoodCheckin

TAG = "checkins"
ONE = f"/checkins/<{ID}:checkin_id>"


Note = text(services.NOTE_LIMIT)


class Ratings(ApiIn):
    """Each scale 0-10; left out or null: not rated. Mood: 0 worst, 5 neutral, 10 best;
    anxiety and irritability: 0 none; energy: 0 exhausted; focus: 0 cannot focus at all."""

    mood: Scale | None = None
    anxiety: Scale | None = None
    irritability: Scale | None = None
    energy: Scale | None = None
    focus: Scale | None = None


class RatingsOut(ApiOut):
    mood: int | None = None
    anxiety: int | None = None
    irritability: int | None = None
    energy: int | None = None
    focus: int | None = None


class CheckinIn(ApiIn):
    """A check-in now (or at an earlier `at`); at least one of the shown scales rated."""

    ratings: Ratings
    note: Note | None = None
    at: Instant | None = None


class CheckinPatch(ApiIn):
    """The fields to change; `ratings` names only the scales to change (null clears one)."""

    ratings: Ratings = unset()
    note: Note | None = None
    at: Instant = unset()
    row_version: int | None = None


class CheckinOut(ApiOut):
    id: int
    at: datetime
    day: date  # the local day it is filed under
    ratings: RatingsOut
    note: str | None
    row_version: int


CheckinPage = page_of(CheckinOut)


def _out(entry: MoodCheckin) -> CheckinOut:
    return CheckinOut.model_validate(services.as_checkin(entry))


@get("/checkins", CheckinPage, tag=TAG)
def list_checkins(query: RangeQuery) -> BaseModel:
    """Check-ins of local days in a range (the last 30 by default), newest first."""
    rows = core.in_days(
        query.start, query.end, lambda a, b: services.checkins_between(core.user(), a, b)
    )
    return paginate(CheckinPage, rows, query, CheckinOut.model_validate)


@post("/checkins", CheckinOut, tag=TAG)
def create_checkin(json: CheckinIn) -> tuple:
    """Record a check-in."""
    entry = services.record_checkin(
        core.user(), ratings=json.ratings.model_dump(), note=json.note, at=json.at, now=core.now()
    )
    return created(_out(entry), url_for("api.get_checkin", checkin_id=entry.id))


@get(ONE, CheckinOut, tag=TAG)
def get_checkin(checkin_id: int) -> CheckinOut:
    """One check-in."""
    return _out(core.load(MoodCheckin, checkin_id))


@patch(ONE, CheckinOut, tag=TAG)
def update_checkin(checkin_id: int, json: CheckinPatch) -> CheckinOut:
    """Change a check-in's ratings, note or time (a new time files it under that day)."""
    entry = core.load(MoodCheckin, checkin_id)
    ratings = dict(services.as_checkin(entry).ratings)
    if json.ratings is not None:
        ratings.update(json.ratings.model_dump(exclude_unset=True))
    services.update_checkin(
        core.user(),
        entry,
        ratings=ratings,
        note=json.note if "note" in json.model_fields_set else entry.note,
        at=json.at,
        row_version=json.row_version,
        now=core.now(),
    )
    return _out(entry)


@delete(ONE, tag=TAG)
def delete_checkin(checkin_id: int) -> tuple:
    """Delete a check-in."""
    services.delete_checkin(core.user(), core.load(MoodCheckin, checkin_id))
    return "", 204
