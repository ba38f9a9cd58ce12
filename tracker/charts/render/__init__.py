"""Drawing the charts: each `render_*` returns PNG or SVG bytes; each `*_figure` builds the
Figure it serialises (for tests and for callers that want to add to it).

One module per chart family; base.py holds what they share.
"""

from tracker.charts.render.base import FORMATS, to_bytes
from tracker.charts.render.doses import (
    adherence_figure,
    doses_figure,
    render_adherence,
    render_doses,
)
from tracker.charts.render.mood import (
    mood_figure,
    render_mood,
    render_side_effects,
    side_effects_figure,
)
from tracker.charts.render.overview import overview_figure, render_overview
from tracker.charts.render.questionnaires import questionnaires_figure, render_questionnaires
from tracker.charts.render.sleep import render_sleep, sleep_figure
from tracker.charts.render.vitals import render_vitals, vitals_figure
from tracker.charts.render.wellness import (
    activity_figure,
    render_activity,
    render_therapy,
    therapy_figure,
)

__all__ = [
    "FORMATS",
    "activity_figure",
    "adherence_figure",
    "doses_figure",
    "mood_figure",
    "overview_figure",
    "questionnaires_figure",
    "render_activity",
    "render_adherence",
    "render_doses",
    "render_mood",
    "render_overview",
    "render_questionnaires",
    "render_side_effects",
    "render_sleep",
    "render_therapy",
    "render_vitals",
    "side_effects_figure",
    "sleep_figure",
    "therapy_figure",
    "to_bytes",
    "vitals_figure",
]
