"""The second step of sign-in, Settings → Security (set up and turn off the authenticator,
new recovery codes) and the operator's TRACKER_REQUIRE_2FA. Rules: factors.services."""

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
from flask_login import current_user, login_required

from tracker import web
from tracker.auth import factors, guard, signin
from tracker.auth.factors import recovery, totp
from tracker.auth.factors import services as rules
from tracker.auth.factors.forms import ConfirmForm, EnrolForm, SecondStepForm
from tracker.auth.services import AccountLocked
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.secretbox import Unreadable, seal, unseal

bp = Blueprint("factors", __name__)
ENROLLING = "totp_enrol"  # the key being set up, sealed, in the browser's session
# What a user without a factor may still open when the server requires one.
OPEN_WHILE_REQUIRED = {"static", "factors.enrol", "auth.logout", "auth.health"}
LOCKED_CODE = "Too many wrong tries. Wait 15 minutes, then sign in again."


@bp.before_app_request
def _second_factor_required():  # noqa: ANN202
    if not current_app.config["REQUIRE_2FA"] or request.endpoint in OPEN_WHILE_REQUIRED:
        return None
    # The API answers bearer tokens, not this browser session (see docs/configuration.md).
    if request.blueprint == "api" or not current_user.is_authenticated:
        return None
    if factors.protected(web.user()):
        return None
    return redirect(url_for("factors.enrol"))


def _step_forms(form: SecondStepForm) -> dict[str, SecondStepForm]:
    return {
        f.key: form if form.factor.data == f.key else SecondStepForm(formdata=None, factor=f.key)
        for f in factors.FACTORS
    }


@bp.route("/login/second-step", methods=["GET", "POST"])
def second_step():
    """After the password: a code from the authenticator app or a recovery code."""
    held = signin.pending(web.now())
    if held is None:
        flash("Sign in again: the second step waits 5 minutes.")
        return redirect(url_for("auth.login"))
    user, state = held
    form = SecondStepForm()
    if request.method == "POST" and guard.client_throttled():
        form.answer.errors = ["Too many tries from your network. Wait a minute."]
    elif form.validate_on_submit():
        try:
            rules.prove(
                user, form.factor.data, form.answer.data, now=web.now(), policy=guard.policy()
            )
        except AccountLocked:
            db.session.commit()
            form.answer.errors = [LOCKED_CODE]
        except Invalid as exc:
            db.session.commit()
            form.answer.errors = [exc.message]
        else:
            return _signed_in(user, state, used_recovery=form.factor.data == recovery.KEY)
    page = render_template(
        "factors/second_step.html", offered=factors.offered(user), forms=_step_forms(form)
    )
    return page, web.form_status()


def _signed_in(user, state: dict, *, used_recovery: bool):  # noqa: ANN001, ANN202
    left = recovery.remaining(user) if used_recovery else None
    signin.begin(user, remember=bool(state.get("remember")))
    if left is not None:
        flash(f"Recovery code used: {left} left." + _few(left))
    return redirect(web.safe_next(state.get("next"), url_for("today.show")))


def _few(left: int) -> str:
    if left > recovery.FEW:
        return ""
    return " Make new ones under Settings → Security, and keep them somewhere safe."


def _security_page(off=None, regenerate=None, status=200):  # noqa: ANN001, ANN202
    return render_template(
        "factors/security.html",
        state=rules.security(web.user()),
        off=off or ConfirmForm(formdata=None),
        regenerate=regenerate or ConfirmForm(formdata=None),
        required=current_app.config["REQUIRE_2FA"],
        few=recovery.FEW,
    ), status


@bp.get("/settings/security")
@login_required
def security():
    """The account's factors: the authenticator, recovery codes."""
    return _security_page()


def _enrolling_secret() -> str:
    """The key being set up in this browser: the same QR code until it is confirmed."""
    sealed = session.get(ENROLLING)
    if sealed:
        try:
            return unseal(sealed, totp.PURPOSE)
        except Unreadable:
            pass  # sealed under a SECRET_KEY since replaced: a new key below
    secret = totp.new_secret()
    session[ENROLLING] = seal(secret, totp.PURPOSE)
    return secret


@bp.route("/settings/security/authenticator", methods=["GET", "POST"])
@login_required
def enrol():
    """Set up (or replace) the authenticator app: QR code, key as text, confirm with a code."""
    user, secret, form = web.user(), _enrolling_secret(), EnrolForm()
    if form.validate_on_submit():
        try:
            codes = rules.enrol_totp(
                user,
                secret,
                form.new_code.data,
                password=form.password.data,
                code=form.code.data,
                now=web.now(),
                policy=guard.policy(),
            )
            db.session.commit()
            session.pop(ENROLLING, None)
            return _codes_or_security(codes, "The authenticator app is set up.")
        except Invalid as exc:
            db.session.rollback()
            web.place_error(form, exc)
    uri = totp.provisioning_uri(secret, user.email)
    return render_template(
        "factors/enrol.html",
        form=form,
        qr=totp.qr_svg(uri),
        secret=totp.grouped(secret),
        replacing=totp.enrolled(user),
    ), web.form_status()


def _codes_or_security(codes: list[str] | None, message: str):  # noqa: ANN202
    flash(message)
    if codes is None:
        return redirect(url_for("factors.security"))
    return render_template("factors/recovery_codes.html", codes=codes)


@bp.post("/settings/security/authenticator/off")
@login_required
def turn_off():
    """Turn the authenticator off, after the password and a code."""
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            rules.turn_off_totp(
                web.user(),
                password=form.password.data,
                code=form.code.data,
                now=web.now(),
                policy=guard.policy(),
                required=current_app.config["REQUIRE_2FA"],
            )
            db.session.commit()
            flash("The authenticator app is turned off; sign-in asks for your password only.")
            return redirect(url_for("factors.security"))
        except Invalid as exc:
            db.session.rollback()
            web.place_error(form, exc)
    return _security_page(off=form, status=422)


@bp.post("/settings/security/recovery-codes")
@login_required
def regenerate():
    """Ten new recovery codes, after the password and a code; the old ones stop working."""
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            codes = rules.regenerate_recovery(
                web.user(),
                password=form.password.data,
                code=form.code.data,
                now=web.now(),
                policy=guard.policy(),
            )
            db.session.commit()
            return _codes_or_security(codes, "New recovery codes. The old ones no longer work.")
        except Invalid as exc:
            db.session.rollback()
            web.place_error(form, exc)
    return _security_page(regenerate=form, status=422)
