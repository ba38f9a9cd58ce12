"""Doses and the medication plan as a journal kind (the doses part of Today)."""

from __future__ import annotations

from tracker.api import doses as doses_api
from tracker.api import medications as medications_api
from tracker.api import supply as supply_api
from tracker.api.crud import joined
from tracker.kind import JournalKind, TodayPanel
from tracker.medications import codec, fhir, history, loaders, panel, reading, views
from tracker.medications.models import (
    DoseEvent,
    Medication,
    MedicationSupply,
    ScheduleDose,
    ScheduleVersion,
    SupplyEvent,
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
        MedicationSupply,
        SupplyEvent,
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
    tables=codec.TABLES,
    loaders=loaders.LOADERS,
    checks=loaders.CHECKS,
    fhir=fhir.add_to_bundle,
    api=joined(medications_api.API, doses_api.API, supply_api.API),
    read=reading.read,
    blueprint=views.bp,
    pages_label="Medications",
)
