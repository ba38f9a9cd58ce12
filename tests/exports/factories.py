"""An account with every kind of record, made through the services (call inside an app
context): unicode, multi-line notes, cells a spreadsheet would run, several zones, a night
across the spring-forward change, planned taper steps, a confirmed over-limit as-needed dose."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from tests.conftest import NOW
from tracker.activity import own as own_practices_
from tracker.activity import services as activity
from tracker.appointments import questions
from tracker.appointments import services as appointments
from tracker.auth import services as auth
from tracker.auth.models import User
from tracker.checkins import services as checkins
from tracker.extensions import db
from tracker.labs import services as labs
from tracker.medications import as_needed, doses, services, supply, tapers
from tracker.medications.models import Medication
from tracker.questionnaires import services as questionnaires
from tracker.sleep import naps
from tracker.sleep import services as sleep
from tracker.sleep.measures import place_night
from tracker.symptoms import following
from tracker.symptoms import services as symptoms_services
from tracker.therapy import services as therapy
from tracker.timeutils import localize
from tracker.vitals import services as vitals

NOTE = "Felt “flat” today —\nsecond line: ünïcødé 😊\r\nthird line\ttabbed"
FORMULA = '=HYPERLINK("http://evil.example","click")'


def at(day: date, hh: int, mm: int = 0, tz: str = "Europe/Berlin") -> datetime:
    return localize(day, time(hh, mm), tz)


def _zone(user: User, tz: str) -> None:
    user.timezone = tz  # the user travels: new entries keep the zone they were made in


def medications(user: User, marker: str) -> tuple[Medication, Medication]:
    F = services.MedicationFields  # noqa: N806
    sertraline = services.create_medication(
        user,
        F(name="Zoloft", form="tablet", strength=50, purpose=f"Depression {marker}", notes=NOTE),
        doses=[(time(8), 50)],
        today=date(2025, 3, 1),
        now=at(date(2025, 3, 1), 9),
    )
    services.change_schedule(
        user,
        sertraline,
        effective_from=date(2025, 4, 1),
        doses=[(time(8), 75), (time(20), 25)],
        note="Increase ↑ after review",
        today=date(2025, 4, 1),
        now=at(date(2025, 4, 1), 9),
    )
    plan = tapers.TaperInput(date(2025, 5, 1), 100, 25, 14, 25, True, time(8), "prescriber")
    tapers.plan_taper(user, sertraline, plan, today=date(2025, 4, 20), now=at(date(2025, 4, 20), 9))
    lorazepam = services.create_medication(
        user,
        F(
            name="lorazepam",
            as_needed=True,
            unit="mg",
            default_amount=0.5,
            max_per_24h=1,
            min_interval_minutes=240,
            prescriber="Dr. Ōkafor",
            started_on=date(2025, 2, 1),
        ),
        today=date(2025, 2, 1),
        now=at(date(2025, 2, 1), 9),
    )
    old = services.create_medication(
        user,
        F(name="melatonin", form="other", unit="mg", started_on=date(2025, 1, 1)),
        doses=[(time(22, 30), 2)],
        today=date(2025, 1, 1),
        now=at(date(2025, 1, 1), 9),
    )
    services.stop_medication(
        user, old, stopped_on=date(2025, 2, 1), reason="not_effective", today=date(2025, 2, 1)
    )
    return sertraline, lorazepam


def dose_log(user: User, sertraline: Medication, lorazepam: Medication) -> None:
    day = date(2025, 4, 10)
    doses.record_scheduled(
        user, sertraline, day=day, at=time(8), action="taken", taken_at=at(day, 8, 20), now=NOW
    )
    doses.record_scheduled(
        user,
        sertraline,
        day=day,
        at=time(20),
        action="skipped",
        taken_at=None,
        reason="-felt sick",
        note=NOTE,
        now=NOW,
    )
    _zone(user, "America/New_York")
    doses.record_scheduled(
        user,
        sertraline,
        day=day + timedelta(days=1),
        at=time(8),
        action="taken",
        taken_at=at(day + timedelta(days=1), 8, 5, "America/New_York"),
        amount=50,
        now=NOW,
    )
    first = as_needed.record_as_needed(
        user,
        lorazepam,
        taken_at=at(day, 15, tz="America/New_York"),
        amount=0.5,
        reason="Crowded train",
        now=NOW,
    )
    doses.update_dose(
        user,
        first,
        row_version=first.row_version,
        action="taken",
        taken_at=first.taken_at,
        amount=0.5,
        reason="Crowded train",
        note=None,
        helped=7,
        now=NOW,
    )
    as_needed.record_as_needed(
        user,
        lorazepam,
        taken_at=at(day, 16, tz="America/New_York"),
        amount=1,
        reason="@night panic",
        confirmed=True,
        now=NOW,
    )


def journal(user: User, sertraline: Medication, marker: str) -> None:
    _zone(user, "Asia/Kolkata")  # +05:30
    day = date(2025, 5, 25)
    symptoms_services.log_symptom(
        user,
        symptoms_services.EntryFields(
            "brain_fog", 6, sertraline.id, NOTE, at(day, 9, 15, "Asia/Kolkata")
        ),
        now=NOW,
    )
    own = following.add_symptom(user, f"Jaw clenching 😬 {marker}")
    symptoms_services.log_symptom(
        user, symptoms_services.EntryFields(f"own{own.id}", 0, None, None, at(day, 21)), now=NOW
    )
    checkins.record_checkin(
        user,
        ratings={"mood": 3, "anxiety": 7},
        note=FORMULA,
        at=at(day, 8, tz="Asia/Kolkata"),
        now=NOW,
    )
    checkins.record_checkin(
        user, ratings={"energy": 0, "focus": 10}, note="'quoted on purpose", now=NOW
    )
    _zone(user, "Europe/Berlin")
    # A night across the spring-forward change: 23:30 to 07:00 is 6.5 hours, not 7.5.
    night = place_night(
        date(2025, 3, 30),
        into_bed=time(23),
        tried_to_sleep=time(23, 30),
        final_awakening=time(7),
        out_of_bed=time(7, 20),
        tz="Europe/Berlin",
    )
    sleep.record_night(user, sleep.Night(night, 20, 2, 15, 2, NOTE), now=NOW)
    naps.record_nap(
        user, start=at(day, 14, tz="Europe/Berlin"), minutes=25, note="+ short", now=NOW
    )
    _zone(user, "Australia/Lord_Howe")  # a half-hour DST zone
    activity.record_activity(
        user,
        kind="walking",
        minutes=40,
        steps=5123,
        at=at(day, 7, tz="Australia/Lord_Howe"),
        note=f"Beach {marker}",
        now=NOW,
    )
    activity.record_activity(
        user,
        kind="yoga",
        minutes=20,
        intensity="light",
        steps=877,
        at=at(day, 18, tz="Australia/Lord_Howe"),
        now=NOW,
    )
    activity.record_practice(user, practice="mindfulness", minutes=10, helpful=8, now=NOW)
    activity.record_practice(user, practice="meals", helpful=None, now=NOW)
    own_practices(user, marker)
    activity.record_substance(user, substance="caffeine", amount=2, now=NOW)
    activity.record_substance(
        user, substance="alcohol", amount=1.5, note="-2 units, then stopped", now=NOW
    )
    _zone(user, "Europe/Berlin")
    therapy.record_session(
        user,
        therapy.SessionFields(
            modality="cbt",
            at=at(day, 17),
            therapist="Ms Ångström",
            duration_minutes=50,
            topics="Sleep; work",
            skills="Thought record",
            homework="Two thought records",
            homework_done=True,
            mood_before=3,
            mood_after=5,
            notes=f"Private {marker}:\nthings I said\n\nand more",
        ),
        now=NOW,
    )


def own_practices(user: User, marker: str) -> None:
    """Two practices of the user's own, one not followed, with an entry each."""
    prayer = own_practices_.add_own_practice(
        user, name=f"Prayer {marker}", mode="yes_no", hint="=Morning; evening", now=NOW
    )
    somatic = own_practices_.add_own_practice(
        user, name="Somatic exercises", mode="minutes", followed=False, now=NOW
    )
    activity.record_practice(user, own_practice_id=prayer.id, helpful=7, note=NOTE, now=NOW)
    activity.record_practice(user, own_practice_id=somatic.id, minutes=15, now=NOW)


