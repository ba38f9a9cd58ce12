"""Rate-limit counters shared by every server process (one row per key and fixed window)

Revision ID: f3c5e7a9b1d4
Revises: d2e4f6a8b0c1
Create Date: 2026-12-01 09:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = "f3c5e7a9b1d4"
down_revision = "d2e4f6a8b0c1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rate_counters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('window_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('hits', sa.Integer(), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rate_counters')),
    sa.UniqueConstraint('key', 'window_start', name=op.f('uq_rate_counters_key_window_start'))
    )
    with op.batch_alter_table('rate_counters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rate_counters_expires_at'), ['expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('rate_counters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_counters_expires_at'))

    op.drop_table('rate_counters')
