"""Supply pages: set up or edit, log a refill, correct the count, the events, stop tracking."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for

from tracker import web
from tracker.database import get_owned_or_404
from tracker.extensions import db
from tracker.medications import supply
from tracker.medications.forms import ConfirmForm, SupplyEventForm, SupplyForm
from tracker.medications.models import Medication, SupplyEvent
from tracker.medications.views import bp
from tracker.timeutils import from_wall

EVENT_PAGES = {
    "refill": ("Log a refill", "Units added", "Refill logged."),
    "count": ("Correct the count", "Units counted", "Count saved; the level starts from it."),
}


@bp.get("/medications/<int:med_id>/supply")
def supply_page(med_id: int):
    """The level, the estimate, and every refill and count."""
    med = get_owned_or_404(Medication, med_id, web.user())
    row = supply.get_supply(web.user(), med)
    if row is None:
        return redirect(url_for("medications.supply_settings", med_id=med.id))
    return render_template(
        "medications/supply.html",
        med=med,
        settings=row,
        status=supply.supply_status(web.user(), med, now=web.now()),
        events=supply.list_events(web.user(), med),
        confirm=ConfirmForm(),
    )


@bp.route("/medications/<int:med_id>/supply/settings", methods=["GET", "POST"])
def supply_settings(med_id: int):
    """Start tracking the supply (with the units on hand) or change what one unit is."""
    med = get_owned_or_404(Medication, med_id, web.user())
    row = supply.get_supply(web.user(), med)
    form = SupplyForm(obj=row, size_unit=row.size_unit if row else med.unit)
    if form.validate_on_submit():
        fields = supply.SupplyFields(
            form.unit_kind.data, form.unit_size.data, form.size_unit.data, form.warn_days.data
        )
        _, ok = web.commit_or_show(
            form,
            lambda: supply.set_supply(
                web.user(), med, fields, units_on_hand=form.units_on_hand.data, now=web.now()
            ),
        )
        if ok:
            flash("Supply saved.")
            return redirect(url_for("medications.supply_page", med_id=med.id))
    return render_template(
        "medications/supply_settings.html", form=form, med=med, new=row is None
    ), web.form_status()


@bp.route("/medications/<int:med_id>/supply/refill", methods=["GET", "POST"])
def supply_refill(med_id: int):
    """Log a refill: the units added."""
    return _event_page(med_id, "refill")


@bp.route("/medications/<int:med_id>/supply/count", methods=["GET", "POST"])
def supply_count(med_id: int):
    """Correct the count: the level at that time (a past one corrects every level after it)."""
    return _event_page(med_id, "count")


def _event_page(med_id: int, kind: str):
    med = get_owned_or_404(Medication, med_id, web.user())
    if supply.get_supply(web.user(), med) is None:
        abort(404)
    form = SupplyEventForm()
    title, label, done = EVENT_PAGES[kind]
    form.units.label.text = label
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: supply.add_event(
                web.user(),
                med,
                kind=kind,
                units=form.units.data,
                at=from_wall(form.at.data, web.user().timezone),
                note=form.note.data,
                request_key=form.request_key.data,
                now=web.now(),
            ),
        )
        if ok:
            flash(done)
            return redirect(url_for("medications.supply_page", med_id=med.id))
    return render_template(
        "medications/supply_event.html", form=form, med=med, kind=kind, title=title
    ), web.form_status()


@bp.post("/medications/<int:med_id>/supply/events/<int:supply_event_id>/delete")
def delete_supply_event(med_id: int, supply_event_id: int):
    """Delete a refill or a count."""
    med = get_owned_or_404(Medication, med_id, web.user())
    event = get_owned_or_404(SupplyEvent, supply_event_id, web.user())
    if event.medication_id != med.id:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        _, ok = web.commit_or_show(form, lambda: supply.delete_event(web.user(), event))
        flash("Deleted." if ok else " ".join(form.form_errors))
    return redirect(url_for("medications.supply_page", med_id=med.id))


@bp.route("/medications/<int:med_id>/supply/stop", methods=["GET", "POST"])
def stop_supply(med_id: int):
    """Stop tracking the supply: its settings, refills and counts are deleted."""
    med = get_owned_or_404(Medication, med_id, web.user())
    form = ConfirmForm()
    if form.validate_on_submit():
        supply.stop_tracking(web.user(), med)
        db.session.commit()
        flash("Supply is no longer tracked.")
        return redirect(url_for("medications.show", med_id=med.id))
    return render_template("medications/supply_stop.html", form=form, med=med)
