"""Settings → Reminders: channels (add, test, delete) and preferences (quiet hours, text);
and the Taken / Skip page a reminder links to (no login: the signed token is the key)."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import login_required

from tracker import web
from tracker.database import get_owned_or_404
from tracker.errors import Invalid, NotFound
from tracker.extensions import csrf, db
from tracker.medications.models import Medication
from tracker.reminders import actions, channels
from tracker.reminders.forms import ChannelForm, PreferencesForm, RepeatForm
from tracker.reminders.models import ReminderChannel

bp = Blueprint("reminders", __name__)


def _secret() -> str:
    return str(current_app.config["SECRET_KEY"])


def _page(channel_form=None, prefs_form=None, repeat_form=None, status=200):  # noqa: ANN001, ANN202
    # repeat_form: (medication id, form) of a refused repeat, shown as it was sent
    user = web.user()
    return render_template(
        "reminders/settings.html",
        channel_form=channel_form or ChannelForm(formdata=None),
        prefs_form=prefs_form or PreferencesForm(obj=channels.preferences(user), formdata=None),
        channels=channels.list_channels(user),
        repeats=[
            (row, _repeat_form(row, repeat_form)) for row in channels.repeat_rows(user, web.today())
        ],
    ), status


def _repeat_form(row: channels.RepeatRow, refused: tuple | None) -> RepeatForm:
    """Each medication's own form (its fields prefixed by its id); a refused one as sent."""
    if refused is not None and refused[0] == row.medication_id:
        return refused[1]
    return RepeatForm(
        formdata=None, prefix=f"m{row.medication_id}",
        every_minutes=row.every_minutes, times=row.times,
    )  # fmt: skip


@bp.get("/settings/reminders")
@login_required
def settings():
    """Channels and preferences."""
    return _page()


@bp.post("/settings/reminders/channels")
@login_required
def add_channel():
    """Add a channel; an address Apprise cannot use comes back with the form filled."""
    form = ChannelForm()
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: channels.add_channel(
                web.user(), name=form.name.data, url=form.url.data, now=web.now(),
                secret_key=_secret(),
            ),
        )  # fmt: skip
        if ok:
            flash("Channel added. Send a test to see that it arrives.")
            return redirect(url_for("reminders.settings"))
    return _page(channel_form=form, status=422)


@bp.post("/settings/reminders/channels/<int:channel_id>/test")
@login_required
def test_channel(channel_id: int):
    """Send a test message now and say what the service answered."""
    channel = get_owned_or_404(ReminderChannel, channel_id, web.user())
    error = channels.send_test(web.user(), channel, now=web.now(), secret_key=_secret())
    db.session.commit()
    if error is None:
        flash(f"Test sent to {channel.name}.")
    else:
        flash(f"The test to {channel.name} failed: {error}", "error")
    return redirect(url_for("reminders.settings"))


@bp.post("/settings/reminders/channels/<int:channel_id>/delete")
@login_required
def delete_channel(channel_id: int):
    """Remove a channel."""
    channel = get_owned_or_404(ReminderChannel, channel_id, web.user())
    channels.delete_channel(web.user(), channel)
    db.session.commit()
    flash("Channel removed.")
    return redirect(url_for("reminders.settings"))


@bp.post("/settings/reminders/preferences")
@login_required
def save_preferences():
    """Quiet hours and whether reminders name the medication."""
    form = PreferencesForm()
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: channels.save_preferences(
                web.user(), quiet_start=form.quiet_start.data, quiet_end=form.quiet_end.data,
                name_drug=form.name_drug.data,
            ),
        )  # fmt: skip
        if ok:
            flash("Reminder preferences saved.")
            return redirect(url_for("reminders.settings"))
    return _page(prefs_form=form, status=422)


@bp.post("/settings/reminders/repeat/<int:med_id>")
@login_required
def save_repeat(med_id: int):
    """Repeat a medication's reminder until the dose is logged, or stop repeating it."""
    med = get_owned_or_404(Medication, med_id, web.user())
    form = RepeatForm(prefix=f"m{med.id}")
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: channels.set_repeat(
                web.user(), med, every_minutes=form.every_minutes.data, times=form.times.data
            ),
        )
        if ok:
            flash(f"Repeats for {med.name} saved.")
            return redirect(url_for("reminders.settings", _anchor="repeat"))
    return _page(repeat_form=(med.id, form), status=422)


@bp.after_request
def _private(response: Response) -> Response:
    # The action page's address holds a token: never cached, indexed or sent on as a referrer.
    if request.endpoint in ("reminders.act", "reminders.act_confirm"):
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _act_page(offer: actions.Offer, token: str, status: int = 200):  # noqa: ANN202
    return render_template("reminders/act.html", offer=offer, token=token), status


@bp.get("/reminders/act/<token>")
def act(token: str):
    """Show the slot and a confirm button; a GET changes nothing (link previewers fetch it)."""
    try:
        offer = actions.look(token, now=web.now(), secret_key=_secret())
    except NotFound:
        abort(404)
    return _act_page(offer, token)


@bp.post("/reminders/act")
@csrf.exempt  # no session here: the signed token in the form is what authorises the action
def act_confirm():
    """Record the dose once: a used token says "already logged", an expired one says so."""
    token = request.form.get("token", "")
    try:
        offer = actions.use(token, now=web.now(), secret_key=_secret())
    except NotFound:
        abort(404)
    except Invalid as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("reminders.act", token=token))
    db.session.commit()
    return _act_page(offer, token)
