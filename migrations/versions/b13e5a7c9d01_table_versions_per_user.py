"""Per-user versions of each table: the parts of Today that a save did not touch are reused

Revision ID: b13e5a7c9d01
Revises: e7a1c3b5d9f2
Create Date: 2026-12-07 13:50:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "b13e5a7c9d01"
down_revision = "e7a1c3b5d9f2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "table_versions",
        sa.Column(
            "user_id",
            sa.Integer(),
            sa.ForeignKey("users.id", name="fk_table_versions_user_id_users", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("user_id", "table_name", name="pk_table_versions"),
    )


def downgrade():
    op.drop_table("table_versions")
