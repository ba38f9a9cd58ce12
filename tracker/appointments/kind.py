"""Appointments and the questions for them as a journal kind."""

from __future__ import annotations

from tracker.api import appointments as appointments_api
from tracker.appointments import codec, panel, reading, services, views
from tracker.appointments.models import Appointment, Question
from tracker.kind import JournalKind, TodayPanel

KIND = JournalKind(
    key="appointments",
    label="Appointments and questions",
    models=(
        Appointment,
        Question,
    ),
    timeline=services.timeline_items,
    panel=TodayPanel(
        panel.today_panel,
        panel.TABLES,
        template="appointments/_today.html",
        position=70,
    ),
    tables=codec.TABLES,
    loaders=codec.LOADERS,
    api=appointments_api.API,
    read=reading.read,
    blueprint=views.bp,
    pages_label="Appointments",
)
