"""The vitals section of the prescriber report: each measure's latest value in the range and
its change since the first, stated as data (tracker/kind.py ReportSection)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.charts.series import Frame
from tracker.kind import ReportLine, ReportSection
from tracker.vitals.series import measure_text, measures, vitals_series

if TYPE_CHECKING:  # the snapshot imports the registry, which imports this kind
    from tracker.snapshot import Snapshot

NOTE = (
    "Each measure's latest value in the range, and its change from the first value in the "
    "range; blood pressure as systolic/diastolic, the pulse taken with it."
)


def report_section(snap: Snapshot) -> ReportSection | None:
    """ "Weight 82.4 kg on 3 Nov; +5.1 kg since 71.3 kg on 2 Sep (9 measurements)", per
    measure with a value in the range; None when the range has none."""
    series = vitals_series(snap)
    found = measures(series, Frame(snap.first, snap.last))
    if not found:
        return None
    lines = tuple(ReportLine(m.label, measure_text(m, snap.last) + ".") for m in found)
    return ReportSection("vitals", "Vitals", lines, NOTE)
