"""The activity part of the Today page: the day's totals and one-tap logging forms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from flask_wtf import FlaskForm

from tracker.activity import catalog, services
from tracker.activity.forms import ActivityForm, PracticeForm, SubstanceForm
from tracker.auth.models import User
from tracker.timeutils import local_today

# The tables the Today part reads (the day's entries and totals, the last activity, and the
# practices the user follows); it is drawn anew when one of them changes.
TABLES: tuple[str, ...] = ("users", "activity_entries", "practice_entries", "substance_entries")

# Entries made for an earlier day are filed at noon of that day: any time lands on the right
# date, and noon is far from both midnights even across a DST change.
BACKFILL_TIME = time(12)


@dataclass(frozen=True)
class PracticeTile:
    """One followed practice: its form and what is logged for it on the day."""

    practice: catalog.Practice
    form: PracticeForm
    done: int | bool | None  # minutes so far, True for a yes/no practice done, None: nothing


def _ids(form: FlaskForm, prefix: str) -> FlaskForm:
    """Give every field a page-wide unique id (the Today page holds many forms)."""
    for field in form:
        field.id = f"{prefix}{field.name}"
        field.label.field_id = field.id
    return form


def _practice_tile(key: str, totals: services.DayTotals, common: dict) -> PracticeTile:
    practice = catalog.PRACTICES[key]
    form = _ids(PracticeForm(formdata=None, practice=key, **common), f"act-{key}-")
    form.minutes.label.text = f"{practice.label} (minutes)"
    form.minutes.description = ""  # the full form's hint about yes/no practices is noise here
    return PracticeTile(practice, form, totals.practices_done.get(key))


def _substance_form(key: str, common: dict) -> FlaskForm:
    return _ids(SubstanceForm(formdata=None, substance=key, amount=1, **common), f"act-{key}-")


def today_panel(user: User, day: date, now: datetime) -> dict[str, Any]:
    """The context of templates/activity/_today.html for one local day."""
    today = local_today(user.timezone, now)
    back = f"/today?day={day.isoformat()}"
    common = {"next": back, "at": None if day == today else datetime.combine(day, BACKFILL_TIME)}
    totals, entries = services.day_entries(user, day)
    last = services.last_activity(user)
    activity = ActivityForm(
        formdata=None,
        kind=last.kind if last else "walking",
        intensity=last.intensity if last else "moderate",
        **common,
    )
    return {
        "day": day,
        "is_today": day == today,
        "can_log": day <= today,
        "backfill": day < today,
        "next": back,
        "totals": totals,
        "labels": {key: p.label for key, p in catalog.PRACTICES.items()},
        "entries": entries,
        "activity_form": _ids(activity, "act-"),
        "practices": [_practice_tile(k, totals, common) for k in services.followed_practices(user)],
        "caffeine_form": _substance_form("caffeine", common),
        "alcohol_form": _substance_form("alcohol", common),
    }
