"""What the Today check-in carries from one save to the page drawn after it.

The check-in (mood, last night, side effects) is one HTML form whose Save buttons each post to
their own section's endpoint. That endpoint saves its section only; the values the user had
chosen in the other sections, and a rejected section's values and messages, are kept here in
the session for the one Today page drawn next, so that nothing chosen is lost when a page
reloads without JavaScript.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from flask import flash, redirect, request, session
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from tracker import web

KEY = "today_carry"
# Never kept: the form's token (the page draws a fresh one) and the button pressed.
SKIPPED = {"csrf_token", "next"}
DAY_FIELD = "checkin_day"  # the Today page's day, posted by its check-in form
NOT_SAVED = "Not saved yet: see the message beside the field."


def stash(formdata: MultiDict, day: date | None, errors: Mapping[str, list[str]] = {}) -> None:  # noqa: B006
    """Keep the posted check-in's values (and a rejected section's messages) for the next Today."""
    values = [[k, v] for k, v in formdata.items(multi=True) if k not in SKIPPED]
    session[KEY] = {
        "day": day.isoformat() if day else None,
        "values": values,
        "errors": {k: list(v) for k, v in errors.items()},
    }


def field_errors(form: FlaskForm) -> dict[str, list[str]]:
    """A form's messages by field name, as `stash` keeps them."""
    found = {field.name: [str(e) for e in field.errors] for field in form if field.errors}
    if form.form_errors:
        found[_form_key(form)] = [str(e) for e in form.form_errors]
    return found


def _form_key(form: FlaskForm) -> str:
    return f"{form._prefix}__form__"


def waiting() -> bool:
    """Whether a carried check-in waits for the next Today page."""
    return KEY in session


def take(day: date) -> tuple[MultiDict | None, dict[str, list[str]]]:
    """The carried values and messages for `day` (once), or (None, {})."""
    kept = session.pop(KEY, None)
    if not kept or kept.get("day") != day.isoformat():
        return None, {}
    return MultiDict([tuple(pair) for pair in kept["values"]]), kept.get("errors") or {}


def apply(
    form: FlaskForm | None, values: MultiDict | None, errors: Mapping[str, list[str]]
) -> bool:
    """Fill `form` with the carried values when they hold its fields; True when it was filled."""
    if form is None or values is None:
        return False
    names = [field.name for field in form if field.name != "csrf_token"]
    if not any(name in values for name in names):
        return False
    form.process(values)
    for field in form:
        if field.name in errors:
            field.errors = list(errors[field.name])
    form.form_errors = list(errors.get(_form_key(form), []))
    return True


def in_place() -> bool:
    """Whether the request was sent by today.js to save a part in place (fetch)."""
    return request.headers.get("X-Requested-With") == "fetch"


def _posted_day() -> date | None:
    try:
        return date.fromisoformat(request.form.get(DAY_FIELD, ""))
    except ValueError:
        return None


def back_to_today(form: FlaskForm, ok: bool, message: str, default: str) -> Response:
    """After a Today section's save: say how it went, keep the rest of the check-in, and go back
    to the section (the Save button posts `next`, the Today page's address with its anchor).

    A saved section is drawn again from what was saved; a rejected one keeps its values and
    shows each message beside its field."""
    day = _posted_day()
    if ok:
        flash(message, "ok")
        # Saved in place by today.js: the page keeps the other parts' choices itself, so the
        # Today it is answered with need not draw them again from carried values.
        if day and not in_place():
            own = {field.name for field in form}
            rest = [(k, v) for k, v in request.form.items(multi=True) if k not in own]
            stash(MultiDict(rest), day)
    else:
        flash(message or NOT_SAVED, "error")
        if day:
            stash(request.form, day, field_errors(form))
    return redirect(web.safe_next(request.form.get("next"), default))
