"""Therapy sessions and their homework as a journal kind."""

from __future__ import annotations

from tracker.api import therapy as therapy_api
from tracker.kind import JournalKind, TodayPanel
from tracker.therapy import codec, panel, reading, services, views
from tracker.therapy.models import TherapySession

KIND = JournalKind(
    key="therapy",
    label="Therapy",
    models=(TherapySession,),
    timeline=services.timeline_items,
    panel=TodayPanel(
        panel.today_panel,
        panel.TABLES,
        template="therapy/_today.html",
        position=50,
    ),
    tables=codec.TABLES,
    loaders=codec.LOADERS,
    api=therapy_api.API,
    read=reading.read,
    blueprint=views.bp,
)