def scores(user: User) -> None:
    when = at(date(2025, 5, 26), 20)
    questionnaires.record_answers(
        user, "phq9", [1, 2, 1, 2, 0, 1, 2, 1, 1], difficulty=2, note=NOTE, now=when
    )
    questionnaires.record_answers(user, "gad7", [3, 3, 3, 3, 3, 3, 3], now=when)
    questionnaires.record_answers(user, "phq9", [0] * 9, now=when + timedelta(days=1))
    questionnaires.record_answers(user, "fibser", [2, 3, 4], now=when)
    questionnaires.record_other(user, name="ODQ", total=88, taken_on=date(2025, 5, 27), now=NOW)


def visits(user: User, marker: str) -> None:
    _zone(user, "America/New_York")
    F = appointments.AppointmentFields  # noqa: N806
    past = appointments.record_appointment(
        user,
        F(date(2025, 5, 20), "prescriber", time(9, 30), f"Dr Okafor {marker}", NOTE),
        now=NOW,
    )
    appointments.record_appointment(user, F(date(2025, 5, 28), "therapist"), now=NOW)
    appointments.record_appointment(user, F(date(2025, 7, 1), "other", time(14)), now=NOW)
    asked = questions.add_question(user, "Is the fog the dose?\nSince the increase", now=NOW)
    questions.mark_asked(
        user, asked, appointment_id=past.id, answer="-Wait 2 weeks", row_version=1, now=NOW
    )
    questions.add_question(user, f"=Ask about sleep {marker}", now=NOW)


