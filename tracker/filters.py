"""Template filters; `local` is the one place templates turn instants into the user's time."""

from __future__ import annotations

from datetime import date, datetime, time

from flask import Flask, url_for
from flask_login import current_user

from tracker.journal import TimelineItem
from tracker.timeutils import clock_time, to_local

TIME = "%H:%M"  # in a `local` format: the time of day, shown as the user's clock reads


def _clock() -> str:
    """The logged-in user's clock ("24" or "12"); 24-hour for everyone else (a shared report's
    reader, whose document is a clinical one)."""
    return current_user.clock if current_user.is_authenticated else "24"


def local(instant: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """An instant in the logged-in user's zone; its time of day (%H:%M) by the user's clock."""
    if instant is None:
        return ""
    user = current_user._get_current_object()  # once: a page's list calls this for every line
    tz, clock = (user.timezone, user.clock) if user.is_authenticated else ("UTC", "24")
    moment = to_local(instant, tz)
    return clock_time(moment, clock).join(moment.strftime(p) for p in fmt.split(TIME))


def clock(value: time | datetime | None) -> str:
    """A time of day (a schedule's 08:00, an appointment's) by the user's clock."""
    return "" if value is None else clock_time(value, _clock())


def amount(value: float | None) -> str:
    """12.5 -> 12.5, 100.0 -> 100, None -> ''."""
    return "" if value is None else f"{value:g}"


def day(value: date | None) -> str:
    """A date as 'Mon 3 Mar 2025'."""
    return "" if value is None else f"{value:%a} {value.day} {value:%b %Y}"


def drug_class(key: str | None) -> str:
    """A class key as its label ("ssri" -> "SSRI antidepressant")."""
    from tracker.medications.catalog import CLASSES

    return "" if not key else CLASSES.get(key, key.replace("_", " ").capitalize())


def day_short(value: date | None) -> str:
    """A date as 'Mon 3 Mar', for tight table cells and navigation."""
    return "" if value is None else f"{value:%a} {value.day} {value:%b}"


def entry_url(item: TimelineItem, action: str, back: str | None = None) -> str:
    """The edit or delete page of a timeline item, returning to `back` afterwards."""
    endpoint = item.edit_endpoint if action == "edit" else item.delete_endpoint
    return url_for(endpoint, **{item.id_arg: item.entry_id}, next=back)


def register(app: Flask) -> None:
    """Make the filters available to templates."""
    app.add_template_filter(local)
    app.add_template_filter(clock)
    app.add_template_filter(amount)
    app.add_template_filter(day)
    app.add_template_filter(day_short)
    app.add_template_filter(drug_class)
    app.add_template_global(entry_url)
