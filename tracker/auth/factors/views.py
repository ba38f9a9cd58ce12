"""The second step of sign-in, Settings → Security (set up and turn off the authenticator,
new recovery codes) and the operator's TRACKER_REQUIRE_2FA. Rules: factors.services."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required

from tracker import ratelimit, web
from tracker.auth import factors, guard, signin
from tracker.auth.factors import passkeys, recovery, totp
from tracker.auth.factors import services as rules
from tracker.auth.factors.forms import (
    AddPasskeyForm,
    ConfirmForm,
    EnrolForm,
    PasskeySignInForm,
    RenamePasskeyForm,
    SecondStepForm,
)
from tracker.auth.forms import LoginForm
from tracker.auth.services import AccountLocked
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.secretbox import Unreadable, seal, unseal

bp = Blueprint("factors", __name__)
ENROLLING = "totp_enrol"  # the key being set up, sealed, in the browser's session
PASSKEY_CHALLENGE = "passkey_challenge"  # the challenge a passkey answers (one at a time)
PASSKEY_CONFIRM = "passkey_confirm"  # a change's confirming passkey (beside a new one's)
PASSKEYS_OFF = (
    "Passkeys are off on this server: the person who runs it sets TRACKER_PUBLIC_URL to "
    "the https address people open it at."
)
USED_WINDOW = 3600  # seconds: longer than a challenge lives
NEEDS_SCRIPT = "Use the button: adding a passkey needs JavaScript in this browser."
# What a user without a factor may still open when the server requires one.
OPEN_WHILE_REQUIRED = {
    "static",
    "factors.enrol",
    "factors.security",
    "factors.passkey_options",
    "factors.add_passkey",
    "auth.logout",
    "auth.health",
}
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
        answer = form.answer.data
        if form.factor.data == passkeys.KEY:
            rp, challenge = relying_party(), _challenge("second")
            state = challenge.state() if challenge else None
            answer = passkeys.second_step_answer(answer, state, rp) if rp else ""
        try:
            rules.prove(user, form.factor.data, answer, now=web.now(), policy=guard.policy())
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


def relying_party() -> passkeys.RelyingParty | None:
    """The site passkeys belong to (TRACKER_PUBLIC_URL); None: passkeys are off."""
    return passkeys.relying_party(current_app.config.get("PUBLIC_URL"))


def _security_page(  # noqa: PLR0913
    off=None,  # noqa: ANN001
    regenerate=None,  # noqa: ANN001
    add=None,  # noqa: ANN001
    failed: tuple[int, str, object] | None = None,
    status: int = 200,
):  # noqa: ANN202
    state = rules.security(web.user())
    renames = {p.id: RenamePasskeyForm(formdata=None, name=p.name) for p in state.passkeys}
    removes = {p.id: ConfirmForm(formdata=None) for p in state.passkeys}
    if failed is not None:  # the passkey form that was refused, with its message
        passkey_id, which, form = failed
        (renames if which == "rename" else removes)[passkey_id] = form
    return render_template(
        "factors/security.html",
        state=state,
        off=off or ConfirmForm(formdata=None),
        regenerate=regenerate or ConfirmForm(formdata=None),
        add=add or AddPasskeyForm(formdata=None),
        renames=renames,
        removes=removes,
        passkeys_on=relying_party() is not None,
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
        codes, done = web.commit_or_show(
            form,
            lambda: rules.enrol_totp(
                user,
                secret,
                form.new_code.data,
                _current(form),
                now=web.now(),
                policy=guard.policy(),
            ),  # fmt: skip
        )
        if done:
            session.pop(ENROLLING, None)
            return _codes_or_security(codes, "The authenticator app is set up.")
    uri = totp.provisioning_uri(secret, user.email)
    return render_template(
        "factors/enrol.html",
        form=form,
        qr=totp.qr_svg(uri),
        secret=totp.grouped(secret),
        replacing=totp.enrolled(user),
        confirm_by_passkey=relying_party() is not None and passkeys.enrolled(user),
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
        _, done = web.commit_or_show(
            form,
            lambda: rules.turn_off_totp(
                web.user(),
                _current(form),
                now=web.now(),
                policy=guard.policy(),
                required=current_app.config["REQUIRE_2FA"],
            ),  # fmt: skip
        )
        if done:
            flash("The authenticator app is turned off; sign-in asks for your password only.")
            return redirect(url_for("factors.security"))
    return _security_page(off=form, status=422)


@bp.post("/settings/security/recovery-codes")
@login_required
def regenerate():
    """Ten new recovery codes, after the password and a code; the old ones stop working."""
    form = ConfirmForm()
    if form.validate_on_submit():
        codes, done = web.commit_or_show(
            form,
            lambda: rules.regenerate_recovery(
                web.user(), _current(form), now=web.now(), policy=guard.policy()
            ),
        )
        if done:
            return _codes_or_security(codes, "New recovery codes. The old ones no longer work.")
    return _security_page(regenerate=form, status=422)


def _challenge(purpose: str, key: str = PASSKEY_CHALLENGE) -> passkeys.Challenge | None:
    """Take the challenge out of the session: it answers once. The session is a cookie the
    browser could send again, so its use is also counted on the server (shared by every
    process), in the window of its deadline: a second use is refused."""
    state = session.pop(key, None)
    challenge = passkeys.Challenge.from_state(state, purpose, now=web.now())
    if challenge is None:
        return None
    digest = hashlib.sha256(challenge.value).hexdigest()
    deadline = datetime.fromtimestamp(challenge.until, UTC)
    if not ratelimit.hit(f"passkey-challenge:{digest}", 1, USED_WINDOW, now=deadline):
        return None
    return challenge


def _options(text: str):  # noqa: ANN202
    response = current_app.response_class(text, mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    return response


def _off():  # noqa: ANN202
    return {"error": PASSKEYS_OFF}, 404


def _current(form: ConfirmForm) -> rules.Current:
    """The current factors a form that changes one gives again (services.confirm_current):
    the password, a code, and a confirming passkey's assertion packed with the challenge this
    browser was given (once)."""
    rp, passkey = relying_party(), None
    if rp is not None and form.confirmation.data:
        challenge = _challenge("confirm", PASSKEY_CONFIRM)
        state = challenge.state() if challenge else None
        passkey = passkeys.confirm_answer(form.confirmation.data, state, rp)
    return rules.Current(
        form.password.data, form.code.data, passkey=passkey, passkeys_on=rp is not None
    )


@bp.post("/settings/security/confirm-options")
@login_required
def confirm_options():
    """Options for navigator.credentials.get() that confirm a change: this account's passkeys."""
    rp, user = relying_party(), web.user()
    if rp is None:
        return _off()
    challenge = passkeys.new_challenge("confirm", now=web.now(), user=user)
    session[PASSKEY_CONFIRM] = challenge.state()
    return _options(passkeys.authentication_options(rp, challenge, user))


