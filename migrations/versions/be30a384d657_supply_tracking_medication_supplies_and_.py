"""Supply tracking per medication: medication_supplies (what one unit is, the warning days)
and supply_events (refills and counts); the level is computed from them and the taken doses

Revision ID: be30a384d657
Revises: f0d47d9cc6f2
Create Date: 2026-12-07 22:11:15.865468

"""

from alembic import op
import sqlalchemy as sa


revision = "be30a384d657"
down_revision = "f0d47d9cc6f2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "medication_supplies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("medication_id", sa.Integer(), nullable=False),
        sa.Column("unit_kind", sa.String(length=20), nullable=False),
        sa.Column("unit_size", sa.Float(), nullable=False),
        sa.Column("size_unit", sa.String(length=10), nullable=False),
        sa.Column("warn_days", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["medication_id"],
            ["medications.id"],
            name=op.f("fk_medication_supplies_medication_id_medications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_medication_supplies_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_medication_supplies")),
        sa.UniqueConstraint("medication_id", name=op.f("uq_medication_supplies_medication_id")),
    )
    with op.batch_alter_table("medication_supplies", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_medication_supplies_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "supply_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("medication_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column("units", sa.Float(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("request_key", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["medication_id"],
            ["medications.id"],
            name=op.f("fk_supply_events_medication_id_medications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_supply_events_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supply_events")),
        sa.UniqueConstraint(
            "user_id", "request_key", name=op.f("uq_supply_events_user_id_request_key")
        ),
    )
    with op.batch_alter_table("supply_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_supply_events_medication_id_at", ["medication_id", "at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_supply_events_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("supply_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supply_events_user_id"))
        batch_op.drop_index("ix_supply_events_medication_id_at")
    op.drop_table("supply_events")
    with op.batch_alter_table("medication_supplies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_medication_supplies_user_id"))
    op.drop_table("medication_supplies")
