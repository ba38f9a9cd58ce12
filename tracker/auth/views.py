"""Sign-up, login, logout and the account settings pages."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import login_required, login_user, logout_user

from tracker import web
from tracker.api import tokens as api_tokens
from tracker.api.forms import TokenForm
from tracker.auth import services
from tracker.auth.forms import DeleteAccountForm, LoginForm, PasswordForm, SettingsForm, SignupForm
from tracker.calendars import services as calendars
from tracker.errors import Invalid
from tracker.extensions import db, login_manager

bp = Blueprint("auth", __name__)


def policy() -> services.LoginPolicy:
    """The login and session limits from config."""
    from datetime import timedelta

    c = current_app.config
    return services.LoginPolicy(
        max_failures=int(c["LOGIN_MAX_FAILURES"]),
        window=timedelta(minutes=int(c["LOGIN_FAILURE_WINDOW_MINUTES"])),
        lock=timedelta(minutes=int(c["LOGIN_LOCK_MINUTES"])),
        session_lifetime=timedelta(days=int(c["SESSION_DAYS"])),
    )


@login_manager.user_loader
def load_user(token: str):  # noqa: ANN201 - Flask-Login hook
    return services.user_for_session(token, now=web.now(), policy=policy())


def _begin(user) -> None:  # noqa: ANN001
    session.clear()  # a fresh session on login: no fixation
    services.start_session(user, now=web.now())
    db.session.commit()
    session.permanent = True
    login_user(user)


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    """Create an account (unless sign-up is turned off)."""
    if not current_app.config["SIGNUP_ENABLED"]:
        return render_template("auth/signup_closed.html"), 404
    form = SignupForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(
                form.email.data, form.password.data, form.timezone.data, now=web.now()
            )
            _begin(user)
            flash("Welcome. Start by adding your medications.")
            return redirect(url_for("medications.new"))
        except Invalid as exc:
            db.session.rollback()
            web.place_error(form, exc)
    return render_template("auth/signup.html", form=form), web.form_status()


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in; five wrong passwords in 15 minutes lock the account for 15 minutes."""
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                form.email.data, form.password.data, now=web.now(), policy=policy()
            )
        except Invalid as exc:
            db.session.commit()  # keep the failure count
            web.place_error(form, exc)
        else:
            _begin(user)
            return redirect(web.safe_next(request.args.get("next"), url_for("today.show")))
    return render_template(
        "auth/login.html", form=form, signup=current_app.config["SIGNUP_ENABLED"]
    ), web.form_status()


@bp.post("/logout")
@login_required
def logout():
    """End this session on the server and in the browser."""
    services.end_session(web.user().session_token or "")
    db.session.commit()
    logout_user()
    session.clear()
    flash("You are logged out.")
    return redirect(url_for("auth.login"))


def _settings_page(settings=None, password=None, delete=None, status=200):  # noqa: ANN001, ANN202
    u = web.user()
    settings = settings or SettingsForm(obj=u, formdata=None)
    return render_template(
        "auth/settings.html",
        settings=settings,
        password=password or PasswordForm(formdata=None),
        delete=delete or DeleteAccountForm(formdata=None),
        token_form=TokenForm(formdata=None),
        api_tokens=api_tokens.list_tokens(u),
        calendar_feeds=calendars.list_feeds(u),
    ), status


@bp.get("/settings")
@login_required
def settings():
    """Account settings: name, zone, on-time window, password, deletion."""
    return _settings_page()


@bp.post("/settings")
@login_required
def save_settings():
    """Save name, zone and on-time window."""
    form = SettingsForm()
    if form.validate_on_submit():
        try:
            services.update_settings(
                web.user(),
                timezone=form.timezone.data,
                on_time_window_minutes=form.on_time_window_minutes.data,
                display_name=form.display_name.data,
            )
            db.session.commit()
            flash("Settings saved.")
            return redirect(url_for("auth.settings"))
        except Invalid as exc:
            db.session.rollback()
            web.place_error(form, exc)
    return _settings_page(settings=form, status=422)


@bp.post("/settings/password")
@login_required
def change_password():
    """Change the password; every other session of the account ends."""
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            user = web.user()
            services.change_password(
                user, form.current_password.data, form.new_password.data, now=web.now()
            )
            db.session.commit()
            login_user(user)
            flash("Password changed. Your other devices are logged out.")
            return redirect(url_for("auth.settings"))
        except Invalid as exc:
            db.session.rollback()
            web.place_error(form, exc)
    return _settings_page(password=form, status=422)


@bp.post("/settings/delete")
@login_required
def delete_account():
    """Delete the account and everything it holds, after the password is entered again."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            services.delete_account(web.user(), form.password.data)
            db.session.commit()
            logout_user()
            session.clear()
            flash("Your account and all its data are deleted.")
            return redirect(url_for("auth.login"))
        except Invalid as exc:
            db.session.rollback()
            web.place_error(form, exc)
    return _settings_page(delete=form, status=422)


@bp.get("/")
def index():
    """Home: Today when logged in, else the login page."""
    from flask_login import current_user

    return redirect(url_for("today.show" if current_user.is_authenticated else "auth.login"))


@bp.get("/health")
def health():
    """A liveness probe that touches nothing private."""
    return {"status": "ok"}