@bp.post("/settings/security/passkeys/options")
@login_required
def passkey_options():
    """A new passkey's options for navigator.credentials.create() (static/passkeys.js)."""
    rp, user = relying_party(), web.user()
    if rp is None:
        return _off()
    challenge = passkeys.new_challenge(
        "register", now=web.now(), user=user, handle=passkeys.handle_of(user)
    )
    session[PASSKEY_CHALLENGE] = challenge.state()
    return _options(passkeys.registration_options(user, rp, challenge))


@bp.post("/settings/security/passkeys")
@login_required
def add_passkey():
    """Keep a new passkey, named, after the password (and a code when the app is set up)."""
    form = AddPasskeyForm()
    if form.validate_on_submit():
        rp, challenge = relying_party(), _challenge("register")

        def add() -> None:
            if rp is None:
                raise Invalid(PASSKEYS_OFF, "name")
            if not form.credential.data:
                raise Invalid(NEEDS_SCRIPT, "name")
            rules.add_passkey(
                web.user(), form.credential.data, _current(form), challenge=challenge, rp=rp,
                name=form.name.data, now=web.now(), policy=guard.policy(),
            )  # fmt: skip

        if web.commit_or_show(form, add)[1]:
            flash(f"The passkey “{form.name.data.strip()}” is added.")
            return redirect(url_for("factors.security"))
    return _security_page(add=form, status=422)


