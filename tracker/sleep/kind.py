"""The sleep diary and naps as a journal kind."""

from __future__ import annotations

from tracker.api import sleep as sleep_api
from tracker.kind import JournalKind, TodayPanel
from tracker.sleep import codec, fhir, panel, reading, services, views
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
    tables=codec.TABLES,
    loaders=codec.LOADERS,
    fhir=fhir.add_to_bundle,
    api=sleep_api.API,
    read=reading.read,
    blueprint=views.bp,
)
