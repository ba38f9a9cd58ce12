"""The demo account's story, as a prescriber would read it: built once for the module (the
build is the slow part), read back as plain facts, and rebuilt once to show it reproduces."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, time, timedelta
from statistics import mean

import pytest
from sqlalchemy import select

from tests.conftest import NOW, config
from tracker.activity.models import OwnPractice, PracticeEntry, SubstanceEntry
from tracker.app import create_app
from tracker.appointments import services as visits
from tracker.cli.demo import build_demo
from tracker.cli.demo_visits import OPEN_QUESTIONS
from tracker.extensions import db
from tracker.medications import supply
from tracker.medications.models import DoseEvent, Medication
from tracker.questionnaires.models import QuestionnaireResponse
from tracker.reports.services import default_range
from tracker.symptoms.models import Symptom, SymptomEntry
from tracker.timeutils import local_today, to_local

TZ = "Europe/Berlin"


@dataclass(frozen=True)
class Visit:
    day: date
    start_time: time | None
    kind: str
    provider: str | None
    notes: str | None


def _visit(a: visits.AppointmentView) -> Visit:
    return Visit(a.day, a.start_time, a.kind, a.provider, a.notes)


@dataclass(frozen=True)
class Facts:
    start: date
    today: date
    increase_on: date
    steps: tuple[date, ...]
    default_range: tuple[date, date]
    past: list[Visit]  # newest first
    upcoming: list[Visit]
    open_questions: list[str]
    asked: list[tuple[str, date | None, date | None]]
    item9_days: list[date]
    alcohol_days: set[date]
    lorazepam_days: set[date]
    symptoms: dict[str, list[tuple[date, int]]]
    skip_reasons: dict[str, list[str | None]]
    fibser: list[tuple[date, list[int]]]
    refills: list[tuple[str, int]]  # what a refill reminder would name now, with days left
    own_practices: dict[str, list[tuple[date, int | None]]]  # name -> (day, minutes)
    regimen: dict[str, tuple[date, date | None, str | None]]  # started, stopped, purpose


def _facts() -> Facts:
    user = build_demo(days=120, timezone=TZ, now=NOW)
    db.session.commit()
    today = local_today(TZ, NOW)
    meds = {m.name: m for m in db.session.scalars(select(Medication))}
    versions = meds["sertraline"].versions
    upcoming, past = visits.upcoming_and_past(user, today=today)
    symptoms: dict[str, list[tuple[date, int]]] = defaultdict(list)
    rows = select(Symptom.key, SymptomEntry.day, SymptomEntry.severity).join(Symptom)
    for key, day, severity in db.session.execute(rows.order_by(SymptomEntry.day)):
        symptoms[key].append((day, severity))
    skips: dict[str, list[str | None]] = defaultdict(list)
    names = {m.id: name for name, m in meds.items()}
    doses = db.session.scalars(select(DoseEvent)).all()
    for event in doses:
        if event.action == "skipped":
            skips[names[event.medication_id]].append(event.reason)
    responses = db.session.scalars(select(QuestionnaireResponse)).all()
    alcohol = select(SubstanceEntry.day).where(SubstanceEntry.substance == "alcohol")
    own: dict[str, list[tuple[date, int | None]]] = defaultdict(list)
    logged = select(OwnPractice.name, PracticeEntry.day, PracticeEntry.minutes).join(OwnPractice)
    for name, day, minutes in db.session.execute(logged.order_by(PracticeEntry.day)):
        own[name].append((day, minutes))
    return Facts(
        start=today - timedelta(days=119),
        today=today,
        increase_on=versions[1].effective_from,
        steps=tuple(v.effective_from for v in versions[2:]),
        default_range=default_range(user, now=NOW),
        past=[_visit(a) for a in past],
        upcoming=[_visit(a) for a in upcoming],
        open_questions=[q.text for q in visits.open_questions(user)],
        asked=[(q.text, q.asked_on, q.appointment_day) for q in visits.asked_questions(user)],
        item9_days=sorted(r.day for r in responses if r.instrument == "phq9" and r.item9),
        alcohol_days=set(db.session.scalars(alcohol)),
        lorazepam_days={
            to_local(e.taken_at, TZ).date()
            for e in doses
            if e.medication_id == meds["lorazepam"].id and e.taken_at
        },
        symptoms=dict(symptoms),
        skip_reasons=dict(skips),
        fibser=[
            (r.day, [int(a) for a in r.answers.split(",")])
            for r in sorted(responses, key=lambda r: r.day)
            if r.instrument == "fibser"
        ],
        refills=[(d.name, d.days_left) for d in supply.refills_due(user, NOW)],
        own_practices=dict(own),
        regimen={name: (m.started_on, m.stopped_on, m.purpose) for name, m in meds.items()},
    )


def _emptied(app) -> None:  # noqa: ANN001
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
        db.engine.dispose()


@pytest.fixture(scope="module")
def story(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Facts:
    app = create_app(config(database_url, str(tmp_path_factory.mktemp("demo"))))
    try:
        with app.app_context():
            return _facts()
    finally:
        _emptied(app)


def test_the_review_visit_starts_a_90_day_default_range_after_the_item9_phq9(story):
    review = next(v for v in story.past if v.kind == "prescriber")
    assert review.day == story.start + timedelta(days=30) == story.today - timedelta(days=89)
    assert (review.kind, review.provider) == ("prescriber", "Dr. Okafor")
    assert review.start_time is not None and "increase to 100 mg" in review.notes
    assert review.day < story.increase_on
    assert story.default_range == (review.day, story.today)
    assert story.item9_days == [story.start + timedelta(days=14)]
    assert story.item9_days[0] < story.default_range[0]
    assert [(q[1], q[2]) for q in story.asked] == [(review.day, review.day)]


def test_the_next_prescriber_visit_is_in_a_week_with_two_open_questions(story):
    (nxt,) = story.upcoming
    assert nxt.day == story.today + timedelta(days=7)
    assert (nxt.kind, nxt.provider, nxt.start_time.hour) == ("prescriber", "Dr. Okafor", 10)
    assert story.open_questions == list(OPEN_QUESTIONS)
    assert any("brain fog" in q for q in story.open_questions)
    assert any("lorazepam" in q and "drink" in q for q in story.open_questions)


def test_several_evenings_in_the_range_have_alcohol_and_lorazepam(story):
    first = story.default_range[0]
    both = {d for d in story.alcohol_days & story.lorazepam_days if d >= first}
    assert len(both) >= 4


def test_an_own_practice_is_logged_in_minutes_a_few_days_a_week_since_the_increase(story):
    (name,) = story.own_practices
    logged = story.own_practices[name]
    assert name == "Somatic exercises"
    assert all(day >= story.increase_on and minutes for day, minutes in logged)
    weeks = (story.today - story.increase_on).days / 7
    assert 2 <= len(logged) / weeks <= 5


def test_brain_zaps_come_only_in_the_days_after_a_taper_step_and_ease(story):
    zaps = story.symptoms["brain_zaps"]
    assert all(any(0 < (d - s).days <= 10 for s in story.steps) for d, _ in zaps)
    assert all(2 <= severity <= 5 for _, severity in zaps)
    for step in story.steps:
        week = [sev for d, sev in zaps if 0 < (d - step).days <= 7]
        later = [sev for d, sev in zaps if 7 < (d - step).days <= 10]
        assert len(week) >= 5
        assert not later or mean(later) < mean(week)
    dizzy = [d for d, _ in story.symptoms["dizziness"]]
    assert dizzy and all(0 < (d - story.steps[0]).days <= 8 for d in dizzy)


def test_every_skip_has_a_reason_and_sertraline_has_refill_and_sick_days(story):
    assert {"sertraline", "quetiapine", "lithium"} <= set(story.skip_reasons)
    assert all(all(reasons) for reasons in story.skip_reasons.values())
    assert {"Forgot to refill", "Felt sick"} <= set(story.skip_reasons["sertraline"])


def _fog(story: Facts, first: int, last: int) -> list[int]:
    """Fog ratings from `first` to `last` days after the increase."""
    span = (story.increase_on + timedelta(days=first), story.increase_on + timedelta(days=last))
    return [s for d, s in story.symptoms["brain_fog"] if span[0] <= d <= span[1]]


def test_fog_builds_weeks_after_the_increase_and_eases_after_the_taper(story):
    before = [s for d, s in story.symptoms["brain_fog"] if d < story.increase_on]
    assert mean(before) < 2.5
    assert mean(_fog(story, 0, 8)) < 2.5  # nothing yet in the first week or so
    plateau = _fog(story, 32, 41)
    assert 4 <= mean(plateau) <= 5.2 and max(plateau) >= 5
    last = story.steps[-1]
    after = [s for d, s in story.symptoms["brain_fog"] if d > last + timedelta(days=9)]
    assert mean(after) < 3
    numbness = story.symptoms["emotional_numbness"]
    peak = [s for d, s in numbness if 32 <= (d - story.increase_on).days <= 41]
    assert 3 <= mean(peak) <= 4.2


def test_fibser_burden_reaches_3_at_100_mg_only(story):
    at_100 = [a for d, a in story.fibser if story.increase_on <= d < story.steps[0]]
    assert max(a[2] for a in at_100) >= 3
    others = [a for d, a in story.fibser if not story.increase_on <= d < story.steps[0]]
    assert all(a[2] <= 2 for a in others)


def test_quetiapine_replaces_melatonin_at_the_review_and_lithium_follows_the_increase(story):
    review = next(v for v in story.past if v.kind == "prescriber")
    melatonin, quetiapine, lithium = (
        story.regimen[n] for n in ("melatonin", "quetiapine", "lithium")
    )
    assert melatonin[1] is not None and melatonin[1] < review.day == quetiapine[0]
    assert quetiapine[1] is None and quetiapine[2] == "Sleep" and "quetiapine" in review.notes
    assert story.increase_on < lithium[0] < story.steps[0] and lithium[1] is None
    call = next(v for v in story.past if v.notes and "lithium" in v.notes)
    assert call.kind == "other" and story.increase_on <= call.day < lithium[0]
    assert "12 h after the evening dose" in call.notes
    assert story.regimen["lorazepam"][1] is None and story.regimen["escitalopram"][1]


def test_sertralines_supply_runs_out_in_about_five_days(story):
    assert story.refills == [("sertraline", 5)]


def test_the_demo_is_the_same_story_when_built_again(app, story):
    with app.app_context():
        again = _facts()
    assert again == story


def test_the_shortest_demo_keeps_the_visits_and_doses_in_order(app):
    with app.app_context():
        user = build_demo(days=14, timezone="America/Sao_Paulo", now=NOW)
        db.session.commit()
        today = local_today(user.timezone, NOW)
        upcoming, past = visits.upcoming_and_past(user, today=today)
        sertraline = db.session.scalar(select(Medication).where(Medication.name == "sertraline"))
        increase = sertraline.versions[1].effective_from
    review = next(v for v in past if v.kind == "prescriber")
    assert sertraline.started_on < review.day < increase <= today
    assert [v.day for v in upcoming] == [today + timedelta(days=7)]
