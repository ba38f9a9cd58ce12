"""What every blueprint's views share: error pages, form error placement, the clock, the user."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast
from urllib.parse import urlsplit

from flask import Flask, Response, render_template, request
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from tracker.errors import Conflict, Invalid, TrackerError
from tracker.extensions import db
from tracker.timeutils import local_today, utcnow

if TYPE_CHECKING:  # a type only: the domains' views import web, web imports no domain
    from tracker.auth.models import User

T = TypeVar("T")


def user() -> User:
    """The logged-in user, typed (views are behind login_required)."""
    return cast("User", current_user._get_current_object())  # type: ignore[attr-defined]


def now() -> datetime:
    """The request's current instant; services take it as an argument."""
    return utcnow()


def today() -> date:
    """The logged-in user's local date."""
    return local_today(user().timezone, now())


def form_status() -> int:
    """A form page rendered in answer to a POST is a rejected submission: 422."""
    return 422 if request.method == "POST" else 200


def place_error(form: FlaskForm, error: TrackerError) -> None:
    """Show a service's error beside the field it names, or above the form."""
    field = getattr(error, "field", None)
    if isinstance(error, Invalid) and field and field in form:
        form[field].errors = [*form[field].errors, error.message]
    else:
        form.form_errors.append(error.message)


def commit_or_show(form: FlaskForm, action: Callable[[], T]) -> tuple[T | None, bool]:
    """Run a service and commit once; on a rule error roll back and show it beside its field.

    Returns (result, True) on success and (None, False) when the form is to be shown again.
    """
    try:
        result = action()
        db.session.commit()
        return result, True
    except (Invalid, Conflict) as exc:
        db.session.rollback()
        place_error(form, exc)
    except StaleDataError:  # another request changed the row between our read and write
        db.session.rollback()
        place_error(
            form,
            Conflict(
                "This was changed elsewhere at the same moment. Reload and make your change again."
            ),
        )
    except ValueError:  # a form helper already put its message beside the field
        db.session.rollback()
    return None, False


def safe_next(target: str | None, default: str) -> str:
    """A relative, same-site path to go to after login, else the default."""
    if not target:
        return default
    parts = urlsplit(target)
    # Browsers read a backslash as a slash: "/\\evil.example" would leave the site.
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or any(ord(c) < 32 for c in target)
    ):
        return default
    return target


ERROR_PAGES: dict[int | type[Exception], tuple[int, str, str]] = {
    400: (400, "Bad request", "The request was not understood."),
    CSRFError: (400, "Form expired", "The form had expired. Go back, reload and send it again."),
    403: (403, "Forbidden", "This is not open to you."),
    404: (404, "Not found", "There is nothing here."),
    405: (405, "Not allowed", "That action is not possible here."),
    413: (413, "Too large", "What you sent is too large."),
    429: (429, "Too many requests", "Wait a minute, then try again."),
    500: (500, "Something went wrong", "Nothing was saved. Please try again."),
}


def register_errors(
    app: Flask, *, json_paths: Mapping[str, Callable[[HTTPException], Response]]
) -> None:
    """Plain error pages that leak nothing; under a prefix of `json_paths` ("/api/"), an
    HTTP error outside any route (an unknown path, a wrong method) gets that prefix's own
    answer (JSON) instead."""
    for key, (code, title, text) in ERROR_PAGES.items():

        def page(error: Exception, code: int = code, title: str = title, text: str = text) -> Any:
            if isinstance(error, HTTPException):
                for prefix, answer in json_paths.items():
                    if request.path.startswith(prefix):
                        return answer(error)
            return render_template("errors/error.html", code=code, title=title, text=text), code

        app.register_error_handler(key, page)
