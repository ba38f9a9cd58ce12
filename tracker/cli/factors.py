"""`tracker reset-factors EMAIL`: for the self-hoster who lost the phone and the recovery codes."""

from __future__ import annotations

import click
from flask import current_app
from sqlalchemy import select

from tracker.auth.factors import services as factors
from tracker.auth.models import User
from tracker.auth.services import normalise_email
from tracker.cli.commands import bp
from tracker.extensions import db


@bp.cli.command("reset-factors")
@click.argument("email")
def reset_factors(email: str) -> None:
    """Remove the account's second factors and recovery codes and end its sessions."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise click.ClickException(f"No account has the email {email}.")
    done = factors.reset_factors(user)
    db.session.commit()
    # The log names the account by id and what was removed; never a key or a code.
    current_app.logger.warning(
        "reset-factors: user %s lost %s authenticator(s), %s passkey(s) and %s recovery "
        "code(s); %s session(s) ended",
        user.id,
        done.authenticators,
        done.passkeys,
        done.recovery_codes,
        done.sessions,
    )
    click.echo(
        f"{user.email}: removed {done.authenticators} authenticator app(s), "
        f"{done.passkeys} passkey(s) and "
        f"{done.recovery_codes} recovery code(s), ended {done.sessions} session(s). "
        "The next sign-in asks for the password only."
    )
