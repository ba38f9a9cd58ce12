"""Side effects as a journal kind."""

from __future__ import annotations

from tracker.kind import JournalKind, TodayPanel
from tracker.symptoms import panel, reading, services
from tracker.symptoms.models import Symptom, SymptomEntry

KIND = JournalKind(
    key="symptoms",
    label="Side effects",
    models=(
        Symptom,
        SymptomEntry,
    ),
    timeline=services.timeline_items,
    panel=TodayPanel(
        panel.today_panel,
        panel.TABLES,
        template="symptoms/_today.html",
        position=30,
        progress="side effects",
        in_checkin=True,
    ),
    read=reading.read,
)
