"""Questionnaires as plain rows, read once for the snapshot (tracker/snapshot.py).

The whole history, whatever the range: response and remission are measured from the first
score ever, and the safety box reads every PHQ-9 (a positive item 9 before the range is never
hidden)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.auth.models import User
from tracker.questionnaires import instruments as ins
from tracker.questionnaires.services import Result, Score, all_results


@dataclass(frozen=True)
class QuestionnaireLog:
    results: tuple[Result, ...]  # every entry, oldest first, each with its change

    def all_scores(self, instrument: str) -> list[Score]:
        """Every score of an instrument, oldest first (as services.all_scores)."""
        return [
            Score(r.day, r.total, r.band, r.item9)
            for r in self.results
            if r.instrument == instrument
        ]

    def scores(self, instrument: str, first: date, last: date) -> list[Score]:
        """An instrument's scores of local days first..last, oldest first."""
        return [s for s in self.all_scores(instrument) if first <= s.day <= last]

    def results_between(self, first: date, last: date) -> dict[str, list[Result]]:
        """The entries of first..last, newest first, grouped by instrument (as
        services.results_between)."""
        grouped: dict[str, list[Result]] = {key: [] for key in (*ins.INSTRUMENTS, ins.OTHER)}
        for r in reversed(self.results):
            if first <= r.day <= last:
                grouped[r.instrument].append(r)
        return grouped


def read(user: User, first: date, last: date) -> QuestionnaireLog:
    """The questionnaires kind's rows: the whole history (see the module's note)."""
    return QuestionnaireLog(tuple(all_results(user)))
