"""Data version on users: it moves on every change to the user's data, keying chart caches

Revision ID: 8314acbc0b7a
Revises: b2050c643b1c
Create Date: 2026-12-01 06:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '8314acbc0b7a'
down_revision = 'b2050c643b1c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('data_version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('data_version')
