"""Today: each scheduled dose with one-tap Taken and Skipped, and as-needed logging."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import login_required

from tracker import web
from tracker.errors import Invalid
from tracker.today import page, services
from tracker.today.forms import TimelineFilter
from tracker.today.pagecache import cached_page

bp = Blueprint("today", __name__)


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
    return render_template(
        "today/show.html",
        prev_day=day - timedelta(days=1),
        next_day=day + timedelta(days=1),
        **page.today_context(web.user(), day, today, web.now()),
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
    return render_template(
        "today/timeline.html",
        form=form,
        days=days,
        here=request.full_path,
        record_pages=services.RECORD_PAGES,
    )
