"""The activity part of the Today page: the day's totals and one-tap logging forms."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from flask import get_template_attribute
from flask_wtf import FlaskForm
from markupsafe import Markup

from tracker.activity import catalog, services
from tracker.activity.forms import ActivityForm, PracticeForm, SubstanceForm
from tracker.activity.models import ActivityEntry
from tracker.activity.own import own_practices
from tracker.auth.models import User
from tracker.timeutils import local_today
from tracker.today import parts

# The tables the Today part reads (the day's entries and totals, the last activity, and the
# practices the user follows); it is drawn anew when one of them changes.
TABLES: tuple[str, ...] = (
    "users",
    "activity_entries",
    "own_practices",
    "practice_entries",
    "substance_entries",
)

# Entries made for an earlier day are filed at noon of that day: any time lands on the right
# date, and noon is far from both midnights even across a DST change.
BACKFILL_TIME = time(12)
# The quick forms' macros: each form is drawn once for the values it starts from.
QUICK_FORMS = "activity/_quick_forms.html"


@dataclass(frozen=True)
class PracticeTile:
    """One followed practice: its form's fields drawn, and what is logged for it on the day."""

    practice: catalog.Practice
    fields: Markup
    done: int | bool | None  # minutes so far, True for a yes/no practice done, None: nothing


def _ids(form: FlaskForm, prefix: str) -> FlaskForm:
    """Give every field a page-wide unique id (the Today page holds many forms)."""
    for field in form:
        field.id = f"{prefix}{field.name}"
        field.label.field_id = field.id
    return form


def _macro(name: str) -> Callable[..., Markup]:
    return get_template_attribute(QUICK_FORMS, name)


def _activity_form(user: User, common: dict, last: ActivityEntry | None) -> Markup:
    kind, intensity = (last.kind, last.intensity) if last else ("walking", "moderate")

    def draw() -> str:
        form = ActivityForm(formdata=None, kind=kind, intensity=intensity, **common)
        return _macro("activity_form")(_ids(form, "act-"))

    return parts.kept(user, ("activity", common["next"], common["at"], kind, intensity), draw)


def _practice_tile(
    user: User, practice: catalog.Practice, totals: services.DayTotals, common: dict
) -> PracticeTile:
    key = practice.key

    def draw() -> str:
        form = _ids(
            PracticeForm(formdata=None, practice=key, **common), f"act-{key.replace(':', '-')}-"
        )
        form.minutes.label.text = f"{practice.label} (minutes)"
        form.minutes.description = ""  # the full form's hint about yes/no practices is noise here
        return _macro("practice_fields")(form, practice)

    # The practice itself is in the key: an own practice renamed is drawn anew.
    fields = parts.kept(user, ("practice", practice, common["next"], common["at"]), draw)
    return PracticeTile(practice, fields, totals.practices_done.get(key))


def _substance_form(user: User, key: str, common: dict) -> Markup:
    def draw() -> str:
        form = SubstanceForm(formdata=None, substance=key, amount=1, **common)
        return _macro("substance_form")(_ids(form, f"act-{key}-"), key)

    return parts.kept(user, ("substance", key, common["next"], common["at"]), draw)


def today_panel(user: User, day: date, now: datetime) -> dict[str, Any]:
    """The context of templates/activity/_today.html for one local day. Its forms are drawn
    once for the values they start from (parts.kept): after a coffee or a practice, only the
    day's sums and entries are drawn again."""
    today = local_today(user.timezone, now)
    back = f"/today?day={day.isoformat()}"
    common = {"next": back, "at": None if day == today else datetime.combine(day, BACKFILL_TIME)}
    totals, entries = services.day_entries(user, day)
    own = own_practices(user)
    own_items = [o.as_practice for o in own]
    followed = [
        *(catalog.PRACTICES[key] for key in services.followed_practices(user)),
        *(o.as_practice for o in own if o.followed),
    ]
    can_log = day <= today
    return {
        "day": day,
        "is_today": day == today,
        "can_log": can_log,
        "backfill": day < today,
        "next": back,
        "totals": totals,
        "labels": {p.key: p.label for p in (*catalog.PRACTICES.values(), *own_items)},
        "entries": entries,
        **(_forms(user, totals, common, followed) if can_log else {}),
    }


def _forms(
    user: User, totals: services.DayTotals, common: dict, followed: list[catalog.Practice]
) -> dict[str, Any]:
    return {
        "activity_form": _activity_form(user, common, services.last_activity(user)),
        "practices": [_practice_tile(user, p, totals, common) for p in followed],
        "caffeine_form": _substance_form(user, "caffeine", common),
        "alcohol_form": _substance_form(user, "alcohol", common),
    }
