"""Numbers in the report's words, shared by the HTML page and the PDF (no Flask)."""

from __future__ import annotations

from collections.abc import Sequence

from tracker.reports.model import (  # noqa: F401 - MARK, CLOSING, NO_ITEM9 for the templates
    CLOSING,
    MARK,
    NO_ITEM9,
    ActivitySummary,
    AsNeededRow,
    Burden,
    Header,
    PracticeRow,
    RegimenRow,
    ScoreRow,
    SideEffectRow,
    SleepSummary,
    TherapySummary,
)


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


def minutes(value: float | None) -> str:
    """412 -> '6 h 52 min'; 24 -> '24 min'."""
    if value is None:
        return "–"
    total = round(value)
    hours, mins = divmod(total, 60)
    return f"{hours} h {mins:02d} min" if hours else f"{mins} min"


def doses(n: int) -> str:
    return f"{n} dose" if n == 1 else f"{n} doses"


def days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def amount(value: float, unit: str) -> str:
    return f"{value:g} {unit}"


def completeness(h: Header) -> str:
    doses = (
        f"{pct(h.doses_pct)} of {h.doses_due} scheduled doses with a status recorded"
        if h.doses_due
        else "no scheduled doses"
    )
    return (
        f"{pct(h.checkin_pct)} of days with a mood check-in ({h.checkin_days} of {h.days}); {doses}"
    )


def change(row: RegimenRow) -> str:
    if row.stopped:
        reason = f" ({row.stop_reason})" if row.stop_reason else ""
        return f"Stopped {row.stopped.isoformat()}{reason}"
    if row.last_change is None:
        return "No change since the start"
    return f"{row.last_change.isoformat()}: {row.change}"


def as_needed(row: AsNeededRow) -> str:
    most = amount(row.highest_24h, row.unit)
    text = f"{row.doses} doses, {row.per_week:.1f} a week; most in 24 h {most}"
    if row.max_per_24h:
        text += f" of max {amount(row.max_per_24h, row.unit)}"
        if row.over_limit:
            text += f"; {row.over_limit} saved with a limit warning (max or interval exceeded)"
        elif row.near_limit:
            text += f"; {row.near_limit} brought the 24 h total to 75% of the max or more"
        else:
            text += "; the max was not approached"
    return text


def since_change(row: SideEffectRow) -> str:
    if row.onset is None:
        return "no onset found in the range"
    days = ", ".join(f"{name} {n} d" for name, n in row.since_change)
    return days or "no dose change before it"


def severity(row: SideEffectRow) -> str:
    return "–" if row.current is None else f"{row.current:.1f} of 10"


def score(row: ScoreRow, max_total: int) -> str:
    marks = f", {' and '.join(row.marks)}" if row.marks else ""
    band = f" {row.band}" if row.band else ""
    return f"{row.total}/{max_total}{band}{marks}"


def nights(n: int) -> str:
    return f"{n} night" if n == 1 else f"{n} nights"


def sleep(s: SleepSummary) -> str:
    """Total sleep over every night; the rest over the nights that have it, with their count."""
    if not s.nights:
        return "No nights logged in the range."
    text = f"{nights(s.nights)} logged. Mean total sleep {minutes(s.tst_minutes)}"
    if s.timed:
        over = "" if s.timed == s.nights else f" (over the {nights(s.timed)} with bed times)"
        text += (
            f"; time to fall asleep (SOL) {minutes(s.sol_minutes)}, awake after sleep onset "
            f"(WASO) {minutes(s.waso_minutes)}, sleep efficiency {pct(s.efficiency)}{over}"
        )
    else:
        text += "; bed times not recorded, so no SOL, WASO or efficiency"
    if s.quality is not None:
        text += (
            f"; quality {s.quality:.1f} of 5 (1 = very poor, 5 = very good) over "
            f"{nights(s.rated)} rated"
        )
    else:
        text += "; quality not rated"
    return text + "."


def activity(a: ActivitySummary) -> str:
    return f"{a.minutes_per_week:.0f} minutes a week on average; active on {a.active_days} days."


def therapy(t: TherapySummary) -> str:
    if not t.sessions:
        return "No therapy sessions logged in the range."
    kinds = ", ".join(f"{label} {n}" for label, n in t.by_modality)
    homework = (
        f"homework set in {t.homework_given}, done in {t.homework_done}"
        if t.homework_given
        else "no homework set"
    )
    return f"{t.sessions} sessions ({kinds}); {homework}."


def practices(rows: Sequence[PracticeRow]) -> str:
    return (
        "; ".join(
            f"{p.label} on {p.days} days" + (f", {p.minutes} min" if p.minutes is not None else "")
            for p in rows
        )
        or "none logged"
    )


def burden(rows: Sequence[Burden]) -> str:
    if not rows:
        return "FIBSER: none in the range."
    latest = rows[-1]
    every = ", ".join(f"{b.day.isoformat()} {b.burden}" for b in rows)
    return (
        f"FIBSER burden (0–6): latest {latest.burden} on {latest.day.isoformat()}, "
        f"{latest.band}. All: {every}."
    )
