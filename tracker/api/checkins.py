"""Mood check-ins: several a day, each scale 0-10, through the same services as the pages."""

from __future__ import annotations

from datetime import date, datetime

from tracker.api.crud import Create, Crud, Listing, Operation, Resource, Update, between, crud
from tracker.api.schema import ApiIn, ApiOut, Instant, Scale, page_of, text, unset
from tracker.auth.models import User
from tracker.checkins import services
from tracker.checkins.models import MoodCheckin

TAG = "checkins"


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


def _record(user: User, json: CheckinIn, now: datetime) -> MoodCheckin:
    ratings = json.ratings.model_dump()
    return services.record_checkin(user, ratings=ratings, note=json.note, at=json.at, now=now)


def _update(user: User, entry: MoodCheckin, json: CheckinPatch, now: datetime) -> None:
    ratings = dict(services.as_checkin(entry).ratings)
    if json.ratings is not None:
        ratings.update(json.ratings.model_dump(exclude_unset=True))
    note = json.note if "note" in json.model_fields_set else entry.note
    services.update_checkin(
        user, entry, ratings=ratings, note=note, at=json.at, row_version=json.row_version, now=now
    )


API = Resource({"checkin_id": MoodCheckin})
crud(
    API,
    Crud(TAG, "/checkins", "checkin_id", MoodCheckin, CheckinOut, _out),
    listing=Listing(
        "list_checkins",
        "Check-ins of local days in a range (the last 30 by default), newest first.",
        CheckinPage,
        between(services.checkins_between),
        CheckinOut.model_validate,
    ),
    create=Create("create_checkin", "Record a check-in.", CheckinIn, _record),
    read=Operation("get_checkin", "One check-in."),
    update=Update(
        "update_checkin",
        "Change a check-in's ratings, note or time (a new time files it under that day).",
        CheckinPatch,
        _update,
    ),
    delete=Operation("delete_checkin", "Delete a check-in."),
)
