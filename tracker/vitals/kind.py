"""Vitals (weight, blood pressure with pulse, resting heart rate) as a journal kind."""

from __future__ import annotations

from tracker.kind import ChartKind, JournalKind, TodayPanel
from tracker.vitals import api, codec, demo, fhir, panel, reading, report, series, services, views
from tracker.vitals.models import VitalSign

KIND = JournalKind(
    key="vitals",
    label="Vitals",
    models=(VitalSign,),
    timeline=services.timeline_items,
    # One line at the foot of Today, with links to log vitals and lab results.
    panel=TodayPanel(panel.today_panel, panel.TABLES, template="vitals/_today.html", position=80),
    tables=codec.TABLES,
    loaders=codec.LOADERS,
    profile=codec.PROFILE,
    demo=demo.add_demo,
    fhir=fhir.add_to_bundle,
    api=api.API,
    read=reading.read,
    blueprint=views.bp,
    charts=(
        ChartKind(
            "vitals",
            "Weight and blood pressure",
            series.vitals_series,
            "render_vitals",
            series.describe_vitals,
            series.vitals_table,
            kinds=("vitals",),
            aspect=(1.55, 0.7),
        ),
    ),
    report=report.report_section,
)
