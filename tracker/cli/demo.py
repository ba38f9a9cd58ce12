"""The demo account: a realistic, reproducible history built through the same services.

The regimen: escitalopram stopped for side effects and sertraline 50 mg started in the first
week; melatonin, no help for sleep, stopped three weeks before the review (the default report
range starts there), which starts quetiapine 25 mg at night for sleep and agrees sertraline
100 mg; lithium 400 mg at 21:00 added two weeks after the increase; sertraline tapered back to
50 mg for fog and numbness; lorazepam as needed throughout. Sertraline's supply runs out in
about five days."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, select

from tracker.auth import services as auth
from tracker.auth.models import User
from tracker.cli.demo_journal import Story, build_journal, night_out
from tracker.cli.demo_visits import Timeline, add_visits
from tracker.extensions import db
from tracker.medications import as_needed, doses, services, supply, tapers
from tracker.medications.models import DoseEvent, Medication
from tracker.medications.plan import scheduled_instant, slots_on
from tracker.registry import KINDS
from tracker.timeutils import local_today

EMAIL = "demo@example.org"
PASSWORD = "demo-password"  # noqa: S105 - documented demo credentials
SKIP_REASONS = ("Felt sick", "Forgot to refill", "Travelling", "Prescriber said to pause")
PRN_REASONS = ("Panic before meeting", "Could not settle", "Crowded train", "Bad news")
EVENING_REASONS = ("Could not settle", "Anxious at home", "Racing thoughts")
# Story days as fractions of the period: 120 days give the review visit on day 30 (so the
# default report range is 90 days; quetiapine from that evening), the increase on day 36,
# lithium from day 50 and the sertraline taper from day 78.
REVIEW, INCREASE, LITHIUM, TAPER = 0.25, 0.3, 0.42, 0.65


def build_demo(*, days: int, timezone: str, now: datetime, seed: int = 7) -> User:
    """Replace the demo account with `days` days of medications and doses."""
    db.session.execute(delete(User).where(User.email == EMAIL))
    user = auth.create_user(EMAIL, PASSWORD, timezone, now=now)
    user.display_name = "Demo"
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    today = local_today(timezone, now)
    start = today - timedelta(days=days - 1)
    timeline = _timeline(start, today, days)
    meds = _medications(user, timeline, now)
    sertraline, quetiapine, lithium = meds[1], meds[3], meds[4]
    changes = [v.effective_from for v in sertraline.versions[1:]]
    story = Story(start, today, changes[0], tuple(changes[1:]), sertraline.id)
    drinks = build_journal(user, story, now=now)
    add_visits(user, timeline, now=now)
    skips = {sertraline.id: _sertraline_skips(start, days)}
    for med in meds:
        if med.as_needed:
            _as_needed_doses(user, med, start, today, now, rng, drinks)
        else:
            _scheduled_doses(user, med, start, today, now, rng, skips.get(med.id, {}))
    # The kinds' own demos come after the doses: a trough level is timed from a logged dose.
    story = replace(
        story,
        quetiapine_on=quetiapine.started_on,
        lithium_on=lithium.started_on,
        lithium_doses=_taken(lithium),
    )
    for kind in KINDS:
        if kind.demo is not None:  # each with its own generator: none shifts another's data
            kind.demo(user, story, random.Random(f"{seed}:{kind.key}"), now)  # noqa: S311
    _supply(user, sertraline, today, now)
    return user


def _taken(med: Medication) -> tuple[datetime, ...]:
    """When each logged dose of `med` was taken, in order."""
    db.session.flush()
    taken = db.session.scalars(
        select(DoseEvent.taken_at).where(
            DoseEvent.medication_id == med.id,
            DoseEvent.action == "taken",
            DoseEvent.taken_at.is_not(None),
        )
    )
    return tuple(sorted(taken))


def _supply(user: User, med: Medication, today: date, now: datetime) -> None:
    """Sertraline's 25 mg tablets: a pack a month ago, a refill, and last night's count that
    leaves about five days (the Today line shows within its seven)."""
    tablets = supply.SupplyFields("tablet", 25, "mg")
    supply.set_supply(user, med, tablets, units_on_hand=20, now=now - timedelta(days=30))
    pharmacy = now - timedelta(days=24)
    supply.add_event(user, med, kind="refill", units=56, note="Pharmacy", at=pharmacy, now=now)
    version = services.current_version(med, today)
    per_day = version.daily_total / 25 if version else 2
    last_night = scheduled_instant(today - timedelta(days=1), time(21), user.timezone)
    # Last night's count covers today's dose and four more days: it runs out in five.
    supply.add_event(user, med, kind="count", units=per_day * 5, at=last_night, now=now)


def _at(start: date, days: int, fraction: float) -> date:
    return start + timedelta(days=int(days * fraction))


def _timeline(start: date, today: date, days: int) -> Timeline:
    """The story's days; short demos keep them in order (switch, review, increase, taper)."""
    switch = start + timedelta(days=7)
    increase = max(_at(start, days, INCREASE), switch + timedelta(days=2))
    return Timeline(
        start=start,
        today=today,
        switch_on=switch,
        review_on=max(_at(start, days, REVIEW), switch + timedelta(days=1)),
        increase_on=increase,
        lithium_on=min(max(_at(start, days, LITHIUM), increase + timedelta(days=3)), today),
        taper_on=max(_at(start, days, TAPER), increase + timedelta(days=7)),
    )


