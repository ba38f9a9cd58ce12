"""Medication pages: list, add, edit, schedule changes, tapers, stop, history."""

from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for

from tracker import entries, web
from tracker.database import get_owned_or_404
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.medications import catalog, services, supply, tapers
from tracker.medications.forms import (
    ConfirmForm,
    HistoryFilter,
    MedicationDetailsForm,
    NewMedicationForm,
    ScheduleForm,
    StopForm,
    TaperForm,
)
from tracker.medications.history import dose_history, history_range, medication_summary
from tracker.medications.models import STOP_REASONS, Medication, ScheduleVersion
from tracker.medications.plan import STATUS_LABELS
from tracker.medications.views import bp


def _fields(form: MedicationDetailsForm) -> services.MedicationFields:
    return services.MedicationFields(
        name=form.name.data,
        drug_class=form.drug_class.data or None,
        form=form.form.data or None,
        strength=form.strength.data,
        unit=form.unit.data,
        as_needed=form.kind.data == "as_needed",
        purpose=form.purpose.data,
        prescriber=form.prescriber.data,
        started_on=form.started_on.data,
        default_amount=form.default_amount.data,
        max_per_24h=form.max_per_24h.data,
        min_interval_minutes=form.min_interval_minutes.data,
        notes=form.notes.data,
    )


@bp.get("/medications")
def index():
    """All medications, current first."""
    meds, today = services.list_medications(web.user()), web.today()
    return render_template(
        "medications/index.html",
        meds=meds,
        today=today,
        current={m.id: services.current_version(m, today) for m in meds},
    )


@bp.route("/medications/new", methods=["GET", "POST"])
def new():
    """Add a medication with its first schedule."""
    form = NewMedicationForm(started_on=web.today())
    if form.validate_on_submit():
        med, ok = web.commit_or_show(
            form,
            lambda: services.create_medication(
                web.user(),
                _fields(form),
                doses=form.doses() if form.kind.data == "scheduled" else (),
                today=web.today(),
                now=web.now(),
            ),
        )
        if ok:
            flash(f"{med.name} added.")
            return redirect(url_for("medications.show", med_id=med.id))
    return render_template(
        "medications/form.html", form=form, med=None, suggestions=catalog.suggestions()
    ), web.form_status()


@bp.get("/medications/<int:med_id>")
def show(med_id: int):
    """One medication: details, schedule timeline, adherence."""
    med = get_owned_or_404(Medication, med_id, web.user())
    today = web.today()
    return render_template(
        "medications/show.html",
        med=med,
        today=today,
        history=services.version_history(med, today=today),
        summary=medication_summary(web.user(), med, today=today, now=web.now()),
        confirm=ConfirmForm(),
        stop_reasons=STOP_REASONS,
        supply=supply.supply_status(web.user(), med, now=web.now()),
    )


@bp.route("/medications/<int:med_id>/edit", methods=["GET", "POST"])
def edit(med_id: int):
    """Edit what a medication is (its schedule changes through new versions)."""
    med = get_owned_or_404(Medication, med_id, web.user())
    form = MedicationDetailsForm(obj=med, kind="as_needed" if med.as_needed else "scheduled")
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: services.update_medication(
                web.user(), med, _fields(form), row_version=int(form.row_version.data or 0) or None
            ),
        )
        if ok:
            flash("Saved.")
            return redirect(url_for("medications.show", med_id=med.id))
    return render_template(
        "medications/form.html", form=form, med=med, suggestions=catalog.suggestions()
    ), web.form_status()


@bp.route("/medications/<int:med_id>/schedule", methods=["GET", "POST"])
def change_schedule(med_id: int):
    """Add a new schedule version (a dose or time change) from a date."""
    med = get_owned_or_404(Medication, med_id, web.user())
    form = ScheduleForm(effective_from=web.today())
    if request.method == "GET" and med.versions:
        for row, dose in zip(form.rows, med.versions[-1].doses, strict=False):
            row.form.at.data, row.form.amount.data = dose.at, dose.amount
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: services.change_schedule(
                web.user(),
                med,
                effective_from=form.effective_from.data,
                doses=form.doses(),
                note=form.note.data,
                today=web.today(),
                now=web.now(),
            ),
        )
        if ok:
            flash("Schedule changed.")
            return redirect(url_for("medications.show", med_id=med.id))
    return render_template("medications/schedule.html", form=form, med=med), web.form_status()


