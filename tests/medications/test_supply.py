"""Supply arithmetic through the services: the level from counts, refills and taken doses, and
the run-out estimate read through the plan (a dose change, a taper ending in a stop, as-needed
use), in the user's local days."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from tests.conftest import NOW, make_user
from tests.medications.factories import get_user, prn_med, scheduled_med
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.medications import as_needed, doses, services, supply, tapers
from tracker.medications.models import DoseEvent, MedicationSupply, SupplyEvent
from tracker.timeutils import localize

TZ = "Europe/Berlin"
TABLETS_50 = supply.SupplyFields("tablet", 50, "mg")


def at(day: date, hh: int, mm: int = 0, tz: str = TZ) -> datetime:
    return localize(day, time(hh, mm), tz)


@pytest.fixture
def user(app):
    uid = make_user(app, tz=TZ)
    with app.app_context():
        yield get_user(uid)


def _take(user, med, day: date, amount: float | None = None) -> DoseEvent:
    return doses.record_scheduled(
        user, med, day=day, at=time(8), action="taken", taken_at=at(day, 8, 5),
        amount=amount, now=at(day, 9),
    )  # fmt: skip


def _status(user, med, now: datetime = NOW) -> supply.SupplyStatus:
    status = supply.supply_status(user, med, now=now)
    assert status is not None
    return status


def test_a_dose_change_from_50_to_100_mg_of_50_mg_tablets_takes_two_a_day(user):
    med = scheduled_med(user, started_on=date(2025, 5, 1))
    services.change_schedule(
        user, med, effective_from=date(2025, 6, 10), doses=[(time(8), 100)], note=None,
        today=date(2025, 6, 2), now=NOW,
    )  # fmt: skip
    supply.set_supply(user, med, TABLETS_50, units_on_hand=20, now=at(date(2025, 6, 1), 9))
    _take(user, med, date(2025, 6, 2))
    status = _status(user, med)  # 12:00 in Berlin, today's dose taken
    assert status.level == 19
    # 7 days of one tablet (3–9 June), then 6 of two (10–15 June) use all 19.
    assert (status.days_left, status.runs_out_on) == (14, date(2025, 6, 16))
    assert status.basis == "schedule"
    _take(user, med, date(2025, 6, 10))  # 100 mg: two tablets
    _take(user, med, date(2025, 6, 11), amount=100)
    later = _status(user, med, at(date(2025, 6, 11), 12))
    assert later.level == 15  # 3–9 June were never logged: missed doses take nothing


def _taper(user, units: float):
    med = scheduled_med(user, started_on=date(2025, 5, 1), doses=((time(8), 100),))
    plan = tapers.TaperInput(date(2025, 6, 5), 100, 25, 7, 25, True, time(8), "prescriber")
    tapers.plan_taper(user, med, plan, today=date(2025, 6, 2), now=NOW)
    tablets = supply.SupplyFields("tablet", 25)
    supply.set_supply(user, med, tablets, units_on_hand=units, now=NOW)
    return med


def test_a_taper_uses_fewer_tablets_each_step_and_runs_out_mid_step(user):
    med = _taper(user, 50)  # 4 a day to 11 June, then 3 a day
    status = _status(user, med)
    assert (status.days_left, status.runs_out_on) == (14, date(2025, 6, 16))
    assert status.until_stop is None


def test_a_taper_ending_in_a_stop_runs_out_only_if_short_before_the_stop(user):
    med = _taper(user, 78)  # exactly the 78 tablets of 3 June to 2 July; stopped from 3 July
    status = _status(user, med)
    assert (status.days_left, status.runs_out_on, status.until_stop) == (
        None,
        None,
        date(2025, 7, 3),
    )
    assert not status.warn
    short = supply.add_event(user, med, kind="count", units=77, now=NOW)
    assert short.kind == "count"
    status = _status(user, med)
    assert (status.runs_out_on, status.until_stop) == (date(2025, 7, 2), None)


def test_half_a_tablet_is_subtracted_for_a_dose_of_half_the_unit(user):
    med = scheduled_med(user, started_on=date(2025, 5, 1), doses=((time(8), 25),))
    supply.set_supply(user, med, TABLETS_50, units_on_hand=10, now=at(date(2025, 6, 1), 9))
    _take(user, med, date(2025, 6, 2))
    status = _status(user, med)
    assert status.level == 9.5
    # 19 days of half a tablet from tomorrow: it runs out on the 20th day from today.
    assert (status.days_left, status.runs_out_on) == (20, date(2025, 6, 22))


def test_skipped_and_missed_doses_take_nothing_from_the_supply(user):
    med = scheduled_med(user, started_on=date(2025, 5, 1))
    supply.set_supply(user, med, TABLETS_50, units_on_hand=10, now=at(date(2025, 5, 29), 9))
    doses.record_scheduled(
        user, med, day=date(2025, 5, 30), at=time(8), action="skipped", taken_at=None, now=NOW
    )
    _take(user, med, date(2025, 5, 31))  # 1 June: missed, no record
    assert _status(user, med).level == 9


def test_a_refill_adds_and_a_count_in_the_past_corrects_every_level_after_it(user):
    med = scheduled_med(user, started_on=date(2025, 5, 1))
    supply.set_supply(user, med, TABLETS_50, units_on_hand=30, now=at(date(2025, 5, 28), 9))
    for day in range(29, 32):
        _take(user, med, date(2025, 5, day))
    taken = [_take(user, med, date(2025, 6, d)) for d in (1, 2)]
    supply.add_event(user, med, kind="refill", units=30, at=at(date(2025, 5, 31), 20), now=NOW)
    assert _status(user, med).level == 55  # 30 − 5 + 30
    supply.add_event(
        user, med, kind="count", units=12, at=at(date(2025, 6, 1), 9), note="recount", now=NOW
    )
    assert _status(user, med).level == 11  # 12 counted after the 1 June dose, then 2 June's
    rows = supply.list_events(user, med)
    assert [(r.event.kind, r.level_after) for r in rows] == [
        ("count", 12),
        ("refill", 57),
        ("count", 30),
    ]
    # The level is computed: editing or deleting a dose moves it with nothing else to do.
    event = taken[1]
    doses.update_dose(
        user, event, row_version=event.row_version, action="skipped", taken_at=None,
        amount=None, reason=None, note=None, helped=None, now=NOW,
    )  # fmt: skip
    assert _status(user, med).level == 12
    db.session.delete(taken[0])
    db.session.flush()
    assert _status(user, med).level == 12  # that dose was before the count


def test_as_needed_estimates_from_the_average_of_the_last_28_days_and_says_so(user):
    med = prn_med(user, max_per_24h=None, min_interval_minutes=None)
    pill = supply.SupplyFields("tablet", 500, "µg")  # 0.5 mg: one tablet a dose
    supply.set_supply(user, med, pill, units_on_hand=20, now=NOW - timedelta(days=30))
    for days_ago in range(1, 29, 2):  # 14 doses in 28 days: half a tablet a day
        when = NOW - timedelta(days=days_ago)
        as_needed.record_as_needed(
            user, med, taken_at=when, amount=0.5, reason=None, note=None, now=when
        )
    status = _status(user, med)
    assert status.level == 6
    assert (status.basis, status.per_day, status.over_days) == ("average", 0.5, 28)
    assert (status.days_left, status.runs_out_on) == (12, date(2025, 6, 14))


def test_as_needed_without_use_has_no_estimate(user):
    med = prn_med(user)
    supply.set_supply(user, med, supply.SupplyFields("tablet", 0.5), units_on_hand=20, now=NOW)
    status = _status(user, med)
    assert (status.days_left, status.runs_out_on, status.warn) == (None, None, False)
    assert status.problem == "No doses in the last 28 days, so no estimate."


@pytest.mark.parametrize(
    ("tz", "now", "today", "days_left"),
    [
        # 00:30 on 29 March in Berlin (28 March in UTC), the night that loses an hour: today's
        # 08:00 dose is still ahead, so 29–31 March are covered.
        ("Europe/Berlin", datetime.fromisoformat("2026-03-28T23:30+00:00"), date(2026, 3, 29), 3),
        # 23:30 on 31 October in New York (1 November in UTC), before the night that gains an
        # hour: today's dose has passed, so 1–3 November are covered.
        ("America/New_York", datetime.fromisoformat("2026-11-01T03:30+00:00"),
         date(2026, 10, 31), 4),
    ],
)  # fmt: skip
def test_days_left_count_local_dates_across_a_dst_change(app, tz, now, today, days_left):
    with app.app_context():
        user = get_user(make_user(app, "dst@example.org", tz=tz))
        med = scheduled_med(user, started_on=date(2026, 1, 1), today=date(2026, 1, 1))
        supply.set_supply(user, med, TABLETS_50, units_on_hand=3, now=now)
        status = _status(user, med, now)
        assert status.days_left == days_left
        assert status.runs_out_on == today + timedelta(days=days_left)


def test_refills_due_names_the_medications_within_their_warning_days(user):
    soon = scheduled_med(user, name="sertraline", started_on=date(2025, 5, 1))
    later = scheduled_med(user, name="bupropion", started_on=date(2025, 5, 1))
    untracked = scheduled_med(user, name="lithium", started_on=date(2025, 5, 1))
    stopped = scheduled_med(user, name="quetiapine", started_on=date(2025, 5, 1))
    supply.set_supply(user, soon, TABLETS_50, units_on_hand=5, now=NOW)
    supply.set_supply(user, later, TABLETS_50, units_on_hand=20, now=NOW)
    supply.set_supply(user, stopped, TABLETS_50, units_on_hand=1, now=NOW)
    services.stop_medication(
        user, stopped, stopped_on=date(2025, 6, 1), reason="cost", today=date(2025, 6, 2)
    )
    assert untracked.id and supply.supply_status(user, untracked, now=NOW) is None
    assert _status(user, stopped).problem == "Stopped from 2025-06-01: no estimate."
    due = supply.refills_due(user, NOW)
    # Today's 08:00 dose had passed unlogged: 3–7 June are covered.
    assert due == [supply.RefillDue(soon.id, "sertraline", 6, date(2025, 6, 8), 5.0)]
    wider = supply.SupplyFields("tablet", 50, warn_days=21)
    supply.set_supply(user, later, wider, now=NOW)
    assert [d.name for d in supply.refills_due(user, NOW)] == ["sertraline", "bupropion"]


@pytest.mark.parametrize(
    ("fields", "units", "field", "message"),
    [
        (supply.SupplyFields("tablet", 50), -1, "units_on_hand", "0 or more"),
        (supply.SupplyFields("tablet", 0), 10, "unit_size", "above 0"),
        (supply.SupplyFields("tablet", 1, "ml"), 10, "size_unit", "give the size in mg"),
        (supply.SupplyFields("pill box", 50), 10, "unit_kind", "from the list"),
        (supply.SupplyFields("tablet", 50, warn_days=-2), 10, "warn_days", "0 and 90"),
    ],
)
def test_bad_supply_settings_are_refused_by_their_field(user, fields, units, field, message):
    med = scheduled_med(user)
    with pytest.raises(Invalid) as refused:
        supply.set_supply(user, med, fields, units_on_hand=units, now=NOW)
    assert (refused.value.field, message in refused.value.message) == (field, True)


def test_a_unit_size_in_a_mass_unit_converts_to_the_dose_unit(user):
    med = scheduled_med(user, started_on=date(2025, 5, 1))  # 50 mg a day
    supply.set_supply(
        user, med, supply.SupplyFields("tablet", 0.05, "g"), units_on_hand=10, now=NOW
    )
    assert _status(user, med).runs_out_on == date(2025, 6, 13)  # today's 08:00 dose had passed


def test_bad_events_are_refused_and_the_only_count_stays(user):
    med = scheduled_med(user)
    with pytest.raises(Invalid, match="Set up the supply"):
        supply.add_event(user, med, kind="refill", units=10, now=NOW)
    supply.set_supply(user, med, TABLETS_50, units_on_hand=10, now=NOW)
    for kind, units in (("refill", 0), ("refill", -3), ("count", -1)):
        with pytest.raises(Invalid):
            supply.add_event(user, med, kind=kind, units=units, now=NOW)
    with pytest.raises(Invalid, match="in the future"):
        supply.add_event(user, med, kind="refill", units=5, at=NOW + timedelta(hours=1), now=NOW)
    (only,) = db.session.scalars(db.select(SupplyEvent)).all()
    with pytest.raises(Invalid, match="only count"):
        supply.delete_event(user, only)


def test_stopping_tracking_deletes_the_settings_and_events(user):
    med = scheduled_med(user)
    supply.set_supply(user, med, TABLETS_50, units_on_hand=10, now=NOW)
    supply.add_event(user, med, kind="refill", units=5, now=NOW)
    supply.stop_tracking(user, med)
    assert db.session.scalars(db.select(SupplyEvent)).all() == []
    assert db.session.scalars(db.select(MedicationSupply)).all() == []
