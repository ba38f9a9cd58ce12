"""Today: each scheduled dose with one-tap Taken and Skipped, and as-needed logging."""

from __future__ import annotations

import importlib
from datetime import date, datetime, timedelta

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import login_required

from tracker import web
from tracker.errors import Invalid
from tracker.medications import doses
from tracker.medications.forms import AsNeededForm, SkipForm, TakeForm
from tracker.medications.plan import STATUS_LABELS
from tracker.today import carry, services
from tracker.today.forms import TimelineFilter
from tracker.today.pagecache import cached_page

bp = Blueprint("today", __name__)


def _slot_forms(slot: doses.Slot, backfill: bool) -> dict:
    """Forms for one dose; when filling in an earlier day, "Taken" means "at its time"."""
    ids = {"medication_id": slot.medication.id, "day": slot.day, "at": slot.at}
    taken_at = datetime.combine(slot.day, slot.at) if backfill else None
    return {
        "slot": slot,
        "backfill": backfill,
        "take": TakeForm(formdata=None, **ids, amount=slot.amount, taken_at=taken_at),
        "skip": SkipForm(formdata=None, **ids),
    }


# The check-in parts below the doses, in the order a quick daily log goes: each domain's
# panel.today_panel(user, day, now) gives the context of templates/<domain>/_today.html.
PANELS: tuple[str, ...] = (
    "checkins",
    "sleep",
    "symptoms",
    "activity",
    "therapy",
    "questionnaires",
    "appointments",
)
# The parts drawn inside the page's one check-in form (adjacent in PANELS): each Save button
# posts the whole form to its own part's endpoint, which carries the others' choices along.
CHECKIN_PARTS: tuple[str, ...] = ("checkins", "sleep", "symptoms")


def _dose_context(day: date, today: date) -> dict:
    sheet = doses.day_sheet(web.user(), day, now=web.now())
    return {
        "sheet": sheet,
        "carried": [_slot_forms(s, False) for s in sheet.carried_over],
        "slots": [_slot_forms(s, day < today) for s in sheet.slots],
        "as_needed": [
            (
                p,
                AsNeededForm(
                    formdata=None, medication_id=p.medication.id, amount=p.medication.default_amount
                ),
            )
            for p in sheet.as_needed
        ],
    }


@bp.get("/today")
@login_required
@cached_page
def show():
    """The user's local day (or ?day=YYYY-MM-DD to back-date): doses, then the check-in."""
    today = web.today()
    try:
        day = date.fromisoformat(request.args.get("day") or today.isoformat())
    except ValueError:
        return redirect(url_for("today.show"))
    if day > today + timedelta(days=1):
        return redirect(url_for("today.show", day=(today + timedelta(days=1)).isoformat()))
    panels = {
        name: importlib.import_module(f"tracker.{name}.panel").today_panel(
            web.user(), day, web.now()
        )
        for name in PANELS
    }
    values, errors = carry.take(day)
    for name in CHECKIN_PARTS:
        carry.apply(panels[name].get("form"), values, errors)
    dose_context = _dose_context(day, today)
    return render_template(
        "today/show.html",
        day=day,
        today=today,
        labels=STATUS_LABELS,
        panels=panels,
        panel_order=PANELS,
        checkin_parts=CHECKIN_PARTS,
        progress=services.day_progress(dose_context["sheet"].slots, panels),
        prev_day=day - timedelta(days=1),
        next_day=day + timedelta(days=1),
        **dose_context,
    )


@bp.get("/timeline")
@login_required
@cached_page
def timeline():
    """Everything logged on a day or a range, newest first, filterable by kind."""
    form = TimelineFilter(request.args)
    first, last = services.default_range(web.today())
    form.validate()  # errors are shown beside their fields; valid dates still apply
    first, last = form.first.data or first, form.last.data or last
    kinds = set(form.kind.data or ()) if not form.kind.errors else set()
    form.first.data, form.last.data = first, last
    try:
        days = services.timeline(web.user(), first, last, kinds)
    except Invalid as exc:
        web.place_error(form, exc)
        days = []
    return render_template("today/timeline.html", form=form, days=days, here=request.full_path)
