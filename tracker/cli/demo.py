"""The demo account: a realistic, reproducible history built through the same services."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete

from tracker.auth import services as auth
from tracker.auth.models import User
from tracker.cli.demo_journal import Story, build_journal
from tracker.extensions import db
from tracker.medications import as_needed, doses, services, tapers
from tracker.medications.models import Medication
from tracker.medications.plan import scheduled_instant, slots_on
from tracker.timeutils import local_today

EMAIL = "demo@example.org"
PASSWORD = "demo-password"  # noqa: S105 - documented demo credentials
SKIP_REASONS = ("Felt sick", "Forgot to refill", "Travelling", "Prescriber said to pause")
PRN_REASONS = ("Panic before meeting", "Could not settle", "Crowded train", "Bad news")


def build_demo(*, days: int, timezone: str, now: datetime, seed: int = 7) -> User:
    """Replace the demo account with `days` days of medications and doses."""
    db.session.execute(delete(User).where(User.email == EMAIL))
    user = auth.create_user(EMAIL, PASSWORD, timezone, now=now)
    user.display_name = "Demo"
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    today = local_today(timezone, now)
    start = today - timedelta(days=days - 1)
    meds = _medications(user, start, days, now)
    sertraline = meds[1]
    changes = [v.effective_from for v in sertraline.versions[1:]]
    build_journal(user, Story(start, today, changes[0], tuple(changes[1:]), sertraline.id), now=now)
    for med in meds:
        if med.as_needed:
            _as_needed_doses(user, med, start, today, now, rng)
        else:
            _scheduled_doses(user, med, start, today, now, rng)
    return user


def _at(start: date, days: int, fraction: float) -> date:
    return start + timedelta(days=int(days * fraction))


def _medications(user: User, start: date, days: int, now: datetime) -> list[Medication]:
    F = services.MedicationFields  # noqa: N806
    old = services.create_medication(
        user,
        F(
            name="Lexapro",
            form="tablet",
            strength=10,
            purpose="Depression",
            prescriber="Dr. Okafor",
            started_on=start - timedelta(days=200),
        ),
        doses=[(time(8), 10)],
        today=start,
        now=now,
    )
    services.stop_medication(
        user, old, stopped_on=start + timedelta(days=7), reason="side_effects", today=start
    )
    sertraline = services.create_medication(
        user,
        F(
            name="Zoloft",
            form="tablet",
            strength=50,
            purpose="Depression and anxiety",
            prescriber="Dr. Okafor",
            started_on=start + timedelta(days=7),
        ),
        doses=[(time(8), 50)],
        today=start,
        now=now,
    )
    increase = _at(start, days, 0.3)
    services.change_schedule(
        user,
        sertraline,
        effective_from=increase,
        doses=[(time(8), 100)],
        note="Low mood persisting",
        today=increase,
        now=now,
    )
    taper = _at(start, days, 0.65)
    tapers.plan_taper(
        user,
        sertraline,
        tapers.TaperInput(
            starts_on=taper,
            start_amount=75,
            step=25,
            interval_days=14,
            end_amount=50,
            ends_in_stop=False,
            at=time(8),
        ),
        today=taper - timedelta(days=1),
        now=now,
    )
    melatonin = services.create_medication(
        user,
        F(
            name="melatonin",
            form="tablet",
            strength=3,
            purpose="Sleep",
            started_on=start + timedelta(days=10),
        ),
        doses=[(time(22, 30), 3)],
        today=start,
        now=now,
    )
    lorazepam = services.create_medication(
        user,
        F(
            name="Ativan",
            form="tablet",
            strength=0.5,
            as_needed=True,
            purpose="Panic attacks",
            prescriber="Dr. Okafor",
            started_on=start,
            default_amount=0.5,
            max_per_24h=2,
            min_interval_minutes=240,
        ),
        today=start,
        now=now,
    )
    return [old, sertraline, melatonin, lorazepam]


def _scheduled_doses(
    user: User, med: Medication, start: date, today: date, now: datetime, rng: random.Random
) -> None:
    versions = services.plan_versions(med)
    day = max(start, med.started_on)
    while day <= today:
        for planned in slots_on(versions, day, med.started_on, med.stopped_on):
            due = scheduled_instant(day, planned.at, user.timezone)
            roll = rng.random()
            if due > now - timedelta(hours=2) or roll < 0.07:
                continue  # not yet due, or missed: no record at all
            if roll < 0.12:
                doses.record_scheduled(
                    user,
                    med,
                    day=day,
                    at=planned.at,
                    action="skipped",
                    taken_at=None,
                    reason=rng.choice(SKIP_REASONS),
                    now=now,
                )
                continue
            late = roll < 0.22
            offset = rng.randint(70, 200) if late else rng.randint(-35, 45)
            doses.record_scheduled(
                user,
                med,
                day=day,
                at=planned.at,
                action="taken",
                taken_at=due + timedelta(minutes=offset),
                now=now,
            )
        day += timedelta(days=1)


def _as_needed_doses(
    user: User, med: Medication, start: date, today: date, now: datetime, rng: random.Random
) -> None:
    day = start
    while day < today:
        if rng.random() < 0.18:
            first = scheduled_instant(
                day, time(rng.randint(13, 19), rng.choice((0, 15, 30))), user.timezone
            )
            event = as_needed.record_as_needed(
                user, med, taken_at=first, amount=0.5, reason=rng.choice(PRN_REASONS), now=now
            )
            event.helped = rng.randint(4, 9)
            if rng.random() < 0.25:  # a second dose that evening, sometimes too soon
                second = first + timedelta(minutes=rng.choice((150, 300)))
                as_needed.record_as_needed(
                    user,
                    med,
                    taken_at=second,
                    amount=0.5,
                    reason="Still anxious",
                    confirmed=True,
                    now=now,
                )
        day += timedelta(days=1)
