"""Sessions end when idle or at an absolute time, and note when the password was last typed; password attempts are counted on the user's row

Revision ID: c5d7e9f1a3b5
Revises: b13e5a7c9d01
Create Date: 2026-12-07 13:40:00.000000

"""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "c5d7e9f1a3b5"
down_revision = "b13e5a7c9d01"
branch_labels = None
depends_on = None

# Sessions made before this revision lasted 30 days from login; they keep that end. Their
# last request is unknown: they count as seen now, so nobody is logged out by the upgrade.
OLD_LIFETIME = timedelta(days=30)

user_sessions = sa.table(
    "user_sessions",
    sa.column("id", sa.Integer()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("last_seen_at", sa.DateTime(timezone=True)),
    sa.column("expires_at", sa.DateTime(timezone=True)),
    sa.column("remember", sa.Boolean()),
    sa.column("password_at", sa.DateTime(timezone=True)),
)


def _utc(value):
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("login_attempts", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("login_attempts_since", sa.DateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("remember", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("password_at", sa.DateTime(timezone=True), nullable=True))

    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    now = datetime.now(UTC)
    for row in conn.execute(sa.select(user_sessions.c.id, user_sessions.c.created_at)).all():
        created = _utc(row.created_at)
        values = {
            "last_seen_at": now,
            "expires_at": created + OLD_LIFETIME,
            "password_at": created,
            "remember": True,
        }
        if sqlite:  # the app's UTCDateTime stores naive UTC text on SQLite
            values = {
                k: v.replace(tzinfo=None) if isinstance(v, datetime) else v
                for k, v in values.items()
            }
        conn.execute(sa.update(user_sessions).where(user_sessions.c.id == row.id).values(**values))

    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.alter_column("last_seen_at", nullable=False)
        batch_op.alter_column("expires_at", nullable=False)
        batch_op.alter_column("password_at", nullable=False)


def downgrade():
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.drop_column("password_at")
        batch_op.drop_column("remember")
        batch_op.drop_column("expires_at")
        batch_op.drop_column("last_seen_at")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("login_attempts_since")
        batch_op.drop_column("login_attempts")
