"""Numbers in the report's words, shared by the HTML page and the PDF (no Flask).

The prescriber reads these: they state the data with its numbers and dates, address nobody and
judge nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from tracker.reports.model import (  # noqa: F401 - MARK, NO_ITEM9 for the templates
    MARK,
    NO_ITEM9,
    ActivitySummary,
    AdherenceRow,
    AlcoholSummary,
    AnswerRow,
    AsNeededRow,
    Baseline,
    Burden,
    Header,
    PracticeRow,
    RegimenEvent,
    RegimenRow,
    Safety,
    ScoreRow,
    Scores,
    SideEffectRow,
    SleepSummary,
    TherapySummary,
)
from tracker.reports.model_side_effects import DosePeriod, PeriodCell, TaperWindow, WindowCount
from tracker.reports.scores import RULE  # noqa: F401 - for the templates
from tracker.reports.side_effects import WATCHED

ITEM9 = "PHQ-9 item 9 (thoughts of being better off dead or of hurting oneself)"


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


def minutes(value: float | None) -> str:
    """412 -> '6 h 52 min'; 24 -> '24 min'."""
    if value is None:
        return "–"
    total = round(value)
    hours, mins = divmod(total, 60)
    return f"{hours} h {mins:02d} min" if hours else f"{mins} min"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def doses(n: int) -> str:
    return plural(n, "dose")


def days(n: int) -> str:
    return plural(n, "day")


def nights(n: int) -> str:
    return plural(n, "night")


def amount(value: float, unit: str) -> str:
    return f"{value:g} {unit}"


def point(value: float | None) -> str:
    """A 0-10 mean with one decimal, '–' for no data."""
    return "–" if value is None else f"{value:.1f}"


def short_day(day: date, last: date) -> str:
    """'9 Sep' in the year of the range's last day (the header's), '9 Sep 2025' in another."""
    return f"{day.day} {day:%b}" + ("" if day.year == last.year else f" {day.year}")


def completeness(h: Header) -> str:
    doses = (
        f"{pct(h.doses_pct)} of {h.doses_due} scheduled doses with a status recorded"
        if h.doses_due
        else "no scheduled doses"
    )
    return (
        f"{pct(h.checkin_pct)} of days with a mood check-in ({h.checkin_days} of {h.days}); {doses}"
    )


# --- Safety ------------------------------------------------------------------------------------


def _later(s: Safety) -> str:
    if not s.later:
        return "No PHQ-9 answered since."
    if s.later == 1:
        zero = "with item 9 at 0" if s.later_zero else "also with item 9 above 0"
        return f"One PHQ-9 answered since, {zero}."
    if s.later_zero == s.later:
        return f"All {s.later} PHQ-9s answered since have item 9 at 0 (latest {s.latest_zero})."
    latest = f" (latest {s.latest_zero})" if s.latest_zero else ""
    return f"{s.later} PHQ-9s answered since, {s.later_zero} of them with item 9 at 0{latest}."


def safety_lines(s: Safety) -> list[str]:
    """The safety box's sentences: in-range answers, then the most recent positive ever."""
    if s.last is None:
        if not s.phq9_count:
            return [f"{ITEM9}: no PHQ-9 on record."]
        return [f"{NO_ITEM9} ({plural(s.phq9_count, 'PHQ-9')})."]
    lines = []
    if s.in_range:
        dates = "; ".join(f"{f.day.isoformat()} {f.label.lower()} ({f.answer})" for f in s.in_range)
        lines.append(f"{ITEM9} above 0 in this range on {days(len(s.in_range))}: {dates}.")
    last = s.last
    where = {
        "before": f", {days(s.days_from_range or 0)} before this range",
        "after": f", {days(s.days_from_range or 0)} after this range",
        "in": ", in this range",
    }[s.position]
    lines.append(
        f"Most recent PHQ-9 with item 9 above 0: {last.day.isoformat()}, answer {last.answer} "
        f"({last.label.lower()}){where}. {_later(s)}"
    )
    return lines


# --- Medications -------------------------------------------------------------------------------


def medication(row: RegimenRow) -> str:
    """'sertraline 50 mg tablet; for depression; Dr Okafor'."""
    parts = [" ".join(x for x in (row.name, row.strength or "") if x)]
    if row.indication:
        parts.append(f"for {row.indication}")
    if row.prescriber:
        parts.append(row.prescriber)
    return "; ".join(parts)


def regimen_line(row: RegimenRow) -> str:
    """Everything after the name, for a paragraph: strength, schedule, indication, prescriber,
    then the history."""
    parts = [x for x in (row.strength, row.schedule) if x]
    if row.indication:
        parts.append(f"for {row.indication}")
    if row.prescriber:
        parts.append(row.prescriber)
    return "; ".join(parts) + ". History: " + history(row)


