"""The sleep diary and naps as a journal kind."""

from __future__ import annotations

from tracker.kind import JournalKind, TodayPanel
from tracker.sleep import panel, reading, services
from tracker.sleep.models import Nap, SleepEntry

KIND = JournalKind(
    key="sleep",
    label="Sleep",
    models=(
        SleepEntry,
        Nap,
    ),
    timeline=services.timeline_items,
    panel=TodayPanel(
        panel.today_panel,
        panel.TABLES,
        template="sleep/_today.html",
        position=20,
        progress="last night",
        in_checkin=True,
    ),
    read=reading.read,
)
