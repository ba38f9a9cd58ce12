"""Settings → API tokens: make a token (shown once) and revoke one. HTML pages with CSRF."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import login_required

from tracker import web
from tracker.api import tokens
from tracker.api.forms import TokenForm
from tracker.api.models import ApiToken
from tracker.auth.guard import recent_password_required
from tracker.database import get_owned_or_404
from tracker.extensions import db

bp = Blueprint("api_tokens", __name__)
bp.before_request(login_required(lambda: None))


@bp.post("/settings/api-tokens")
@recent_password_required("settings.show")
def create():
    """Make a token; its value is on this answer only (only its SHA-256 is kept)."""
    form = TokenForm()
    if form.validate_on_submit():
        created, ok = web.commit_or_show(
            form,
            lambda: tokens.create_token(
                web.user(), name=form.name.data, scope=form.scope.data, now=web.now()
            ),
        )
        if ok and created:
            return render_template(
                "api/token_created.html", token=created.token, secret=created.secret
            ), 201
    errors = form.form_errors + [e for field in form for e in field.errors]
    flash(" ".join(errors) or "That did not work; please try again.", "error")
    return redirect(url_for("settings.show", _anchor="api"))


@bp.post("/settings/api-tokens/<int:token_id>/revoke")
def revoke(token_id: int):
    """End a token at once."""
    token = get_owned_or_404(ApiToken, token_id, web.user())
    tokens.revoke_token(web.user(), token, now=web.now())
    db.session.commit()
    return redirect(url_for("settings.show", _anchor="api"))
