"""Pages of the questionnaires domain."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required

from tracker import entries, web
from tracker.database import get_owned_or_404
from tracker.questionnaires import instruments as ins
from tracker.questionnaires import services
from tracker.questionnaires.forms import (
    ANSWER_FORMS,
    AnswerForm,
    ConfirmForm,
    OtherScoreForm,
    SettingsForm,
    answer_data,
)
from tracker.questionnaires.models import QuestionnaireResponse

bp = Blueprint("questionnaires", __name__)
bp.before_request(login_required(lambda: None))


def _back() -> str | None:
    """Where the user came from (e.g. /today?day=…), when it is a safe local path."""
    return web.safe_next(request.values.get("next"), "") or None


def _version(form: AnswerForm | OtherScoreForm) -> int | None:
    value = str(form.row_version.data or "")
    return int(value) if value.isdigit() else None


def _entry(entry_id: int) -> QuestionnaireResponse:
    return get_owned_or_404(QuestionnaireResponse, entry_id, web.user())


def _answers_page(form: AnswerForm, key: str, entry: QuestionnaireResponse | None):  # noqa: ANN202
    # A form sent back for a missing answer still shows the crisis resources at once.
    item9 = form.item9_value()
    return render_template(
        "questionnaires/take.html",
        form=form,
        instrument=ins.instrument(key),
        entry=entry,
        back=_back(),
        crisis_text=current_app.config["CRISIS_TEXT"]
        if item9 and request.method == "POST"
        else None,
    ), web.form_status()


@bp.get("/questionnaires")
def index():
    """Every questionnaire and score, a table per instrument, and what is due."""
    user, today = web.user(), web.today()
    return render_template(
        "questionnaires/index.html",
        groups=services.history(user),
        next_due=services.next_due(user, today),
        today=today,
        titles=ins.TITLES,
    )


@bp.route("/questionnaires/<instrument>", methods=["GET", "POST"])
def take(instrument: str):
    """Answer a PHQ-9, GAD-7 or FIBSER; the result page follows."""
    if instrument not in ANSWER_FORMS:
        abort(404)
    form = ANSWER_FORMS[instrument]()
    if form.validate_on_submit():
        entry, ok = web.commit_or_show(
            form,
            lambda: services.record_answers(
                web.user(),
                instrument,
                form.answers(),
                difficulty=form.difficulty_value(),
                note=form.note.data,
                request_key=form.request_key.data,
                now=web.now(),
            ),
        )
        if ok:
            return redirect(url_for("questionnaires.show", entry_id=entry.id, next=_back()))
    return _answers_page(form, instrument, None)


@bp.get("/questionnaires/<int:entry_id>")
def show(entry_id: int):
    """The result: total, band, change since the first score; crisis resources on item 9."""
    entry = _entry(entry_id)
    return render_template(
        "questionnaires/show.html",
        r=services.result(web.user(), entry),
        crisis_text=current_app.config["CRISIS_TEXT"],
        back=_back(),
    )


@bp.route("/questionnaires/other/new", methods=["GET", "POST"])
def new_other():
    """Enter a score a clinician gave on a licensed instrument, by its name."""
    form = OtherScoreForm(taken_on=web.today())
    if form.validate_on_submit():
        entry, ok = web.commit_or_show(
            form,
            lambda: services.record_other(
                web.user(),
                name=form.name.data,
                total=form.total.data,
                taken_on=form.taken_on.data,
                note=form.note.data,
                request_key=form.request_key.data,
                now=web.now(),
            ),
        )
        if ok:
            flash(f"{entry.name} score saved.")
            return redirect(web.safe_next(request.form.get("next"), url_for(".index")))
    return _other_page(form, None)


def _other_page(form: OtherScoreForm, entry: QuestionnaireResponse | None):  # noqa: ANN202
    return render_template(
        "questionnaires/other.html",
        form=form,
        entry=entry,
        suggestions=ins.OTHER_SUGGESTIONS,
        back=_back(),
    ), web.form_status()


@bp.route("/questionnaires/<int:entry_id>/edit", methods=["GET", "POST"])
def edit(entry_id: int):
    """Re-answer a questionnaire's items, or correct a clinician-given score."""
    entry = _entry(entry_id)
    if entry.instrument == ins.OTHER:
        return _edit_other(entry)
    form_class = ANSWER_FORMS[entry.instrument]
    form = form_class(data=answer_data(entry)) if request.method == "GET" else form_class()
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: services.update_answers(
                web.user(),
                entry,
                form.answers(),
                difficulty=form.difficulty_value(),
                note=form.note.data,
                row_version=_version(form),
            ),
        )
        if ok:
            return redirect(url_for(".show", entry_id=entry.id, next=_back()))
    return _answers_page(form, entry.instrument, entry)


def _edit_other(entry: QuestionnaireResponse):  # noqa: ANN202
    form = OtherScoreForm(obj=entry, taken_on=entry.day)
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: services.update_other(
                web.user(),
                entry,
                name=form.name.data,
                total=form.total.data,
                taken_on=form.taken_on.data,
                note=form.note.data,
                row_version=_version(form),
                now=web.now(),
            ),
        )
        if ok:
            flash("Score saved.")
            return redirect(web.safe_next(request.form.get("next"), url_for(".index")))
    return _other_page(form, entry)


@bp.route("/questionnaires/<int:entry_id>/delete", methods=["GET", "POST"])
def delete(entry_id: int):
    """Delete a questionnaire or score, after confirming."""
    entry = _entry(entry_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form, lambda: entries.delete_entry(web.user(), QuestionnaireResponse, entry.id)
        )
        if ok:
            flash("Deleted.")
            return redirect(web.safe_next(request.form.get("next"), url_for(".index")))
    return render_template(
        "questionnaires/delete.html", form=form, r=services.result(web.user(), entry), back=_back()
    )


@bp.route("/questionnaires/settings", methods=["GET", "POST"])
def settings():
    """How often PHQ-9 and GAD-7 fall due (7–90 days)."""
    form = SettingsForm(questionnaire_days=web.user().questionnaire_days)
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form, lambda: services.set_cadence(web.user(), form.questionnaire_days.data)
        )
        if ok:
            flash(f"PHQ-9 and GAD-7 now fall due every {form.questionnaire_days.data} days.")
            return redirect(web.safe_next(request.form.get("next"), url_for(".index")))
    return render_template("questionnaires/settings.html", form=form), web.form_status()
