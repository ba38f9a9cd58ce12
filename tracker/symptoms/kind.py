"""Side effects as a journal kind."""

from __future__ import annotations

from tracker.api import symptoms as symptoms_api
from tracker.kind import JournalKind, TodayPanel
from tracker.symptoms import codec, fhir, panel, reading, services, views
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
    tables=codec.TABLES,
    loaders=codec.LOADERS,
    fhir=fhir.add_to_bundle,
    api=symptoms_api.API,
    read=reading.read,
    blueprint=views.bp,
)
