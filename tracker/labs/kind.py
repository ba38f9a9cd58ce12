"""Lab results (drug levels and monitoring labs, with the lab's own range) as a journal kind.

No Today panel of its own: the vitals line links to adding a result (labs are occasional).
"""

from __future__ import annotations

from tracker.kind import JournalKind
from tracker.labs import api, codec, demo, fhir, reading, report, services, views
from tracker.labs.models import LabResult

KIND = JournalKind(
    key="labs",
    label="Lab results",
    models=(LabResult,),
    timeline=services.timeline_items,
    tables=codec.TABLES,
    loaders=codec.LOADERS,
    demo=demo.add_demo,
    fhir=fhir.add_to_bundle,
    api=api.API,
    read=reading.read,
    blueprint=views.bp,
    report=report.report_section,
)
