"""Own practices: the user's own wellness practices (prayer, bodywork, ...) with a name, minutes
or yes/no, an optional hint and whether they show on Today; a practice entry names a catalog
practice or one of these (practice becomes nullable, own_practice_id points at the own one
without ON DELETE, so a practice with entries cannot be deleted from under them)

Revision ID: f0d47d9cc6f2
Revises: a4c8e2f6b0d1
Create Date: 2026-12-07 22:08:38.057577

"""

from alembic import op
import sqlalchemy as sa


revision = "f0d47d9cc6f2"
down_revision = "a4c8e2f6b0d1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "own_practices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("hint", sa.String(length=200), nullable=True),
        sa.Column("followed", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_own_practices_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_own_practices")),
        sa.UniqueConstraint("user_id", "name", name=op.f("uq_own_practices_user_id_name")),
    )
    with op.batch_alter_table("own_practices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_own_practices_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("practice_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("own_practice_id", sa.Integer(), nullable=True))
        batch_op.alter_column("practice", existing_type=sa.String(length=20), nullable=True)
        batch_op.create_index(
            batch_op.f("ix_practice_entries_own_practice_id"), ["own_practice_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_practice_entries_own_practice_id_own_practices"),
            "own_practices",
            ["own_practice_id"],
            ["id"],
        )


def downgrade():
    # The entries of own practices have no catalog key to fall back on: going back drops them.
    op.execute("DELETE FROM practice_entries WHERE own_practice_id IS NOT NULL")
    with op.batch_alter_table("practice_entries", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_practice_entries_own_practice_id_own_practices"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_practice_entries_own_practice_id"))
        batch_op.alter_column("practice", existing_type=sa.String(length=20), nullable=False)
        batch_op.drop_column("own_practice_id")

    with op.batch_alter_table("own_practices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_own_practices_user_id"))

    op.drop_table("own_practices")
