"""Mood check-ins as a journal kind."""

from __future__ import annotations

from tracker.api import checkins as checkins_api
from tracker.checkins import codec, fhir, panel, reading, services, views
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
    tables=codec.TABLES,
    loaders=codec.LOADERS,
    profile=codec.PROFILE,
    fhir=fhir.add_to_bundle,
    api=checkins_api.API,
    read=reading.read,
    blueprint=views.bp,
)
