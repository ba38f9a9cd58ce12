"""What the Today page shows: the doses, then each domain's part of the check-in, each part
drawn once and reused while its tables stand still (parts.py)."""

from __future__ import annotations

import importlib
from datetime import date, datetime
from typing import Any

from tracker.auth.models import User
from tracker.dataversion import table_versions
from tracker.medications import doses
from tracker.medications.forms import AsNeededForm, SkipForm, TakeForm
from tracker.medications.plan import STATUS_LABELS
from tracker.today import carry, parts, services

# The check-in parts below the doses, in the order a quick daily log goes: each domain's
# panel.today_panel(user, day, now) gives the context of templates/<domain>/_today.html, and
# its panel.TABLES names the tables that context is read from.
PANELS: tuple[str, ...] = (
    "checkins",
    "sleep",
    "symptoms",
    "activity",
    "therapy",
    "questionnaires",
    "appointments",
)
# The parts drawn inside the page's one check-in form (adjacent in PANELS): each Save button
# posts the whole form to its own part's endpoint, which carries the others' choices along.
CHECKIN_PARTS: tuple[str, ...] = ("checkins", "sleep", "symptoms")
# What the doses part reads: the medications, their schedules (versions, doses, taper plans),
# the dose log, and the user's zone and on-time window.
DOSE_TABLES: tuple[str, ...] = (
    "users",
    "medications",
    "schedule_versions",
    "schedule_doses",
    "taper_plans",
    "dose_events",
)
# Facts of a part's context that the page's "done" line reads.
_FACTS = ("done",)


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


def _dose_context(user: User, day: date, today: date, now: datetime) -> dict:
    sheet = doses.day_sheet(user, day, now=now)
    return {
        "carried": [_slot_forms(s, False) for s in sheet.carried_over],
        "slots": [_slot_forms(s, day < today) for s in sheet.slots],
        "as_needed": [
            (
                p,
                AsNeededForm(
                    formdata=None, medication_id=p.medication.id, amount=p.medication.default_amount
                ),
            )
            for p in sheet.as_needed
        ],
    }


def _module(name: str) -> Any:
    return importlib.import_module(f"tracker.{name}.panel")


def _doses_part(user: User, day: date, today: date, now: datetime, common: dict) -> parts.Part:
    def draw() -> tuple[str, dict[str, Any]]:
        context = _dose_context(user, day, today, now)
        slots = [item["slot"] for item in context["slots"]]
        facts = {"slots": len(slots), "all_given": all(s.event is not None for s in slots)}
        return parts.render_part("today/_doses.html", {**common, **context}), facts

    return parts.Part("doses", DOSE_TABLES, draw, by_minute=True)


def _panel_part(
    name: str, user: User, day: date, now: datetime, common: dict, carried: tuple
) -> parts.Part:
    module = _module(name)

    def draw() -> tuple[str, dict[str, Any]]:
        panel = module.today_panel(user, day, now)
        if name in CHECKIN_PARTS:
            carry.apply(panel.get("form"), *carried)
        facts = {k: panel[k] for k in _FACTS if k in panel}
        facts["asks"] = name != "symptoms" or bool(panel.get("rows"))
        return parts.render_part(f"{name}/_today.html", {**common, "panel": panel}), facts

    return parts.Part(name, module.TABLES, draw)


def today_context(user: User, day: date, today: date, now: datetime) -> dict[str, Any]:
    """The context of templates/today/show.html for the local `day`."""
    common = {"day": day, "today": today, "labels": STATUS_LABELS}
    values, errors = carry.take(day)
    versions = table_versions(user)
    every = [_doses_part(user, day, today, now, common)]
    every += [_panel_part(n, user, day, now, common, (values, errors)) for n in PANELS]
    drawn = {
        part.name: parts.draw(
            part,
            parts.part_key(user, day, today, part, versions, now),
            # a part carrying unsaved choices back is drawn for this answer only
            reuse=not (values and part.name in CHECKIN_PARTS),
        )
        for part in every
    }
    return {
        **common,
        "drawn": drawn,
        "panel_order": PANELS,
        "checkin_parts": CHECKIN_PARTS,
        "progress": services.day_progress(
            drawn["doses"].facts, {n: drawn[n].facts for n in PANELS}
        ),
    }
