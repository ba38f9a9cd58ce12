"""Pages of the sleep domain."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required

from tracker import web
from tracker.database import get_owned_or_404
from tracker.entry_views import confirm_delete
from tracker.sleep import forms, naps, services
from tracker.sleep.models import Nap, SleepEntry
from tracker.timeutils import to_wall
from tracker.today.carry import back_to_today

bp = Blueprint("sleep", __name__)
bp.before_request(login_required(lambda: None))


def _shown_day() -> date:
    """The ?day= the page was opened for (the Today page's day), else the user's today."""
    try:
        return date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        return web.today()


def _next() -> str:
    return web.safe_next(request.form.get("next"), url_for("sleep.index"))


def _version(form: forms.NightForm | forms.NapForm) -> int | None:
    raw = form.row_version.data
    return int(raw) if raw and str(raw).isdigit() else None


def _night_page(form: forms.NightForm, entry: SleepEntry | None = None) -> tuple[str, int]:
    day = form.shown_day()
    existing = services.night_on(web.user(), day) if day else None
    if existing is not None and entry is not None and existing.id == entry.id:
        existing = None
    page = render_template(
        "sleep/form.html",
        form=form,
        entry=entry,
        row=services.night_row(entry, web.user().clock) if entry is not None else None,
        day=day,
        existing=existing,
        user=web.user(),
    )
    return page, web.form_status()


@bp.get("/sleep")
def index():
    """Recent nights with their derived measures, and recent naps."""
    user, today = web.user(), web.today()
    return render_template(
        "sleep/index.html",
        nights=services.recent_nights(user, limit=30),
        naps=naps.naps_between(user, today - timedelta(days=29), today),
        user=user,
    )


@bp.route("/sleep/new", methods=["GET", "POST"])
def new():
    """Log a night, filed under the morning you woke up."""
    user, day = web.user(), _shown_day()
    form = forms.night_form(day, services.usual_night(user, day))
    if form.validate_on_submit():
        entry, ok = web.commit_or_show(
            form,
            lambda: services.record_night(
                user,
                form.night(user.timezone),
                request_key=form.request_key.data,
                now=web.now(),
            ),
        )
        if ok:
            flash(f"Night saved under {services.day_label(entry.day)}.")
            return redirect(_next())
    return _night_page(form)


@bp.post("/sleep/today")
def today():
    """Save last night from the Today page; the page's other unsaved choices are carried along."""
    user = web.user()
    form = forms.TodayNightForm(prefix=forms.TODAY_PREFIX)
    entry, ok = None, False
    if form.validate_on_submit():
        entry, ok = web.commit_or_show(
            form,
            lambda: services.record_night(
                user, form.night(user.timezone), request_key=form.request_key.data, now=web.now()
            ),
        )
    message = f"Night saved under {services.day_label(entry.day)}." if entry else ""
    return back_to_today(form, ok, message, "/today#sleep")


@bp.route("/sleep/<int:entry_id>/edit", methods=["GET", "POST"])
def edit(entry_id: int):
    """Edit a logged night (its times stay in the zone it was logged in); a night known only by
    its length asks for its times."""
    user = web.user()
    entry = get_owned_or_404(SleepEntry, entry_id, user)
    form = forms.edit_form(entry)
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: services.update_night(
                user, entry, form.night(entry.tz), row_version=_version(form), now=web.now()
            ),
        )
        if ok:
            flash(f"Night saved under {services.day_label(entry.day)}.")
            return redirect(_next())
    return _night_page(form, entry)


@bp.route("/sleep/<int:entry_id>/delete", methods=["GET", "POST"])
def delete(entry_id: int):
    """Delete a night, after confirming."""
    form = forms.ConfirmForm()
    return confirm_delete(
        SleepEntry,
        entry_id,
        form,
        deleted="Night deleted.",
        back_to=_next,
        asking=lambda entry: render_template(
            "sleep/delete.html", form=form, row=services.night_row(entry, web.user().clock)
        ),
    )


@bp.route("/sleep/naps/new", methods=["GET", "POST"])
def nap_new():
    """Log a nap."""
    user, day = web.user(), _shown_day()
    # Prefill "now" only when logging for today; an earlier day's nap time is the user's to give.
    form = forms.NapForm(start=to_wall(web.now(), user.timezone) if day == web.today() else None)
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: naps.record_nap(
                user, **form.fields(user.timezone), request_key=form.request_key.data, now=web.now()
            ),
        )
        if ok:
            flash("Nap saved.")
            return redirect(_next())
    return render_template("sleep/nap_form.html", form=form, nap=None), web.form_status()


@bp.route("/sleep/naps/<int:entry_id>/edit", methods=["GET", "POST"])
def nap_edit(entry_id: int):
    """Edit a nap."""
    user = web.user()
    nap = get_owned_or_404(Nap, entry_id, user)
    form = forms.NapForm(obj=nap, start=to_wall(nap.at, nap.tz))
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: naps.update_nap(
                user, nap, **form.fields(nap.tz), row_version=_version(form), now=web.now()
            ),
        )
        if ok:
            flash("Nap saved.")
            return redirect(_next())
    return render_template("sleep/nap_form.html", form=form, nap=nap), web.form_status()


@bp.route("/sleep/naps/<int:entry_id>/delete", methods=["GET", "POST"])
def nap_delete(entry_id: int):
    """Delete a nap, after confirming."""
    form = forms.ConfirmForm()
    return confirm_delete(
        Nap,
        entry_id,
        form,
        deleted="Nap deleted.",
        back_to=_next,
        asking=lambda nap: render_template(
            "sleep/nap_delete.html", form=form, nap=naps.nap_row(nap)
        ),
    )
