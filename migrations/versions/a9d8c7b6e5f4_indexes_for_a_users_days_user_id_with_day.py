"""Indexes for reading a user's few days: (user_id, day) on journal entries, (user_id, scheduled_date) and (user_id, taken_at) on doses

Revision ID: a9d8c7b6e5f4
Revises: f3c5e7a9b1d4
Create Date: 2026-12-01 10:00:00.000000

"""

from alembic import op


revision = "a9d8c7b6e5f4"
down_revision = "f3c5e7a9b1d4"
branch_labels = None
depends_on = None

# Journal tables without their own (user_id, day) key; sleep_entries has a unique one.
JOURNAL = (
    "activity_entries",
    "practice_entries",
    "substance_entries",
    "mood_checkins",
    "questionnaire_responses",
    "naps",
    "symptom_entries",
    "therapy_sessions",
)
DOSES = (
    ("ix_dose_events_user_id_scheduled_date", ["user_id", "scheduled_date"]),
    ("ix_dose_events_user_id_taken_at", ["user_id", "taken_at"]),
)


def upgrade():
    for table in JOURNAL:
        op.create_index(f"ix_{table}_user_id_day", table, ["user_id", "day"], unique=False)
    for name, columns in DOSES:
        op.create_index(name, "dose_events", columns, unique=False)


def downgrade():
    for name, _columns in reversed(DOSES):
        op.drop_index(name, table_name="dose_events")
    for table in reversed(JOURNAL):
        op.drop_index(f"ix_{table}_user_id_day", table_name=table)
