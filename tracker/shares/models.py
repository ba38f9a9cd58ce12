"""Share links to one report and every time one was opened."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.database import UTCDateTime
from tracker.extensions import db


class ShareLink(db.Model):
    """A read-only link to the report over [first, last], fixed when it was made.

    Only a SHA-256 of the link's token is kept: the raw token is shown once, in the address,
    right after creation. The PIN is an argon2 hash, like passwords.
    """

    user_data = False  # not part of the user's data: see tracker/dataversion.py

    __tablename__ = "share_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100))
    first: Mapped[date] = mapped_column(Date)
    last: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    pin_hash: Mapped[str | None] = mapped_column(String(255))
    # Wrong PINs in a row (back to 0 after a right PIN or a lock) and over the link's life.
    pin_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    pin_failures_total: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    request_key: Mapped[str | None] = mapped_column(String(64), unique=True)

    views: Mapped[list[ShareView]] = relationship(
        back_populates="link",
        order_by="ShareView.at.desc()",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def has_pin(self) -> bool:
        return self.pin_hash is not None


class ShareView(db.Model):
    """One opening of a share link. The viewer's IP address and browser are not stored."""

    user_data = False  # not part of the user's data: see tracker/dataversion.py

    __tablename__ = "share_views"

    id: Mapped[int] = mapped_column(primary_key=True)
    share_id: Mapped[int] = mapped_column(
        ForeignKey("share_links.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    # None: the link has no PIN and the report was shown; True/False: a PIN was entered.
    pin_ok: Mapped[bool | None] = mapped_column(Boolean)

    link: Mapped[ShareLink] = relationship(back_populates="views")
