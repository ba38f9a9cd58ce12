"""The check-ins kind in the export file: each mood check-in's 0–10 scales (null: not rated),
read back through the check-in's own rating rules."""

from __future__ import annotations

from tracker.checkins.models import MoodCheckin
from tracker.checkins.scales import KEYS
from tracker.checkins.services import checked_ratings, set_shown_scales, shown_scales
from tracker.exports.context import Context, Loader, entry_fields
from tracker.exports.entries import journal
from tracker.exports.kinds import Kind, ProfileSetting, cells
from tracker.exports.values import Fields

MOOD_SCALES = ("mood", "anxiety", "irritability", "energy", "focus")

TABLES: tuple[Kind, ...] = (
    journal("mood_checkins", MoodCheckin, MOOD_SCALES, cells=cells(numbers=MOOD_SCALES)),
)


def mood_checkin(ctx: Context, f: Fields) -> MoodCheckin:
    ratings = checked_ratings({k: f.integer(k) for k in MOOD_SCALES})
    if all(value is None for value in ratings.values()):
        raise f.refuse("mood", "rate at least one scale.")
    return MoodCheckin(**entry_fields(ctx, f), **ratings)


LOADERS: dict[str, Loader] = {"mood_checkins": mood_checkin}


PROFILE = (
    ProfileSetting(
        "mood_scales",
        dump=shown_scales,
        read=lambda f: f.keys("mood_scales", KEYS),
        apply=set_shown_scales,
        cell="keys",
    ),
)
