"""The user's clock: times shown as 24-hour (13:30) or 12-hour (1:30 PM)

Revision ID: d7e1c0c4a2b3
Revises: c5d7e9f1a3b5
Create Date: 2026-12-07 14:25:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "d7e1c0c4a2b3"
down_revision = "c5d7e9f1a3b5"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("clock", sa.String(length=2), nullable=False, server_default="24")
        )


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("clock")