@bp.route("/medications/<int:med_id>/taper", methods=["GET", "POST"])
def taper(med_id: int):
    """Enter a taper plan once; it creates its future steps."""
    med = get_owned_or_404(Medication, med_id, web.user())
    last = med.versions[-1] if med.versions else None
    form = TaperForm(
        starts_on=web.today() + timedelta(days=1),
        at=last.doses[0].at if last and last.doses else None,
        start_amount=last.daily_total if last else None,
        interval_days=14,
    )
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: tapers.plan_taper(
                web.user(), med, form.plan(), today=web.today(), now=web.now()
            ),
        )
        if ok:
            flash("Taper planned.")
            return redirect(url_for("medications.show", med_id=med.id))
    return render_template("medications/taper.html", form=form, med=med), web.form_status()


@bp.route("/medications/<int:med_id>/stop", methods=["GET", "POST"])
def stop(med_id: int):
    """Stop a medication from a date, with a reason."""
    med = get_owned_or_404(Medication, med_id, web.user())
    form = StopForm(stopped_on=web.today())
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: services.stop_medication(
                web.user(),
                med,
                stopped_on=form.stopped_on.data,
                reason=form.stop_reason.data,
                today=web.today(),
            ),
        )
        if ok:
            flash(f"{med.name} stopped from {form.stopped_on.data}.")
            return redirect(url_for("medications.show", med_id=med.id))
    return render_template("medications/stop.html", form=form, med=med), web.form_status()


@bp.post("/medications/<int:med_id>/restart")
def restart(med_id: int):
    """Undo a stop."""
    med = get_owned_or_404(Medication, med_id, web.user())
    if ConfirmForm().validate_on_submit():
        services.restart_medication(web.user(), med)
        db.session.commit()
        flash(f"{med.name} is current again.")
    return redirect(url_for("medications.show", med_id=med.id))


@bp.post("/medications/<int:med_id>/versions/<int:version_id>/cancel")
def cancel_version(med_id: int, version_id: int):
    """Cancel a planned change that has not started."""
    med = get_owned_or_404(Medication, med_id, web.user())
    version = get_owned_or_404(ScheduleVersion, version_id, web.user())
    form = ConfirmForm()
    if form.validate_on_submit() and version.medication_id == med.id:
        _, ok = web.commit_or_show(
            form, lambda: tapers.cancel_version(web.user(), med, version, today=web.today())
        )
        flash("Planned change cancelled." if ok else " ".join(form.form_errors))
    return redirect(url_for("medications.show", med_id=med.id))


@bp.route("/medications/<int:med_id>/delete", methods=["GET", "POST"])
def delete(med_id: int):
    """Delete a medication and all its doses, after confirming."""
    med = get_owned_or_404(Medication, med_id, web.user())
    form = ConfirmForm()
    if form.validate_on_submit():
        entries.delete_entry(web.user(), Medication, med.id)
        db.session.commit()
        flash(f"{med.name} and its doses are deleted.")
        return redirect(url_for("medications.index"))
    return render_template("medications/delete.html", form=form, med=med)


@bp.get("/medications/<int:med_id>/history")
def history(med_id: int):
    """Every dose of a medication in a date range (default: the last 30 days)."""
    med = get_owned_or_404(Medication, med_id, web.user())
    form = HistoryFilter(request.args)
    form.validate()  # a date that does not parse is left out: the default range is shown
    try:
        first, last = history_range(web.today(), form.start.data, form.end.data)
        form.start.data, form.end.data = first, last
        rows = dose_history(web.user(), med, first=first, last=last, now=web.now())
    except Invalid as exc:
        web.place_error(form, exc)
        rows = []
    return render_template(
        "medications/history.html", med=med, form=form, rows=rows, labels=STATUS_LABELS
    )
