"""PHQ-9, GAD-7 and FIBSER answers as a journal kind."""

from __future__ import annotations

from tracker.api import questionnaires as questionnaires_api
from tracker.kind import JournalKind, TodayPanel
from tracker.questionnaires import codec, fhir, panel, reading, services, views
from tracker.questionnaires.models import QuestionnaireResponse

KIND = JournalKind(
    key="questionnaires",
    label="Questionnaires",
    models=(QuestionnaireResponse,),
    timeline=services.timeline_items,
    panel=TodayPanel(
        panel.today_panel,
        panel.TABLES,
        template="questionnaires/_today.html",
        position=60,
    ),
    tables=codec.TABLES,
    loaders=codec.LOADERS,
    profile=codec.PROFILE,
    fhir=fhir.add_to_bundle,
    api=questionnaires_api.API,
    read=reading.read,
    blueprint=views.bp,
)
