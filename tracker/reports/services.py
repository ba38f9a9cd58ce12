"""The prescriber report of one user over a range of local days, as plain data.

Services take the user and the clock; no Flask here. The HTML page, the PDF, the CLI and the
share link all start from `build_report`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from tracker import registry
from tracker.analysis.onset import LINE as ONSET_METHOD
from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.kind import ReportSection
from tracker.reports import life, scores
from tracker.reports import medication_parts as meds
from tracker.reports import side_effects as sx
from tracker.reports.model import Header, Question, Report
from tracker.reports.regimen import regimen
from tracker.snapshot import Snapshot, read_range
from tracker.timeutils import local_today, to_local
from tracker.trends import data, ranges
from tracker.trends import services as trends

DEFAULT_DAYS = 90


def default_range(user: User, *, now: datetime) -> tuple[date, date]:
    """Since the last prescriber appointment (its day to today), else the last 90 days."""
    rng = _default(user, now)
    return rng.first, rng.last


def _default(user: User, now: datetime) -> ranges.Range:
    today = local_today(user.timezone, now)
    if (visit := trends.last_visit(user, today=today)) is not None:
        return ranges.Range("appointment", visit, today)
    return ranges.Range(str(DEFAULT_DAYS), today - timedelta(days=DEFAULT_DAYS - 1), today)


def check_range(user: User, first: date, last: date, *, now: datetime) -> None:
    """Refuse a range the report cannot cover, naming the field to fix (the trends' rules)."""
    ranges.custom(first, last, local_today(user.timezone, now))


def build_report(
    user: User, *, first: date, last: date, now: datetime, appendix: bool = False
) -> Report:
    """Everything the report shows, from the range read once (tracker/snapshot.py)."""
    check_range(user, first, last, now=now)
    return report_of(read_range(user, first, last, now=now), appendix=appendix)


def report_of(snap: Snapshot, *, appendix: bool = False) -> Report:
    """Everything the report shows, in DOMAIN.md's order: a pure function of the snapshot."""
    user, first, last, now = snap.user, snap.first, snap.last, snap.now
    taken = meds.in_range(list(snap.plan.medications), first, last)
    due, recorded = meds.completeness(snap, taken)
    header = Header(
        user.display_name or None,
        first,
        last,
        to_local(now, user.timezone),
        user.timezone,
        len(snap.of("checkins").between(first, last)),
        due,
        recorded,
    )
    changes = data.medication_changes(snap)
    lines = data.side_effect_series(snap, first - timedelta(days=sx.LOOKBACK_DAYS), last).symptoms
    followed = {v.name for v in snap.of("symptoms").symptoms if v.followed}
    today = local_today(user.timezone, now)
    current, stopped = regimen(snap.plan, first, last, today=today)
    score_rows, phq9 = scores.scores(snap)
    days = snap.of("activity").daily_series(first, last)
    effects, others = sx.split_rows(sx.side_effect_rows(lines, changes, first, last), followed)
    return Report(
        header=header,
        questions=tuple(_questions(snap)),
        safety=scores.safety(phq9, first, last),
        regimen=tuple(current),
        stopped=tuple(stopped),
        overview=data.overview_series(snap, first, last),
        frame=data.frame(snap),
        on_time_minutes=user.on_time_window_minutes,
        adherence=tuple(meds.adherence(snap, taken)),
        as_needed=tuple(meds.as_needed(snap, taken)),
        side_effects=tuple(effects),
        other_side_effects=tuple(others),
        onset_method=ONSET_METHOD,
        dose_periods=tuple(sx.dose_period_tables(lines, followed, changes, first, last)),
        tapers=tuple(sx.taper_windows(lines, changes, first, last)),
        burden=tuple(scores.burden(snap)),
        scores=tuple(score_rows),
        score_chart=data.questionnaire_series(snap, first, last),
        sleep=life.sleep_summary(snap),
        activity=life.activity_summary(days, first, last),
        alcohol=life.alcohol_summary(snap, list(snap.plan.medications), days),
        practices=tuple(life.practices(snap)),
        therapy=life.therapy_summary(snap),
        appendix=tuple(meds.appendix(snap, taken)) if appendix else None,
        answers=tuple(scores.answers(snap)) if appendix else None,
        sections=tuple(_sections(snap)),
    )


def _sections(snap: Snapshot) -> list[ReportSection]:
    """Every kind's own section that has something in the range, in the registry's order."""
    built = (kind.report(snap) for kind in registry.KINDS if kind.report is not None)
    return [section for section in built if section is not None]


def _questions(snap: Snapshot) -> list[Question]:
    """The open questions, then the others added in the range (asked already)."""
    questions = snap.of("appointments")
    open_ = questions.still_open()
    ids = {q.id for q in open_}
    added = [q for q in questions.added(snap.first, snap.last) if q.id not in ids]
    return [Question(q.text, q.day, q.asked_on) for q in [*open_, *added]]


# --- Choosing the range, the file --------------------------------------------------------------


def choose_range(
    user: User,
    key: str | None,
    *,
    now: datetime,
    start: date | None = None,
    end: date | None = None,
) -> ranges.Range:
    """The range a choice stands for; no choice: since the last appointment, else 90 days."""
    if not key:
        return _default(user, now)
    return trends.choose_range(user, key, now=now, start=start, end=end)


def report_file(
    user: User,
    *,
    first: date,
    last: date,
    now: datetime,
    appendix: bool = False,
    paper: str = "A4",
) -> bytes:
    """The report as PDF bytes: what the download and `tracker report` both write."""
    from tracker.reports.pdf import PAPERS, report_pdf

    if paper not in PAPERS:
        raise Invalid("Choose A4 or Letter.", "paper")
    report = build_report(user, first=first, last=last, now=now, appendix=appendix)
    return report_pdf(report, paper=paper)


def file_name(first: date, last: date) -> str:
    return f"report-{first.isoformat()}-{last.isoformat()}.pdf"