def _event(e: RegimenEvent) -> str:
    """'2026-09-15 Increase: 50 → 100 mg a day (“Low mood persisting”)'."""
    text = ("Planned " + e.text[0].lower() + e.text[1:]) if e.planned else e.text
    note = f" (“{e.note}”)" if e.note else ""
    return f"{e.day.isoformat()} {text}{note}"


def history(row: RegimenRow) -> str:
    """The medication's line of history, oldest first, planned steps last."""
    parts = [_event(e) for e in row.events]
    text = "; ".join(parts) or f"Started {row.started.isoformat()}; no change since"
    if row.taper:
        text += f". Taper plan: {row.taper}"
    return text + "."


def stopped(row: RegimenRow) -> str:
    """One line: the medication, its start and stop, and the dose changes between them."""
    reason = f" ({row.stop_reason})" if row.stop_reason else ""
    stop = row.stopped.isoformat() if row.stopped else "–"
    changes = [_event(e) for e in row.events[1:] if e.day != row.stopped and not e.planned]
    between = f"; {'; '.join(changes)}" if changes else ""
    return f"{medication(row)}: started {row.started.isoformat()}{between}; stopped {stop}{reason}."


def skip_reasons(row: AdherenceRow) -> str:
    return ", ".join(f"{reason} {n}" for reason, n in row.skip_reasons)


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
            text += "; the 24 h total stayed below 75% of the max"
    if row.weekly:
        text += "; doses per week: " + " ".join(str(n) for n in row.weekly)
    if row.helped is not None:
        text += f"; helped {row.helped:.1f} of 10 on average ({row.helped_n} rated)"
    return text


# --- Side effects ------------------------------------------------------------------------------


def since_change(row: SideEffectRow) -> str:
    if row.onset is None:
        return "no sustained rise found in the range"
    days = ", ".join(f"{name} {n} d" for name, n in row.since_change)
    return days or "no medication change before it"


def others(rows: Sequence[SideEffectRow]) -> str:
    """The other symptoms above 0 in the range, on one line."""
    return "; ".join(
        f"{r.name.lower()} on {days(r.days_above)}, peak {r.peak:g}" for r in rows if r.peak
    )


def rise(row: SideEffectRow) -> str:
    if row.before is None or row.reached is None:
        return "–"
    return f"{row.before:.1f} → {row.reached:.1f}"


def severity(row: SideEffectRow) -> str:
    return "–" if row.current is None else f"{row.current:.1f} of 10"


PERIOD_CAPTION = (
    "severity (0–10) by dose period — mean (mean of the period's last 7 days; peak; days logged)"
)


def bands(scores: Sequence[Scores]) -> str:
    """Every instrument's bands on one line: 'Bands: PHQ-9 0–4 minimal, …; GAD-7 …'."""
    return "Bands: " + "; ".join(f"{s.title} {s.bands}" for s in scores) + "."


def period(p: DosePeriod, last: date) -> str:
    return f"{p.label} {short_day(p.first, last)}–{short_day(p.last, last)}"


def cell(c: PeriodCell) -> str:
    if not c.days:
        return "no entries"
    return f"{point(c.mean)} ({point(c.end)}; {c.peak:g}; {c.days} d)"


# The PDF's heading of the reductions, its key in one line.
TAPER_HEAD = (
    "Symptoms typical after a reduction — days above 0 / logged: 14 days before → the day and "
    "14 after (peak)"
)
TAPER_KEY = (
    "Days with the symptom above 0 / days logged: the 14 days before → the reduction's day and "
    "the 14 days after (peak severity 0–10)."
)


def _window(w: WindowCount) -> str:
    peak = f" (peak {w.peak:g})" if w.days else ""
    return f"{w.days}/{w.logged}{peak}"


def taper(w: TaperWindow) -> str:
    head = f"{w.day.isoformat()} {w.label}: "
    if not w.rows:
        return head + f"none of {WATCHED} logged in the 14 days before or after."
    parts = [f"{r.symptom.lower()} {_window(r.before)} → {_window(r.after)}" for r in w.rows]
    return head + "; ".join(parts) + "."


def burden(b: Burden) -> str:
    items = (
        f" (frequency {b.frequency}, intensity {b.intensity})" if b.frequency is not None else ""
    )
    flag = " — burden 3 or more" if b.flagged else ""
    return f"{b.day.isoformat()}: {b.burden}{items}, {b.band}{flag}"


def burdens(rows: Sequence[Burden]) -> str:
    if not rows:
        return "FIBSER: none in the range."
    return "FIBSER burden (each item 0–6): " + "; ".join(burden(b) for b in rows) + "."


# --- Questionnaires ----------------------------------------------------------------------------


