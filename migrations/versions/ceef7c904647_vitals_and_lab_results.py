"""Vitals (weight as entered in kg or lb, blood pressure with pulse, resting heart rate) and lab
results (value, unit, the lab's own range, the last dose before the draw), and the user's weight
unit (kg by default)

Revision ID: ceef7c904647
Revises: 8b79d26a6941
Create Date: 2026-12-07 19:16:50.338696

"""

from alembic import op
import sqlalchemy as sa


revision = "ceef7c904647"
down_revision = "8b79d26a6941"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "lab_results",
        sa.Column("test", sa.String(length=30), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=30), nullable=False),
        sa.Column("ref_low", sa.Float(), nullable=True),
        sa.Column("ref_high", sa.Float(), nullable=True),
        sa.Column("last_dose_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("request_key", sa.String(length=64), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_lab_results_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lab_results")),
        sa.UniqueConstraint("request_key", name=op.f("uq_lab_results_request_key")),
    )
    with op.batch_alter_table("lab_results", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lab_results_day"), ["day"], unique=False)
        batch_op.create_index(batch_op.f("ix_lab_results_user_id"), ["user_id"], unique=False)
        batch_op.create_index("ix_lab_results_user_id_day", ["user_id", "day"], unique=False)

    op.create_table(
        "vital_signs",
        sa.Column("weight", sa.Float(), nullable=True),
        sa.Column("weight_unit", sa.String(length=2), nullable=True),
        sa.Column("systolic", sa.Integer(), nullable=True),
        sa.Column("diastolic", sa.Integer(), nullable=True),
        sa.Column("pulse", sa.Integer(), nullable=True),
        sa.Column("heart_rate", sa.Integer(), nullable=True),
        sa.Column("request_key", sa.String(length=64), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_vital_signs_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vital_signs")),
        sa.UniqueConstraint("request_key", name=op.f("uq_vital_signs_request_key")),
    )
    with op.batch_alter_table("vital_signs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vital_signs_day"), ["day"], unique=False)
        batch_op.create_index(batch_op.f("ix_vital_signs_user_id"), ["user_id"], unique=False)
        batch_op.create_index("ix_vital_signs_user_id_day", ["user_id", "day"], unique=False)

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("weight_unit", sa.String(length=2), server_default="kg", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("weight_unit")

    with op.batch_alter_table("vital_signs", schema=None) as batch_op:
        batch_op.drop_index("ix_vital_signs_user_id_day")
        batch_op.drop_index(batch_op.f("ix_vital_signs_user_id"))
        batch_op.drop_index(batch_op.f("ix_vital_signs_day"))

    op.drop_table("vital_signs")
    with op.batch_alter_table("lab_results", schema=None) as batch_op:
        batch_op.drop_index("ix_lab_results_user_id_day")
        batch_op.drop_index(batch_op.f("ix_lab_results_user_id"))
        batch_op.drop_index(batch_op.f("ix_lab_results_day"))

    op.drop_table("lab_results")
