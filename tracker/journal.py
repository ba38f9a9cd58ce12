"""Columns every journal entry shares: owner, the instant, the zone and the local day."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from tracker.database import UTCDateTime


class JournalEntry:
    """Mixin: an entry at an instant, filed under the user's local day at that instant."""

    id: Mapped[int] = mapped_column(primary_key=True)

    @declared_attr
    def user_id(cls) -> Mapped[int]:  # noqa: N805
        return mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The IANA zone the user was in, and the local date the entry belongs to.
    tz: Mapped[str] = mapped_column(String(64))
    day: Mapped[date] = mapped_column(Date, index=True)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    row_version: Mapped[int] = mapped_column(Integer, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:  # noqa: N805
        return {"version_id_col": cls.__table__.c.row_version}