def _own_passkey(passkey_id: int):  # noqa: ANN202
    passkey = passkeys.passkey_of(web.user(), passkey_id)
    if passkey is None:
        abort(404)
    return passkey


@bp.post("/settings/security/passkeys/<int:passkey_id>/name")
@login_required
def rename_passkey(passkey_id: int):
    """Give a passkey a new name."""
    passkey, form = _own_passkey(passkey_id), RenamePasskeyForm()
    if form.validate_on_submit():
        passkeys.rename(passkey, form.name.data)
        db.session.commit()
        flash("The passkey is renamed.")
        return redirect(url_for("factors.security"))
    return _security_page(failed=(passkey.id, "rename", form), status=422)


@bp.post("/settings/security/passkeys/<int:passkey_id>/remove")
@login_required
def remove_passkey(passkey_id: int):
    """Remove a passkey, after the password (and a code when the app is set up)."""
    passkey, form = _own_passkey(passkey_id), ConfirmForm()
    if form.validate_on_submit():
        _, done = web.commit_or_show(
            form,
            lambda: rules.remove_passkey(
                web.user(),
                passkey,
                _current(form),
                now=web.now(),
                policy=guard.policy(),
                required=current_app.config["REQUIRE_2FA"],
            ),  # fmt: skip
        )
        if done:
            flash("The passkey is removed. Remove it from the device too, in its settings.")
            return redirect(url_for("factors.security"))
    return _security_page(failed=(passkey.id, "remove", form), status=422)


@bp.post("/login/passkey/options")
def signin_options():
    """Options for navigator.credentials.get(): any passkey of this site (no username)."""
    rp = relying_party()
    if rp is None:
        return _off()
    challenge = passkeys.new_challenge("signin", now=web.now())
    session[PASSKEY_CHALLENGE] = challenge.state()
    return _options(passkeys.authentication_options(rp, challenge, None))


@bp.post("/login/second-step/passkey-options")
def second_step_options():
    """Options for navigator.credentials.get() at the second step: this account's passkeys."""
    rp, held = relying_party(), signin.pending(web.now())
    if rp is None:
        return _off()
    if held is None:
        return {"error": "Sign in again: the second step waits 5 minutes."}, 409
    challenge = passkeys.new_challenge("second", now=web.now(), user=held[0])
    session[PASSKEY_CHALLENGE] = challenge.state()
    return _options(passkeys.authentication_options(rp, challenge, held[0]))


@bp.post("/login/passkey")
def signin_passkey():
    """Sign in with a passkey alone: it proves two factors, so no second step follows."""
    form, rp, message = PasskeySignInForm(), relying_party(), passkeys.NOT_ACCEPTED
    status = 422
    if guard.client_throttled():
        message, status = "Too many tries from your network. Wait a minute.", 429
    elif rp is None:
        message = PASSKEYS_OFF
    elif form.validate_on_submit():
        try:
            user = rules.sign_in_with_passkey(
                form.credential.data,
                challenge=_challenge("signin"),
                rp=rp,
                now=web.now(),
                policy=guard.policy(),
            )
        except AccountLocked:
            db.session.commit()
            message = LOCKED_CODE
        except Invalid:
            db.session.commit()
        else:
            target = request.args.get("next")
            signin.begin(user)
            return redirect(web.safe_next(target, url_for("today.show")))
    login = LoginForm(formdata=None)
    page = render_template(
        "auth/login.html",
        form=login,
        signup=current_app.config["SIGNUP_ENABLED"],
        passkeys_on=rp is not None,
        passkey_error=message,
    )
    return page, status
