"""What the Today page shows: each kind's Today panel (the doses, then the check-in, then the
rest), each part drawn once and reused while its tables stand still (parts.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from tracker.auth.models import User
from tracker.dataversion import table_versions
from tracker.kind import TodayPanel
from tracker.medications.plan import STATUS_LABELS
from tracker.registry import KINDS
from tracker.reminders.channels import disabled_channels
from tracker.today import carry, parts, services

# (kind's key, its panel) in the order a quick daily log goes; each panel says where it stands.
PANELS: tuple[tuple[str, TodayPanel], ...] = tuple(
    sorted(
        ((k.key, k.panel) for k in KINDS if k.panel is not None),
        key=lambda item: item[1].position,
    )
)
# The parts drawn inside the page's one check-in form (adjacent in PANELS): each Save button
# posts the whole form to its own part's endpoint, which carries the others' choices along.
CHECKIN_PARTS: tuple[str, ...] = tuple(key for key, panel in PANELS if panel.in_checkin)
# The parts above the check-in form (the doses) and below it.
_FIRST_CHECKIN = min(panel.position for _, panel in PANELS if panel.in_checkin)
BEFORE: tuple[str, ...] = tuple(k for k, p in PANELS if p.position < _FIRST_CHECKIN)
AFTER: tuple[str, ...] = tuple(
    k for k, p in PANELS if p.position > _FIRST_CHECKIN and not p.in_checkin
)
# Facts of a part's context that the page's "done" line reads.
_FACTS = ("done", "asks")


def _part(
    name: str, panel: TodayPanel, user: User, day: date, now: datetime, common: dict, carried: tuple
) -> parts.Part:
    def draw() -> tuple[str, dict[str, Any]]:
        context = panel.build(user, day, now)
        if panel.in_checkin:
            carry.apply(context.get("form"), *carried)
        facts = {k: context[k] for k in _FACTS if k in context}
        return parts.render_part(panel.template, {**common, "panel": context}), facts

    return parts.Part(name, panel.tables, draw, by_minute=panel.by_minute)


def today_context(user: User, day: date, today: date, now: datetime) -> dict[str, Any]:
    """The context of templates/today/show.html for the local `day`."""
    common = {"day": day, "today": today, "labels": STATUS_LABELS}
    carried = carry.take(day)
    versions = table_versions(user)
    drawn = {
        name: parts.draw(
            part,
            parts.part_key(user, day, today, part, versions, now),
            # a part carrying unsaved choices back is drawn for this answer only
            reuse=not (carried[0] and name in CHECKIN_PARTS),
        )
        for name, panel in PANELS
        for part in (_part(name, panel, user, day, now, common, carried),)
    }
    return {
        **common,
        "drawn": drawn,
        "parts_before": BEFORE,
        "checkin_parts": CHECKIN_PARTS,
        "parts_after": AFTER,
        "disabled_channels": disabled_channels(user) if day == today else [],
        "progress": services.day_progress(
            [(panel.progress, drawn[name].facts) for name, panel in PANELS if panel.progress]
        ),
    }
