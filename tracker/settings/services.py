"""Account-wide ends: revoke every way in (sessions, API tokens, calendar feeds, share links),
delete the account, and remove what it leaves outside its rows (upload files, the WAL's copies).

They reach into the API's, the calendars', the imports' and the shares' tables, so they live
here, above those domains, and not in tracker.auth, which they all build on."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, select, text, update

from tracker.api.models import ApiToken
from tracker.auth.models import User, UserSession
from tracker.auth.services import LoginPolicy, check_password
from tracker.calendars.models import CalendarFeed
from tracker.extensions import db
from tracker.imports.models import PendingImport
from tracker.shares.models import ShareLink


def revoke_access(user: User, *, now: datetime) -> None:
    """Revoke every API token, calendar feed address and share link of the user."""
    for model in (ApiToken, CalendarFeed, ShareLink):
        db.session.execute(
            update(model)
            .where(model.user_id == user.id, model.revoked_at.is_(None))
            .values(revoked_at=now)
            .execution_options(synchronize_session=False)
        )


def sign_out_everywhere(user: User, *, now: datetime) -> None:
    """End every session of the user, the caller's too, and revoke every link and token."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    revoke_access(user, now=now)


def delete_account(
    user: User, password: str, *, now: datetime, policy: LoginPolicy, upload_folder: str
) -> list[Path]:
    """Delete the user and, through ON DELETE CASCADE, every record the user owns (queued and
    running jobs too: a worker finds its job gone). Returns the upload files to remove once
    that is committed (forget_deleted)."""
    check_password(user, password, now=now, policy=policy, wrong="This is not your password.")
    files = _pending_uploads(user, upload_folder)
    db.session.execute(delete(User).where(User.id == user.id))
    db.session.expunge_all()
    return files


def _pending_uploads(user: User, folder: str | os.PathLike) -> list[Path]:
    """The files of the user's uploads awaiting confirmation (read before the rows go)."""
    names = db.session.scalars(
        select(PendingImport.stored_as).where(PendingImport.user_id == user.id)
    )
    return [Path(folder) / name for name in names if name and "/" not in name]


def forget_deleted(files: list[Path]) -> None:
    """After a deletion is committed: remove its upload files, and on SQLite copy the WAL into
    the database and empty it, so no page of the deleted rows stays behind in the WAL
    (secure_delete, set on every connection, zeroes them in the database file)."""
    for path in files:
        path.unlink(missing_ok=True)
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        db.session.commit()
