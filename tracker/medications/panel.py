"""The doses part of the Today page: the day's slots, yesterday's still open, as-needed doses."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from tracker.auth.models import User
from tracker.medications import doses, supply
from tracker.medications.forms import AsNeededForm, SkipForm, TakeForm
from tracker.timeutils import local_today

# What the doses part reads: the medications, their schedules (versions, doses, taper plans),
# the dose log, the supply and its events, and the user's zone and on-time window.
TABLES: tuple[str, ...] = (
    "users",
    "medications",
    "schedule_versions",
    "schedule_doses",
    "taper_plans",
    "dose_events",
    "medication_supplies",
    "supply_events",
)


def _slot_forms(slot: doses.Slot, backfill: bool) -> dict:
    """Forms for one dose; when filling in an earlier day, "Taken" means "at its time"."""
    ids = {"medication_id": slot.medication.id, "day": slot.day, "at": slot.at}
    taken_at = datetime.combine(slot.day, slot.at) if backfill else None
    return {
        "slot": slot,
        "backfill": backfill,
        "take": TakeForm(formdata=None, **ids, amount=slot.amount, taken_at=taken_at),
        "skip": SkipForm(formdata=None, **ids),
    }


def today_panel(user: User, day: date, now: datetime) -> dict[str, Any]:
    """Context for templates/today/_doses.html; `done` when every slot has a status, and the
    day's progress `asks` for doses only when the day has slots."""
    sheet = doses.day_sheet(user, day, now=now)
    backfill = day < local_today(user.timezone, now)
    slots = [_slot_forms(s, backfill) for s in sheet.slots]
    # The supply line shows under a medication's first dose of the day, on today's page only.
    short = supply.warnings(user, now) if day == local_today(user.timezone, now) else {}
    for item in slots:
        item["supply"] = short.pop(item["slot"].medication.id, None)
    return {
        "supply": short,  # what is left: as-needed medications (and ones without a dose today)
        "carried": [_slot_forms(s, False) for s in sheet.carried_over],
        "slots": slots,
        "as_needed": [
            (
                p,
                AsNeededForm(
                    formdata=None, medication_id=p.medication.id, amount=p.medication.default_amount
                ),
            )
            for p in sheet.as_needed
        ],
        "done": all(item["slot"].event is not None for item in slots),
        "asks": bool(slots),
    }
