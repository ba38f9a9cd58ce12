"""Activity, wellness practices, caffeine and alcohol as a journal kind."""

from __future__ import annotations

from tracker.activity import codec, demo, fhir, panel, reading, services, views
from tracker.activity.models import ActivityEntry, OwnPractice, PracticeEntry, SubstanceEntry
from tracker.api import activity as activity_api
from tracker.kind import JournalKind, TodayPanel

KIND = JournalKind(
    key="activity",
    label="Activity, practices, caffeine, alcohol",
    models=(
        ActivityEntry,
        OwnPractice,
        PracticeEntry,
        SubstanceEntry,
    ),
    timeline=services.timeline_items,
    panel=TodayPanel(
        panel.today_panel,
        panel.TABLES,
        template="activity/_today.html",
        position=40,
    ),
    tables=codec.TABLES,
    loaders=codec.LOADERS,
    profile=codec.PROFILE,
    fhir=fhir.add_to_bundle,
    api=activity_api.API,
    read=reading.read,
    demo=demo.add_demo,
    blueprint=views.bp,
    pages_label="Activity",
)
