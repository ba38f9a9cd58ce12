"""Import batches (what one confirmed import added), the rows each added, and uploads waiting
for the user to confirm their preview."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.database import UTCDateTime
from tracker.extensions import db


class ImportBatch(db.Model):
    """One confirmed import: its source, file name, what it added; undone as a whole."""

    user_data = False  # bookkeeping: the rows it added are the user's data

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500))
    added: Mapped[int] = mapped_column(Integer)
    skipped: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ImportedRecord(db.Model):
    """A row an import added, under the key of the observation in its source app: the same
    observation in a later file is skipped, and undoing the batch deletes the row."""

    user_data = False

    __tablename__ = "imported_records"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    batch_id: Mapped[int] = mapped_column(
        ForeignKey("import_batches.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(200))
    table: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[int] = mapped_column(Integer)


class PendingImport(db.Model):
    """An uploaded file kept (in the instance folder) from its upload until it is imported."""

    user_data = False

    __tablename__ = "pending_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(200))
    stored_as: Mapped[str] = mapped_column(String(64))  # a random file name in the import folder
    size: Mapped[int] = mapped_column(Integer)
    mapping: Mapped[str] = mapped_column(Text, default="{}")  # the user's choices, as JSON
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The job reading or importing it now (or last), and the preview it stored: computed once
    # by a job, shown on every visit without reading the file again.
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    preview: Mapped[str | None] = mapped_column(Text)
