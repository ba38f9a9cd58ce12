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

    from flask import Blueprint

    from tracker.api.crud import Resource
    from tracker.auth.models import User
    from tracker.charts.series import Frame
    from tracker.charts.tables import Table
    from tracker.cli.demo_journal import Story
    from tracker.exports.context import Check, Loader
    from tracker.exports.fhir_codes import BundleContext
    from tracker.exports.kinds import Kind as ExportTable
    from tracker.exports.kinds import ProfileSetting
    from tracker.journal import TimelineItem
    from tracker.snapshot import Snapshot


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
class ChartKind:
    """A chart of the Trends page: how its series is read, drawn, worded and tabled."""

    key: str  # its URL: /trends/<key>
    title: str
    read: Callable[[Snapshot], Any]  # the series over the snapshot's range
    render: str  # the name of its render function in tracker.charts.render
    describe: Callable[[Any, Frame], str]  # the text alternative
    table: Callable[[Any, Frame], Table]  # the data table beside it
    # Its picture depends on the clock, not only on the data: a dose becomes "missed" once
    # its window has passed with nothing recorded.
    clock: bool = False
    # The kinds whose rows its series read (the snapshot reads only these, and the plan).
    kinds: tuple[str, ...] = ()
    # Height against width as the demo draws it, at 320-480 CSS px and at 720: the page keeps
    # this box for the picture while it loads (tracker/trends/screens.py).
    aspect: tuple[float, float] = (1.0, 0.6)


@dataclass(frozen=True)
class ReportLine:
    """One paragraph of a report section: its subject in bold, a space, the data in words
    ("Weight" "82.4 kg on 3 Nov; …")."""

    label: str  # "Weight", "Lithium"
    text: str


@dataclass(frozen=True)
class ReportSection:
    """A kind's part of the prescriber report, as words both the page and the PDF show. It
    states the data and addresses nobody (tests/test_wording_advice.py reads it rendered)."""

    key: str  # the HTML id is report-<key>
    title: str
    lines: tuple[ReportLine, ...]
    note: str | None = None  # small print under the lines: how the numbers were taken


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

    # Exports and imports (tracker/exports/, which names no kind). The codec lives in the
    # kind's package (`tracker/<domain>/codec.py`; tracker/sleep/codec.py is a short one):
    # - `tables`: `tracker.exports.kinds.Kind`s, each a name (its JSON key and CSV file),
    #   model, columns, `dump(row, refs)` giving a dict of the columns, `cells` (which CSV
    #   cells are numbers, flags, lists), `has_ref` when other tables point at its rows (a
    #   dump names them with `kinds.ref(refs, "medications", row.medication_id)`, a loader
    #   with `ctx.ref(f, "medication_ref", "medications")`); an entry table with the shared
    #   at/tz/day … note/created_at columns is `tracker.exports.entries.journal(...)`. The
    #   registry's order is the file's: a kind added at its end leaves older files as they are.
    # - `loaders`: each table's name -> `loader(ctx, f)`, reading one row's fields through
    #   the domain's own rules into an unsaved model (`tracker.exports.context`).
    # - `checks`: a table's name -> `check(ctx)`, over its rows once all are read (optional).
    # - `fhir(ctx)`: adds the kind's resources to the Bundle from `ctx.account.tables`
    #   (`tracker.exports.fhir_codes.BundleContext`, its helpers); None: not in the Bundle.
    # tests/test_registry_exports.py fails when a model has no table, a table no loader, the
    # full account of tests/exports/factories.py no row of a table, or a kind no `fhir`
    # without a reason there.
    checks: Mapping[str, Check] = field(default_factory=dict)
    fhir: Callable[[BundleContext], None] | None = None
    # The API (tracker/api/README.md): a `tracker.api.crud.Resource` whose `path_ids` maps each
    # id argument of its rules to the model it names, and whose routes (declared with its
    # get/post/patch/delete decorators, or built by `crud.crud()`) views.py adds to the API's
    # blueprint. Every kind has one (tests/test_registry_api.py); None only while building one.
    api: Resource | None = None
    # The snapshot (tracker/snapshot.py): `read(user, first, last)` gives the kind's rows of
    # local days first..last as plain data (a frozen dataclass of rows with its pure look-ups,
    # in the domain's reading.py), read once; the snapshot holds it under the kind's key, and
    # the report parts, chart series and API summaries are pure functions of the snapshot.
    # A kind's report section or chart reads `snapshot.of(key)`; nothing in snapshot.py names
    # a kind. A kind may read more than the days it is given when its parts need it (the
    # questionnaires read their whole history: say so in its reading.py).
    read: Callable[[User, date, date], Any] | None = None
    # The demo (tracker/cli/demo.py): `demo(user, story, rng, now)` adds the kind's rows to the
    # demo account; the rng is the kind's own, so a kind's demo never shifts another's.
    demo: Callable[[User, Story, Random, datetime], None] | None = None
    # The HTML pages (tracker/app.py registers each kind's): the kind's own Blueprint, from its
    # views.py; None: no pages of its own.
    blueprint: Blueprint | None = None
    # What the link to the kind's list page (its blueprint's `index`) is called above the
    # timeline, when it differs from `label` ("Medications" for the doses).
    pages_label: str | None = None
    # The Trends page (tracker/trends/charts.py): the kind's own charts, after the charts
    # across kinds. A chart's series, words and table are pure functions in the domain (its
    # series.py), its drawing in tracker/charts/render/; `kinds` names what it reads.
    charts: tuple[ChartKind, ...] = ()
    # The prescriber report (tracker/reports/services.py): `report(snapshot)` gives the kind's
    # section, placed after sleep, activity and therapy in the registry's order, or None when
    # the range has nothing of it (the section is left out). A pure function of the snapshot:
    # it reads `snapshot.of(key)` and the snapshot's user, never the database.
    report: Callable[[Snapshot], ReportSection | None] | None = None
    # The kind's settings in the export's profile, after the account's own, in the registry's
    # order (tracker.exports.kinds.ProfileSetting: key, dump, read, apply).
    profile: tuple[ProfileSetting, ...] = ()
