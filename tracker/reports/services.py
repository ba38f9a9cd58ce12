"""The prescriber report of one user over a range of local days, as plain data.

Services take the user and the clock; no Flask here. The HTML page, the PDF, the CLI and the
share link all start from `build_report`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from tracker.activity import services as activity
from tracker.analysis.onset import LINE as ONSET_METHOD
from tracker.appointments import services as appointments
from tracker.auth.models import User
from tracker.checkins import services as checkins
from tracker.errors import Invalid
from tracker.medications import services as medications
from tracker.reports import life, scores
from tracker.reports import medication_parts as meds
from tracker.reports import side_effects as sx
from tracker.reports.model import Header, Question, Report
from tracker.reports.regimen import regimen
from tracker.symptoms.following import all_symptoms
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
    """Everything the report shows, in DOMAIN.md's order."""
    check_range(user, first, last, now=now)
    every = medications.list_medications(user, with_schedules=True)
    taken = meds.in_range(every, first, last)
    due, recorded = meds.completeness(user, taken, first, last, now)
    checkin_days = len(checkins.checkin_days(user, first, last))
    header = Header(
        user.display_name or None,
        first,
        last,
        to_local(now, user.timezone),
        user.timezone,
        checkin_days,
        due,
        recorded,
    )
    overview = data.overview_series(user, first, last)
    changes = data.medication_changes(user)
    lines = data.side_effect_series(user, first - timedelta(days=sx.LOOKBACK_DAYS), last).symptoms
    followed = {v.name for v in all_symptoms(user) if v.followed}
    current, stopped = regimen(user, every, first, last, today=local_today(user.timezone, now))
    score_rows, phq9 = scores.scores(user, every, first, last)
    days = activity.daily_series(user, first, last)
    effects, others = sx.split_rows(sx.side_effect_rows(lines, changes, first, last), followed)
    return Report(
        header=header,
        questions=tuple(_questions(user, first, last)),
        safety=scores.safety(phq9, first, last),
        regimen=tuple(current),
        stopped=tuple(stopped),
        overview=overview,
        frame=data.frame(user, first, last),
        on_time_minutes=user.on_time_window_minutes,
        adherence=tuple(meds.adherence(user, taken, first, last, now)),
        as_needed=tuple(meds.as_needed(user, taken, first, last)),
        side_effects=tuple(effects),
        other_side_effects=tuple(others),
        onset_method=ONSET_METHOD,
        dose_periods=tuple(sx.dose_period_tables(lines, followed, changes, first, last)),
        tapers=tuple(sx.taper_windows(lines, changes, first, last)),
        burden=tuple(scores.burden(user, first, last)),
        scores=tuple(score_rows),
        score_chart=data.questionnaire_series(user, first, last),
        sleep=life.sleep_summary(user, first, last),
        activity=life.activity_summary(days, first, last),
        alcohol=life.alcohol_summary(user, every, days, first, last),
        practices=tuple(life.practices(user, first, last)),
        therapy=life.therapy_summary(user, first, last),
        appendix=tuple(meds.appendix(user, taken, first, last, now)) if appendix else None,
        answers=tuple(scores.answers(user, first, last)) if appendix else None,
    )


def _questions(user: User, first: date, last: date) -> list[Question]:
    """The open questions, then the others added in the range (asked already)."""
    open_ = appointments.open_questions(user)
    ids = {q.id for q in open_}
    added = [q for q in appointments.questions_between(user, first, last) if q.id not in ids]
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
