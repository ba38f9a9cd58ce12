"""The prescriber report of one user over a range of local days, as plain data.

Services take the user and the clock; no Flask here. The HTML page, the PDF, the CLI and the
share link all start from `build_report`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from tracker import analysis
from tracker.activity import services as activity
from tracker.activity.catalog import practice_label
from tracker.activity.models import PracticeEntry
from tracker.analysis.windows import mean
from tracker.appointments import services as appointments
from tracker.auth.models import User
from tracker.charts.series import Frame, SymptomLine
from tracker.checkins import services as checkins
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.questionnaires import instruments as ins
from tracker.questionnaires import services as questionnaires
from tracker.reports import medication_parts as meds
from tracker.reports.model import (
    ActivitySummary,
    Burden,
    Header,
    PracticeRow,
    Question,
    Report,
    SafetyFlag,
    ScoreRow,
    Scores,
    SideEffectRow,
    SleepSummary,
    TherapySummary,
)
from tracker.sleep import services as sleep
from tracker.therapy import services as therapy
from tracker.timeutils import local_today, to_local
from tracker.trends import data, ranges
from tracker.trends import services as trends

DEFAULT_DAYS = 90
MAX_SIDE_EFFECTS = 6
TREND_DAYS = 14  # the trend compares the last 14 days with the 14 before them
TREND_STEP = 1.0  # points (0-10) that count as rising or easing
BANDS = {
    ins.PHQ9: "0–4 minimal, 5–9 mild, 10–14 moderate, 15–19 moderately severe, 20–27 severe",
    ins.GAD7: "0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe",
}


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
    taken = meds.in_range(user, first, last)
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
    frame = data.frame(user, first, last)
    return Report(
        header=header,
        questions=tuple(_questions(user, first, last)),
        safety=tuple(
            SafetyFlag(f.day, f.answer, f.label)
            for f in questionnaires.item9_flags(user, first, last)
        ),
        regimen=tuple(meds.regimen(user, taken, last)),
        overview=overview,
        frame=frame,
        on_time_minutes=user.on_time_window_minutes,
        adherence=tuple(meds.adherence(user, taken, first, last, now)),
        as_needed=tuple(meds.as_needed(user, taken, first, last)),
        side_effects=tuple(_side_effects(user, overview.side_effects.symptoms, frame)),
        burden=tuple(_burden(user, first, last)),
        scores=tuple(_scores(user, first, last)),
        score_chart=data.questionnaire_series(user, first, last),
        sleep=_sleep(user, first, last),
        activity=_activity(user, first, last),
        practices=tuple(_practices(user, first, last)),
        therapy=_therapy(user, first, last),
        appendix=tuple(meds.appendix(user, taken, first, last, now)) if appendix else None,
    )


def _questions(user: User, first: date, last: date) -> list[Question]:
    """The open questions, then the others added in the range (asked already)."""
    open_ = appointments.open_questions(user)
    ids = {q.id for q in open_}
    added = [q for q in appointments.questions_between(user, first, last) if q.id not in ids]
    return [Question(q.text, q.day, q.asked_on) for q in [*open_, *added]]


# --- Side effects ------------------------------------------------------------------------------


def _trend(points: dict[date, float], last: date) -> str:
    recent = mean([v for d, v in points.items() if last - d < timedelta(days=TREND_DAYS)])
    before = mean([v for d, v in points.items() if TREND_DAYS <= (last - d).days < 2 * TREND_DAYS])
    if recent is None or before is None:
        return "not enough data"
    if recent - before >= TREND_STEP:
        return "rising"
    if before - recent >= TREND_STEP:
        return "easing"
    return "steady"


def _current(points: dict[date, float]) -> float | None:
    days = sorted(points)[-7:]
    return mean([points[d] for d in days])


def _side_effects(user: User, lines: list[SymptomLine], frame: Frame) -> list[SideEffectRow]:
    """Side effects with any severity above 0 in the range: followed ones first."""
    measures, _ = data.daily_measures(user, frame.first - timedelta(days=17), frame.last)
    found = analysis.symptom_onsets(
        {m: s for m, s in measures.items() if m.side_effect}, data.medication_changes(user)
    )
    latest = {o.symptom.label: o for o in found if frame.first <= o.day <= frame.last}
    rows = []
    for line in lines:
        points = dict(line.points)
        if not any(points.values()):
            continue
        onset = latest.get(line.name)
        rows.append(
            SideEffectRow(
                name=line.name,
                onset=onset.day if onset else None,
                since_change=tuple(onset.days_since_change.items()) if onset else (),
                current=_current(points),
                trend=_trend(points, frame.last),
            )
        )
    return rows[:MAX_SIDE_EFFECTS]


# --- Questionnaires ----------------------------------------------------------------------------


def _marks(change: ins.Change | None) -> tuple[str, ...]:
    if change is None:
        return ()
    return tuple(
        word for word, on in (("response", change.response), ("remission", change.remission)) if on
    )


def _scores(user: User, first: date, last: date) -> list[Scores]:
    in_range = questionnaires.results_between(user, first, last)
    baselines = questionnaires.baseline_totals(user)
    found = []
    for key in ins.TRACKED:
        baseline = baselines.get(key)
        rows = tuple(
            ScoreRow(r.day, r.total, r.band, _marks(r.change), r.item9)
            for r in reversed(in_range.get(key, []))
        )
        found.append(
            Scores(ins.TITLES[key], ins.INSTRUMENTS[key].max_total or 0, BANDS[key], rows, baseline)
        )
    return found


def _burden(user: User, first: date, last: date) -> list[Burden]:
    return [
        Burden(s.day, s.total, s.band or "")
        for s in questionnaires.scores(user, ins.FIBSER, first, last)
    ]


# --- Sleep, activity, practices, therapy -------------------------------------------------------


def _sleep(user: User, first: date, last: date) -> SleepSummary:
    nights = sleep.nights(user, first, last)
    timed = [n for n in nights if n.times_known]
    rated = [n.quality for n in nights if n.quality is not None]
    return SleepSummary(
        len(nights),
        mean([n.tst_minutes for n in nights]),
        mean([n.sol_minutes for n in timed if n.sol_minutes is not None]),
        mean([n.waso_minutes for n in timed if n.waso_minutes is not None]),
        mean([n.efficiency for n in timed if n.efficiency is not None]),
        timed=len(timed),
        quality=mean(rated),
        rated=len(rated),
    )


def _activity(user: User, first: date, last: date) -> ActivitySummary:
    points = activity.daily_series(user, first, last)
    minutes = sum(p.activity_minutes for p in points)
    return ActivitySummary(
        minutes / (((last - first).days + 1) / 7), sum(1 for p in points if p.activity_minutes)
    )


def _practices(user: User, first: date, last: date) -> list[PracticeRow]:
    rows = db.session.execute(
        select(PracticeEntry.practice, PracticeEntry.day, PracticeEntry.minutes).where(
            PracticeEntry.user_id == user.id,
            PracticeEntry.day.between(first, last),
            PracticeEntry.done.is_(True),
        )
    ).all()
    days: dict[str, set[date]] = {}
    minutes: dict[str, int | None] = {}
    for practice, day, mins in rows:
        days.setdefault(practice, set()).add(day)
        if mins is not None:
            minutes[practice] = (minutes.get(practice) or 0) + mins
        else:
            minutes.setdefault(practice, None)
    order = [*activity.followed_practices(user), *sorted(days)]
    seen = list(dict.fromkeys(k for k in order if k in days))
    return [PracticeRow(practice_label(k), len(days[k]), minutes.get(k)) for k in seen]


def _therapy(user: User, first: date, last: date) -> TherapySummary:
    counts = therapy.sessions_by_modality(user, first, last)
    given, done = therapy.homework_stats(user, first, last)
    return TherapySummary(
        sum(counts.values()),
        tuple((therapy.MODALITIES.get(k, k), n) for k, n in counts.items()),
        given,
        done,
    )


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