def supplies(user: User, sertraline: Medication, lorazepam: Medication, marker: str) -> None:
    """Tablets of 50 mg (a 25 mg dose is half of one), a refill, a count in the past that
    corrects the level, and an as-needed medication's 0.5 mg tablets given in µg."""
    tablets = supply.SupplyFields("tablet", 50, "mg", warn_days=10)
    supply.set_supply(user, sertraline, tablets, units_on_hand=30, now=at(date(2025, 4, 1), 7))
    supply.add_event(
        user, sertraline, kind="refill", units=28.5, note=f"Pharmacy {marker}\n2nd line",
        at=at(date(2025, 4, 12), 17), now=NOW,
    )  # fmt: skip
    supply.add_event(
        user, sertraline, kind="count", units=33, at=at(date(2025, 4, 11), 21), now=NOW
    )
    small = supply.SupplyFields("tablet", 500, "µg")
    supply.set_supply(user, lorazepam, small, units_on_hand=20, now=at(date(2025, 3, 1), 12))


def full_account(email: str = "ada@example.org", marker: str = "ada") -> User:
    """A user with every kind of record; committed."""
    user = auth.create_user(email, "correct horse battery", "Europe/Berlin", now=NOW)
    auth.update_settings(
        user, timezone="Europe/Berlin", on_time_window_minutes=45, display_name=f"Zoë {marker}"
    )
    activity.set_followed_practices(user, ["water", "journaling"])
    checkins.set_shown_scales(user, ["mood", "energy", "anxiety"])
    questionnaires.set_cadence(user, 7)
    sertraline, lorazepam = medications(user, marker)
    dose_log(user, sertraline, lorazepam)
    supplies(user, sertraline, lorazepam, marker)
    journal(user, sertraline, marker)
    scores(user)
    visits(user, marker)
    measures(user, marker)
    user.timezone = "Pacific/Chatham"  # +12:45: the account's zone at export differs again
    db.session.commit()
    return user


def measures(user: User, marker: str) -> None:
    """Vitals in both units (weights kept as entered) and lab results, catalog and named."""
    vitals.set_weight_unit(user, "lb")
    morning = NOW - timedelta(days=2)
    weight = vitals.VitalFields(at=morning, weight=180.4, systolic=128, diastolic=82, pulse=71)
    vitals.record_vitals(user, weight, now=NOW)
    resting = vitals.VitalFields(at=NOW, weight=81.5, weight_unit="kg", heart_rate=58, note=NOTE)
    vitals.record_vitals(user, resting, now=NOW)
    draw = NOW - timedelta(days=1)
    level = labs.LabFields(
        "lithium", 0.72, ref_low=0.6, ref_high=1.0, last_dose_at=draw - timedelta(hours=12), at=draw
    )
    labs.record_lab(user, level, now=NOW)
    named = labs.LabFields(None, 4.2, unit="mmol/L", name=f"Potassium {marker}", at=draw)
    labs.record_lab(user, named, now=NOW)


def fibser_account(email: str = "fib@example.org") -> User:
    """A user with one FIBSER (frequency 5, intensity 1, burden 3) and one GAD-7; committed."""
    user = empty_user(email)
    questionnaires.record_answers(user, "fibser", [5, 1, 3], now=NOW)
    questionnaires.record_answers(user, "gad7", [1] * 7, now=NOW)
    db.session.commit()
    return user


def empty_user(email: str = "new@example.org") -> User:
    user = auth.create_user(email, "correct horse battery", "UTC", now=NOW)
    db.session.commit()
    return user


def get_user(user_id: int) -> User:
    return db.session.get(User, user_id)
