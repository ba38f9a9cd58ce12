"""The new / edit / delete pages of a kind of journal entry, written once.

A domain's views.py declares one `EntryPages` per kind of entry (its model, form page,
services and messages) and its routes call `new`, `edit` and `delete`: each stays a
one-line view with its own URL, docstring and form. The pages go back where they came from
(`next`, relative only), else to the domain's index.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm

from tracker import entries, web
from tracker.database import get_owned_or_404
from tracker.extensions import db
from tracker.timeutils import to_wall


def back(form: FlaskForm, index: str) -> Any:
    """Where the form came from (Today, say), else the `index` endpoint."""
    return redirect(web.safe_next(form.next.data, url_for(index)))


def page(template: str, form: FlaskForm, index: str, entry: Any = None, **context: Any) -> Any:
    """A form page; shown again after a POST it is a rejected form (422)."""
    to = web.safe_next(form.next.data, url_for(index))
    return render_template(template, form=form, entry=entry, back=to, **context), web.form_status()


def wall_now() -> datetime:
    """Now on the user's wall clock, to the minute: where a new entry's form starts."""
    return to_wall(web.now(), web.user().timezone).replace(second=0, microsecond=0)


def edit_form(form_class: type[FlaskForm], entry: Any) -> FlaskForm:
    """An edit form filled from the entry, its time shown as the user's wall clock.

    A POST is read as sent, never topped up from the stored entry: a field left out (the row
    version above all) must not quietly take the stored value."""
    if request.method == "POST":
        return form_class()
    form = form_class(obj=entry, next=request.args.get("next"))
    form.at.data = to_wall(entry.at, web.user().timezone)
    return form


def version(form: FlaskForm) -> int:
    """The row version the page was made from; a missing one counts as stale, never as "any"."""
    value = str(form.row_version.data or "")
    return int(value) if value.isdigit() else 0


def confirm_delete(
    model: type,
    entry_id: int,
    form: FlaskForm,
    *,
    deleted: str | Callable[[Any], str],
    back_to: Callable[[], str],
    asking: Callable[[Any], Any],
) -> Any:
    """A delete page: the user's entry (anybody else's is 404) shown by `asking(entry)`; a
    valid POST deletes it, commits, flashes `deleted` (or `deleted(entry)`, read before the
    entry goes) and redirects to `back_to()`."""
    entry = get_owned_or_404(model, entry_id, web.user())
    if not form.validate_on_submit():
        return asking(entry)
    message = deleted if isinstance(deleted, str) else deleted(entry)
    entries.delete_entry(web.user(), model, entry.id)
    db.session.commit()
    flash(message)
    return redirect(back_to())


@dataclass(frozen=True)
class EntryPages:
    """One kind of entry's pages: `fields(form)` gives what `record(user, **fields,
    request_key=, now=)` and `update(user, entry, row_version=, **fields, now=)` take.

    A kind whose edit form reads more than the entry's own columns gives `edit_data(entry)`,
    the form's starting data (a POST tops up the fields it leaves out from it, all but the row
    version), and `edit_fields(form, entry)`, what `update` takes (a time
    left as shown keeps the entry's seconds); its delete page shows `item(entry)` under the
    name `item_name`."""

    model: type
    template: str  # the new and edit form page
    index: str  # the endpoint to go back to
    fields: Callable[[Any], dict[str, Any]]
    record: Callable[..., Any]
    update: Callable[..., None]
    saved: Callable[[Any], str]  # the message after a new entry is saved
    edited: str  # ... after an edit
    deleted: str  # ... after a delete
    confirm: type[FlaskForm]  # the delete page's form
    delete_template: str
    item: Callable[[Any], Any]  # what the delete page shows of the entry
    context: Mapping[str, Any] = field(default_factory=dict)  # more for the form page
    edit_data: Callable[[Any], dict[str, Any]] | None = None
    edit_fields: Callable[[Any, Any], dict[str, Any]] | None = None
    item_name: str = "item"

    def new(self, form: FlaskForm) -> Any:
        """The form; a valid POST records the entry once per request key, commits, goes back."""
        if form.validate_on_submit():
            entry, ok = web.commit_or_show(
                form,
                lambda: self.record(
                    web.user(),
                    **self.fields(form),
                    request_key=form.request_key.data,
                    now=web.now(),
                ),
            )
            if ok:
                flash(self.saved(entry))
                return back(form, self.index)
        return page(self.template, form, self.index, **self.context)

    def edit(self, entry_id: int, form_class: type[FlaskForm]) -> Any:
        """The user's entry in its form; a valid POST from the current version saves it."""
        entry = get_owned_or_404(self.model, entry_id, web.user())
        form = self._edit_form(form_class, entry)
        if form.validate_on_submit():
            _, ok = web.commit_or_show(
                form,
                lambda: self.update(
                    web.user(),
                    entry,
                    row_version=version(form),
                    **self._edited_fields(form, entry),
                    now=web.now(),
                ),
            )
            if ok:
                flash(self.edited)
                return back(form, self.index)
        return page(self.template, form, self.index, entry, **self.context)

    def _edit_form(self, form_class: type[FlaskForm], entry: Any) -> FlaskForm:
        if self.edit_data is None:
            return edit_form(form_class, entry)
        data = self.edit_data(entry)
        if request.method == "POST":  # a field left out keeps its value, but never the version
            data.pop("row_version", None)
        return form_class(data=data, next=request.args.get("next"))

    def _edited_fields(self, form: FlaskForm, entry: Any) -> dict[str, Any]:
        if self.edit_fields is None:
            return self.fields(form)
        return self.edit_fields(form, entry)

    def delete(self, entry_id: int) -> Any:
        """GET asks; POST deletes the user's entry, commits and goes back."""
        form = self.confirm(next=request.args.get("next"))
        return confirm_delete(
            self.model,
            entry_id,
            form,
            deleted=self.deleted,
            back_to=lambda: web.safe_next(form.next.data, url_for(self.index)),
            asking=lambda entry: page(
                self.delete_template, form, self.index, entry, **{self.item_name: self.item(entry)}
            ),
        )
