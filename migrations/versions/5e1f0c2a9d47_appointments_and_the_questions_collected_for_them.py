"""Appointments (date, optional time, kind, provider, notes) and the questions collected for them

Revision ID: 5e1f0c2a9d47
Revises: 8314acbc0b7a
Create Date: 2026-12-02 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5e1f0c2a9d47'
down_revision = '8314acbc0b7a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('appointments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tz', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('provider', sa.String(length=100), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('request_key', sa.String(length=64), nullable=True),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_appointments_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointments')),
    sa.UniqueConstraint('request_key', name=op.f('uq_appointments_request_key'))
    )
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appointments_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_appointments_user_id'), ['user_id'], unique=False)

    op.create_table('appointment_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('asked_on', sa.Date(), nullable=True),
    sa.Column('appointment_id', sa.Integer(), nullable=True),
    sa.Column('answer', sa.String(length=1000), nullable=True),
    sa.Column('request_key', sa.String(length=64), nullable=True),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointments.id'], name=op.f('fk_appointment_questions_appointment_id_appointments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_appointment_questions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointment_questions')),
    sa.UniqueConstraint('request_key', name=op.f('uq_appointment_questions_request_key'))
    )
    with op.batch_alter_table('appointment_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appointment_questions_appointment_id'), ['appointment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_appointment_questions_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_appointment_questions_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('appointment_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appointment_questions_user_id'))
        batch_op.drop_index(batch_op.f('ix_appointment_questions_day'))
        batch_op.drop_index(batch_op.f('ix_appointment_questions_appointment_id'))

    op.drop_table('appointment_questions')
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appointments_user_id'))
        batch_op.drop_index(batch_op.f('ix_appointments_day'))

    op.drop_table('appointments')
