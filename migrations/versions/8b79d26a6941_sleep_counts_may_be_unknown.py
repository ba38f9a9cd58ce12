"""Sleep nights whose minutes to fall asleep, awakenings or minutes awake were not recorded (nullable)

Revision ID: 8b79d26a6941
Revises: d7e1c0c4a2b3
Create Date: 2026-12-07 16:55:00

"""

import sqlalchemy as sa
from alembic import op

revision = "8b79d26a6941"
down_revision = "d7e1c0c4a2b3"
branch_labels = None
depends_on = None

COUNTS = ("sol_minutes", "awakenings", "waso_minutes")


def upgrade():
    # The Today diary no longer asks for the counts: left empty they are unknown (NULL), never
    # a 0 nobody gave (a 0 for minutes to fall asleep would raise the sleep efficiency).
    with op.batch_alter_table("sleep_entries") as batch:
        for name in COUNTS:
            batch.alter_column(name, existing_type=sa.Integer(), nullable=True)


def downgrade():
    # The old schema cannot hold an unknown count, and a 0 would be a clinical falsehood: refuse
    # and let the pre-migration backup be restored instead.
    entries = sa.table("sleep_entries", *(sa.column(name, sa.Integer()) for name in COUNTS))
    unknown = op.get_bind().scalar(
        sa.select(sa.func.count())
        .select_from(entries)
        .where(sa.or_(*(entries.c[name].is_(None) for name in COUNTS)))
    )
    if unknown:
        raise RuntimeError(
            f"Sleep nights without minutes to fall asleep, awakenings or minutes awake: {unknown}. "
            "The previous schema cannot hold them; restore the backup taken before the upgrade."
        )
    with op.batch_alter_table("sleep_entries") as batch:
        for name in COUNTS:
            batch.alter_column(name, existing_type=sa.Integer(), nullable=False)
