"""Sleep nights without a quality rating (quality nullable) or known only by their length (times_known)

Revision ID: b81d4e6f2a10
Revises: a7c3e91d5b20
Create Date: 2026-12-01 08:30:00

"""

from alembic import op
import sqlalchemy as sa


revision = "b81d4e6f2a10"
down_revision = "a7c3e91d5b20"
branch_labels = None
depends_on = None


def upgrade():
    # Every night logged so far came from the diary form, with its four times: true for all.
    with op.batch_alter_table("sleep_entries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("times_known", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.alter_column("quality", existing_type=sa.Integer(), nullable=True)


def downgrade():
    # The old schema can hold neither an unrated night nor one without times: making up a
    # rating or passing placed times off as real would change the user's diary, so refuse and
    # let the pre-migration backup be restored instead.
    entries = sa.table(
        "sleep_entries",
        sa.column("quality", sa.Integer()),
        sa.column("times_known", sa.Boolean()),
    )
    kept = op.get_bind().scalar(
        sa.select(sa.func.count())
        .select_from(entries)
        .where(sa.or_(entries.c.quality.is_(None), sa.not_(entries.c.times_known)))
    )
    if kept:
        raise RuntimeError(
            f"Sleep nights without a quality rating or without bed and wake times: {kept}. "
            "The previous schema cannot hold them; restore the backup taken before the upgrade."
        )
    with op.batch_alter_table("sleep_entries", schema=None) as batch_op:
        batch_op.alter_column("quality", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("times_known")
