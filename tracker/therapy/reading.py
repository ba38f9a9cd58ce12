"""Therapy sessions of a range as plain rows, read once for the snapshot (tracker/snapshot.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from tracker.auth.models import User
from tracker.therapy.services import MODALITIES, Session, sessions_between


@dataclass(frozen=True)
class TherapyLog:
    sessions: tuple[Session, ...]  # earliest first, private notes left out

    def between(self, first: date, last: date) -> list[Session]:
        """The sessions of local days first..last, earliest first."""
        return [s for s in self.sessions if first <= s.day <= last]

    def by_modality(self, first: date, last: date) -> dict[str, int]:
        """Sessions of each modality, in the modality list's order (as
        services.sessions_by_modality); modalities without a session left out."""
        counts = Counter(s.modality for s in self.between(first, last))
        known = {k: counts[k] for k in MODALITIES if k in counts}
        return known | {k: v for k, v in counts.items() if k not in MODALITIES}

    def homework(self, first: date, last: date) -> tuple[int, int]:
        """(Sessions that set homework, of those how many were marked done)."""
        given = [s for s in self.between(first, last) if s.homework]
        return len(given), sum(1 for s in given if s.homework_done)


def read(user: User, first: date, last: date) -> TherapyLog:
    """The therapy kind's rows of local days first..last."""
    return TherapyLog(tuple(sessions_between(user, first, last)))
