"""Mood check-ins as a journal kind."""

from __future__ import annotations

from tracker.checkins import panel, reading, services
from tracker.checkins.models import MoodCheckin
from tracker.kind import JournalKind, TodayPanel

KIND = JournalKind(
    key="checkins",
    label="Mood",
    models=(MoodCheckin,),
    timeline=services.timeline_items,
    panel=TodayPanel(
        panel.today_panel,
        panel.TABLES,
        template="checkins/_today.html",
        position=10,
        progress="mood",
        in_checkin=True,
    ),
    read=reading.read,
)
