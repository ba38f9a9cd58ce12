"""What a journal kind declares once, for every consumer to iterate (see tracker/registry.py).

A domain's `kind.py` builds one `JournalKind` from its own plain functions and classes; the
registry lists the kinds with ordinary imports; the Today page, the timeline, the exports and
imports, the API, the demo, the trends and the report walk that list and never name a kind.
A field left empty means the kind has no such part (no Today panel, no chart, ...); the
guard tests (tests/test_registry.py) check that each consumer covers every kind that has one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # types only: the consumers' modules import the registry, not the reverse
    from random import Random

    from tracker.auth.models import User
    from tracker.cli.demo_journal import Story
    from tracker.exports.context import Loader
    from tracker.exports.kinds import Kind as ExportTable
    from tracker.journal import TimelineItem


@dataclass(frozen=True)
class TodayPanel:
    """A part of the Today page: `build(user, day, now)` gives the context of `template`, read
    from `tables` (the part is drawn anew when one of them changes)."""

    build: Callable[[User, date, datetime], dict[str, Any]]
    tables: tuple[str, ...]
    template: str
    # Where the part stands on the page, smallest first (a quick daily log's order).
    position: int
    # Drawn inside the page's one check-in form: each Save posts the whole form to its own
    # endpoint, which carries the other parts' choices along.
    in_checkin: bool = False
    # The name the day's progress line gives the part when its context says whether it is
    # `done` (and, when it has `asks`, whether the day asks for it at all); None: not counted.
    progress: str | None = None
    # Drawn anew every minute too (a dose's status moves with the clock).
    by_minute: bool = False


@dataclass(frozen=True)
class JournalKind:
    """One journal domain as its consumers see it."""

    key: str  # the timeline filter's key and the domain's name: "sleep", "therapy", ...
    label: str  # what the timeline filter calls it
    models: tuple[type, ...]  # the tables of the user's entries, for the guard tests
    timeline: Callable[[User, date, date], list[TimelineItem]]
    panel: TodayPanel | None = None
    # The export's tables in file order (a table pointed at comes first), and the import's
    # loader of each, by table name.
    tables: tuple[ExportTable, ...] = ()
    loaders: Mapping[str, Loader] = field(default_factory=dict)
    # The demo (tracker/cli/demo.py): `demo(user, story, rng, now)` adds the kind's rows to the
    # demo account; the rng is the kind's own, so a kind's demo never shifts another's.
    demo: Callable[[User, Story, Random, datetime], None] | None = None