def _melatonin_stop(t: Timeline) -> date:
    """Three weeks before the review; in a short demo, at least a day after the switch."""
    return max(t.review_on - timedelta(days=21), min(t.switch_on + timedelta(days=1), t.review_on))


def _sertraline_skips(start: date, days: int) -> dict[date, str]:
    """Two days without sertraline after forgetting to refill, and one sick day."""
    refill = _at(start, days, 0.48)
    return {
        refill: "Forgot to refill",
        refill + timedelta(days=1): "Forgot to refill",
        _at(start, days, 0.56): "Felt sick",
    }


def _medications(user: User, t: Timeline, now: datetime) -> list[Medication]:
    F = services.MedicationFields  # noqa: N806
    old = services.create_medication(
        user,
        F(
            name="Lexapro",
            form="tablet",
            strength=10,
            purpose="Depression",
            prescriber="Dr. Okafor",
            started_on=t.start - timedelta(days=200),
        ),
        doses=[(time(8), 10)],
        today=t.start,
        now=now,
    )
    services.stop_medication(
        user, old, stopped_on=t.switch_on, reason="side_effects", today=t.start
    )
    sertraline = services.create_medication(
        user,
        F(
            name="Zoloft",
            form="tablet",
            strength=50,
            purpose="Depression and anxiety",
            prescriber="Dr. Okafor",
            started_on=t.switch_on,
        ),
        doses=[(time(8), 50)],
        today=t.start,
        now=now,
    )
    increase = t.increase_on
    services.change_schedule(
        user,
        sertraline,
        effective_from=increase,
        doses=[(time(8), 100)],
        note="Low mood persisting",
        today=increase,
        now=now,
    )
    taper = t.taper_on
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
    # Melatonin from before the demo, stopped three weeks before the review for no effect; the
    # review starts quetiapine 25 mg at night for sleep (a low dose that still brings weight
    # gain: the vitals' weekly weights).
    melatonin = services.create_medication(
        user,
        F(
            name="melatonin",
            form="tablet",
            strength=3,
            purpose="Sleep",
            started_on=t.start - timedelta(days=60),
        ),
        doses=[(time(22, 30), 3)],
        today=t.start,
        now=now,
    )
    services.stop_medication(
        user, melatonin, stopped_on=_melatonin_stop(t), reason="not_effective", today=t.start
    )
    quetiapine = services.create_medication(
        user,
        F(
            name="Seroquel",
            form="tablet",
            strength=25,
            purpose="Sleep",
            prescriber="Dr. Okafor",
            started_on=t.review_on,
        ),
        doses=[(time(22), 25)],
        today=t.start,
        now=now,
    )
    # Lithium augmentation once the increase has not lifted the mood: 400 mg at night, its
    # levels drawn 12 h after the evening dose (tracker/labs/demo.py).
    lithium = services.create_medication(
        user,
        F(
            name="Priadel",
            form="tablet",
            strength=400,
            purpose="Depression (augmentation)",
            prescriber="Dr. Okafor",
            started_on=t.lithium_on,
        ),
        doses=[(time(21), 400)],
        today=t.start,
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
            started_on=t.start,
            default_amount=0.5,
            max_per_24h=2,
            min_interval_minutes=240,
        ),
        today=t.start,
        now=now,
    )
    return [old, sertraline, melatonin, quetiapine, lithium, lorazepam]


def _scheduled_doses(
    user: User,
    med: Medication,
    start: date,
    today: date,
    now: datetime,
    rng: random.Random,
    skips: dict[date, str],
) -> None:
    """Most doses on time, some late, a few missed or skipped; every skip has a reason."""
    versions = services.plan_versions(med)
    day = max(start, med.started_on)
    while day <= today:
        for planned in slots_on(versions, day, med.started_on, med.stopped_on):
            due = scheduled_instant(day, planned.at, user.timezone)
            roll = rng.random()
            if due > now - timedelta(hours=2) or (roll < 0.07 and day not in skips):
                continue  # not yet due, or missed: no record at all
            if day in skips or roll < 0.12:
                reason = skips.get(day) or rng.choice(SKIP_REASONS)
                doses.record_scheduled(
                    user,
                    med,
                    day=day,
                    at=planned.at,
                    action="skipped",
                    taken_at=None,
                    reason=reason,
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
    user: User,
    med: Medication,
    start: date,
    today: date,
    now: datetime,
    rng: random.Random,
    drinks: dict[date, float],
) -> None:
    """Afternoon doses for anxiety; late-evening ones after drinking, always after a night out."""
    day = start
    while day < today:
        roll = rng.random()
        if night_out(start, day) or (day in drinks and roll < 0.3):
            at = time(rng.randint(21, 22), rng.choice((0, 15, 30, 45)))
            reason = rng.choice(EVENING_REASONS)
        elif roll < 0.16:
            at = time(rng.randint(13, 19), rng.choice((0, 15, 30)))
            reason = rng.choice(PRN_REASONS)
        else:
            day += timedelta(days=1)
            continue
        first = scheduled_instant(day, at, user.timezone)
        event = as_needed.record_as_needed(
            user, med, taken_at=first, amount=0.5, reason=reason, confirmed=True, now=now
        )
        event.helped = rng.randint(4, 9)
        if rng.random() < 0.2:  # a second dose that evening, sometimes too soon
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
