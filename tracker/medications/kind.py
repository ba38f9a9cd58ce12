"""Doses and the medication plan as a journal kind (the doses part of Today)."""

from __future__ import annotations

from tracker.kind import JournalKind, TodayPanel
from tracker.medications import history, panel, reading
from tracker.medications.models import (
    DoseEvent,
    Medication,
    ScheduleDose,
    ScheduleVersion,
    TaperPlan,
)

KIND = JournalKind(
    key="doses",
    label="Doses",
    models=(
        Medication,
        TaperPlan,
        ScheduleVersion,
        ScheduleDose,
        DoseEvent,
    ),
    timeline=history.timeline_items,
    panel=TodayPanel(
        panel.today_panel,
        panel.TABLES,
        template="today/_doses.html",
        position=0,
        progress="doses",
        by_minute=True,
    ),
    read=reading.read,
)
