"""Import batches, the rows each added (keyed by their source observation), and uploads awaiting confirmation

Revision ID: c4f8a2d6e913
Revises: b81d4e6f2a10
Create Date: 2026-12-01 09:00:00

"""

from alembic import op
import sqlalchemy as sa


revision = "c4f8a2d6e913"
down_revision = "b81d4e6f2a10"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_import_batches_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
    )
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_batches_user_id"), ["user_id"], unique=False)

    op.create_table(
        "imported_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("table", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_imported_records_batch_id_import_batches"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_imported_records_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_records")),
        sa.UniqueConstraint("user_id", "key", name=op.f("uq_imported_records_user_id_key")),
    )
    with op.batch_alter_table("imported_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_imported_records_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_imported_records_user_id"), ["user_id"], unique=False)

    op.create_table(
        "pending_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("stored_as", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("mapping", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_pending_imports_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_imports")),
    )
    with op.batch_alter_table("pending_imports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pending_imports_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("pending_imports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_imports_user_id"))
    op.drop_table("pending_imports")
    with op.batch_alter_table("imported_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_imported_records_user_id"))
        batch_op.drop_index(batch_op.f("ix_imported_records_batch_id"))
    op.drop_table("imported_records")
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_batches_user_id"))
    op.drop_table("import_batches")
