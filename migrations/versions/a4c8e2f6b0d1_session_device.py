"""A session's device in a few words ("Firefox on Android"), for Settings → Sessions

Revision ID: a4c8e2f6b0d1
Revises: a31cadd0cb91
Create Date: 2026-12-07 23:10:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "a4c8e2f6b0d1"
down_revision = "a31cadd0cb91"
branch_labels = None
depends_on = None


def upgrade():
    # Sessions opened before this show as "Unknown device" until they end.
    with op.batch_alter_table("user_sessions") as batch:
        batch.add_column(sa.Column("device", sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table("user_sessions") as batch:
        batch.drop_column("device")
