"""The Settings page and the forms it sends: general settings, password, the signed-in
sessions, sign out everywhere, account deletion. The rules live in auth.services,
auth.sessions and settings.services."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, session, url_for
from flask_login import login_required, login_user, logout_user

from tracker import web
from tracker.api import tokens as api_tokens
from tracker.api.forms import TokenForm
from tracker.auth import guard, services, sessions
from tracker.auth.models import UserSession
from tracker.calendars import services as calendars
from tracker.database import get_owned_or_404
from tracker.errors import Invalid, NotFound
from tracker.extensions import db
from tracker.settings import services as account
from tracker.settings.forms import DeleteAccountForm, PasswordForm, SettingsForm
from tracker.today import parts

bp = Blueprint("settings", __name__)
bp.before_request(login_required(lambda: None))


def _page(settings=None, password=None, delete=None, status=200):  # noqa: ANN001, ANN202
    u = web.user()
    return render_template(
        "settings/show.html",
        settings=settings or SettingsForm(obj=u, formdata=None),
        password=password or PasswordForm(formdata=None),
        delete=delete or DeleteAccountForm(formdata=None),
        token_form=TokenForm(formdata=None),
        api_tokens=api_tokens.list_tokens(u),
        calendar_feeds=calendars.list_feeds(u),
        password_recent=guard.password_is_recent(),
        sessions=sessions.list_sessions(u, now=web.now(), policy=guard.policy()),
    ), status


def _signed_out(message: str):  # noqa: ANN202
    """End this browser's session too (Today forgets the user's shared parts), and go to the
    login page with `message`."""
    logout_user()
    session.clear()
    flash(message)
    return redirect(url_for("auth.login"))


@bp.get("/settings")
def show():
    """Account settings: name, zone, on-time window, password, deletion."""
    return _page()


@bp.post("/settings")
def save():
    """Save name, zone and on-time window."""
    form = SettingsForm()
    if form.validate_on_submit():
        _, done = web.commit_or_show(
            form,
            lambda: services.update_settings(
                web.user(),
                timezone=form.timezone.data,
                on_time_window_minutes=form.on_time_window_minutes.data,
                display_name=form.display_name.data,
                clock=form.clock.data or None,
            ),
        )
        if done:
            flash("Settings saved.")
            return redirect(url_for("settings.show"))
    return _page(settings=form, status=422)


@bp.post("/settings/password")
def change_password():
    """Change the password; every other session ends, and (if ticked) every link and token."""
    form, user, now = PasswordForm(), web.user(), web.now()
    if form.validate_on_submit():

        def change() -> None:
            services.change_password(
                user,
                form.current_password.data,
                form.new_password.data,
                now=now,
                policy=guard.policy(),
            )
            if form.revoke_access.data:
                account.revoke_access(user, now=now)

        if web.commit_or_show(form, change)[1]:
            parts.forget(user.id)  # the other sessions' parts
            login_user(user)
            flash("Password changed. Your other devices are logged out.")
            return redirect(url_for("settings.show"))
    return _page(password=form, status=422)


@bp.post("/settings/sessions/<int:session_id>/sign-out")
def end_session(session_id: int):
    """End one signed-in session of the account: its next request goes to the login page."""
    user = web.user()
    try:
        was_this = sessions.end_session(
            user,
            get_owned_or_404(UserSession, session_id, user),
            now=web.now(),
            policy=guard.policy(),
        )
    except NotFound:
        abort(404)
    db.session.commit()
    if was_this:
        return _signed_out("You are logged out.")
    parts.forget(user.id)  # what the processes share of the ended session's Today
    flash("That session is signed out.")
    return redirect(url_for("settings.show", _anchor="sessions"))


@bp.post("/settings/sessions/sign-out-others")
def end_other_sessions():
    """End every session of the account but this one (links and tokens stay)."""
    sessions.end_other_sessions(web.user())
    db.session.commit()
    parts.forget(web.user().id)
    flash("Every other session is signed out. This one stays signed in.")
    return redirect(url_for("settings.show", _anchor="sessions"))


@bp.post("/settings/sign-out-everywhere")
def sign_out_everywhere():
    """End every session of the account, this one too, and revoke every link and token."""
    account.sign_out_everywhere(web.user(), now=web.now())
    db.session.commit()
    return _signed_out(
        "You are signed out everywhere; every share link, feed address and token is revoked."
    )


@bp.post("/settings/delete")
def delete_account():
    """Delete the account and everything it holds, after the password is entered again."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            uploads = account.delete_account(
                web.user(),
                form.password.data,
                now=web.now(),
                policy=guard.policy(),
                upload_folder=current_app.config["IMPORT_FOLDER"],
            )
            db.session.commit()
            account.forget_deleted(uploads)
            return _signed_out("Your account and all its data are deleted.")
        except Invalid as exc:
            db.session.rollback()
            web.place_error(form, exc)
    return _page(delete=form, status=422)
