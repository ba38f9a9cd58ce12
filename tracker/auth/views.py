"""Sign-up, login, logout and the password asked again (the Settings page is tracker.settings)."""

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
from flask_login import current_user, login_required, logout_user

from tracker import web
from tracker.auth import factors, guard, services, signin
from tracker.auth.factors import passkeys
from tracker.auth.forms import LoginForm, ReauthForm, SignupForm
from tracker.errors import Invalid
from tracker.extensions import db, login_manager

bp = Blueprint("auth", __name__)
SIGNUP_NOT_POSSIBLE = (
    "No account can be made with this email. Check your email address, or log in if you "
    "already have an account here."
)


policy = guard.policy


@login_manager.user_loader
def load_user(token: str):  # noqa: ANN201 - Flask-Login hook
    return services.user_for_session(token, now=web.now(), policy=policy())


@bp.before_app_request
def _load_user_first() -> None:
    # The session is looked up (and its last request noted, in its own commit) before a view
    # changes anything, not when a template first asks for the user.
    if request.endpoint != "static" and "_user_id" in session:
        _ = current_user.is_authenticated


def _too_many(template: str, form, wait: int, **context):  # noqa: ANN001, ANN003, ANN202
    minutes = max(1, round(wait / 60))
    form.form_errors.append(
        f"Too many tries from your network. Wait {minutes} minute{'s' * (minutes > 1)}, "
        "then try again."
    )
    page = render_template(template, form=form, **context)
    return page, 429, {"Retry-After": str(wait)}


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    """Create an account (unless sign-up is turned off)."""
    if not current_app.config["SIGNUP_ENABLED"]:
        return render_template("auth/signup_closed.html"), 404
    form = SignupForm()
    if request.method == "POST" and (wait := guard.client_throttled()):
        return _too_many("auth/signup.html", form, wait)
    if form.validate_on_submit():
        try:
            user = services.create_user(
                form.email.data,
                form.password.data,
                form.timezone.data,
                clock="12" if form.clock.data == "12" else "24",
                now=web.now(),
            )
            signin.begin(user)
            flash("Welcome. Start by adding your medications.")
            return redirect(url_for("medications.new"))
        except services.EmailTaken:
            db.session.rollback()
            # Never "this email has an account": that would tell anyone who has one here.
            form.email.errors = [SIGNUP_NOT_POSSIBLE]
        except Invalid as exc:
            db.session.rollback()
            web.place_error(form, exc)
    return render_template("auth/signup.html", form=form), web.form_status()


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in; five wrong passwords in 15 minutes lock the account for 15 minutes."""
    form, signup = LoginForm(), current_app.config["SIGNUP_ENABLED"]
    if request.method == "POST" and (wait := guard.client_throttled()):
        return _too_many("auth/login.html", form, wait, signup=signup)
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                form.email.data, form.password.data, now=web.now(), policy=policy()
            )
        except Invalid:
            db.session.commit()
            # The same words for an unknown email, a wrong password and a locked account.
            form.password.errors = [services.WRONG_LOGIN]
        else:
            return _after_password(user, remember=bool(form.remember.data))
    passkeys_on = passkeys.relying_party(current_app.config.get("PUBLIC_URL")) is not None
    page = render_template("auth/login.html", form=form, signup=signup, passkeys_on=passkeys_on)
    return page, web.form_status()


def _after_password(user, *, remember: bool):  # noqa: ANN001, ANN202
    """The second step when the account has a factor; else logged in (and taken to set one
    up when the server requires it)."""
    target = request.args.get("next")
    if factors.protected(user):
        db.session.commit()
        signin.hold(user, remember=remember, target=target, now=web.now())
        return redirect(url_for("factors.second_step"))
    signin.begin(user, remember=remember)
    if current_app.config["REQUIRE_2FA"]:
        flash("This server asks every account for a second factor. Set one up to go on.")
        return redirect(url_for("factors.enrol"))
    return redirect(web.safe_next(target, url_for("today.show")))


@bp.post("/logout")
@login_required
def logout():
    """End this session on the server and in the browser."""
    services.end_session(web.user().session_token or "")
    db.session.commit()
    logout_user()  # Today forgets the user's shared parts (tracker.today.parts.init_app)
    session.clear()
    flash("You are logged out.")
    return redirect(url_for("auth.login"))


@bp.route("/reauth", methods=["GET", "POST"])
@login_required
def reauth():
    """The password again, before an export, a new API token or a new share link."""
    form = ReauthForm()
    target = web.safe_next(request.args.get("next"), url_for("settings.show"))
    if form.validate_on_submit():
        try:
            services.confirm_password(
                web.user(), form.password.data, now=web.now(), policy=policy()
            )
            db.session.commit()
            return redirect(target)
        except Invalid as exc:
            db.session.rollback()
            web.place_error(form, exc)
    return render_template("auth/reauth.html", form=form), web.form_status()


@bp.get("/")
def index():
    """Home: Today when logged in, else the login page."""
    return redirect(url_for("today.show" if current_user.is_authenticated else "auth.login"))


@bp.get("/health")
def health():
    """A liveness probe that touches nothing private."""
    return {"status": "ok"}