def score(row: ScoreRow, max_total: int) -> str:
    band = f" {row.band}" if row.band else ""
    item9 = f", item 9: {row.item9}" if row.item9 is not None else ""
    marks = f", {', '.join(row.marks)}" if row.marks else ""
    return f"{row.day.isoformat()} {row.total}/{max_total}{band}{item9}{marks}"


def items(row: AnswerRow) -> str:
    """'1 1 2 1 0 1 1 0 | item 9: 2' (item 9 set apart on a PHQ-9); FIBSER's items by name."""
    if row.key == "fibser" and len(row.answers) == 3:
        return "frequency {}, intensity {}, burden {}".format(*row.answers)
    if row.item9 is None or len(row.answers) != 9:
        return " ".join(str(a) for a in row.answers)
    return " ".join(str(a) for a in row.answers[:8]) + f" | item 9: {row.item9}"


def total(row: AnswerRow) -> str:
    return f"{row.total}/{row.max_total}" if row.max_total else f"{row.total}/6 (burden)"


def baseline(b: Baseline | None, max_total: int) -> str:
    if b is None:
        return "no score on record by the range's end"
    band = f" {b.band}" if b.band else ""
    return f"first score {b.total}/{max_total}{band} on {b.day.isoformat()}, on {b.regimen}"


# --- Sleep, activity, alcohol, practices, therapy ----------------------------------------------


def sleep(s: SleepSummary) -> str:
    """Total sleep over every night (an upper bound where SOL or WASO was not recorded); the
    rest over the nights that have it, with their count where it is not every night."""
    if not s.nights:
        return "No nights logged in the range."
    text = f"{nights(s.nights)} logged. Mean total sleep {_total_sleep(s)}"
    if s.timed:
        text += (
            f"; time to fall asleep (SOL) {_over(minutes(s.sol_minutes), s.sol_nights, s)}, "
            f"awake after sleep onset (WASO) {_over(minutes(s.waso_minutes), s.waso_nights, s)}, "
            f"sleep efficiency {_over(pct(s.efficiency), s.efficient, s)}"
        )
    else:
        text += "; bed times not recorded, so no SOL, WASO or efficiency"
    if s.quality is not None:
        text += f"; quality {s.quality:.1f} of 5 (5 = very good) over {nights(s.rated)} rated"
    else:
        text += "; quality not rated"
    return text + "."


def _total_sleep(s: SleepSummary) -> str:
    if not s.at_most:
        return minutes(s.tst_minutes)
    # Such a night's total sleep took off no minutes to fall asleep or awake: the mean may be high.
    return (
        f"at most {minutes(s.tst_minutes)} (minutes to fall asleep or awake not recorded on "
        f"{s.at_most} of {nights(s.nights)})"
    )


def _over(value: str, n: int, s: SleepSummary) -> str:
    """'18 min', '18 min (12 of 30 nights)' when some nights lack it, 'not recorded'."""
    if not n:
        return "not recorded"
    return value if n == s.nights else f"{value} ({n} of {nights(s.nights)})"


def sleep_trend(s: SleepSummary) -> str:
    """Mean total sleep per block of days, oldest first."""
    if not s.nights or len(s.blocks) < 2:
        return ""
    size = (s.blocks[0].last - s.blocks[0].first).days + 1
    parts = [
        f"{short_day(b.first, s.blocks[-1].last)} {hours(b.tst_minutes)}"
        if b.nights
        else f"{short_day(b.first, s.blocks[-1].last)} –"
        for b in s.blocks
    ]
    return f"Total sleep by {size}-day block: " + ", ".join(parts) + "."


def hours(value: float | None) -> str:
    """412 -> '6:52' (hours and minutes)."""
    if value is None:
        return "–"
    h, m = divmod(round(value), 60)
    return f"{h}:{m:02d}"


def alcohol(a: AlcoholSummary, last: date) -> str:
    if not a.logged:
        return "No alcohol logged in the range."
    text = (
        f"{a.units_per_week:.1f} units a week (10 g each) on {days(a.drinking_days)}, "
        f"at most {a.heaviest_day:g} units in a day"
    )
    if a.with_sedative:
        found = {d.day for d in a.with_sedative}
        by_med: dict[str, list[str]] = {}
        for d in a.with_sedative:
            times = f", {d.doses} doses" if d.doses > 1 else ""
            by_med.setdefault(d.medication, []).append(
                f"{short_day(d.day, last)} ({d.units:g}{times})"
            )
        listed = "; ".join(f"{name} on {', '.join(on)}" for name, on in by_med.items())
        text += (
            ". Days with alcohol and an as-needed benzodiazepine or Z-drug the same day "
            f"(units that day): {len(found)} — {listed}"
        )
    else:
        text += ". No day with alcohol and an as-needed benzodiazepine or Z-drug"
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
