"""A journal kind's part of the API: a `Resource` (the ids its paths name, its routes), and
`crud()`, which gives a kind's list / create / get / patch / delete routes from its schemas and
services. Each operation is still declared by name: its operationId, its summary, its request
and answer models are the arguments, and the document shows them as if written by hand.

The registry hands each kind's `Resource` to tracker/api/views.py, which adds its routes to the
blueprint; nothing here registers anything on import.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask import Blueprint, url_for
from pydantic import BaseModel

from tracker import entries
from tracker.api import core
from tracker.api.schema import ApiIn, RangeQuery, paginate
from tracker.api.spec import ID, Route, add_route, created
from tracker.auth.models import User

Decorator = Callable[[Callable], Callable]


@dataclass
class Resource:
    """What a kind adds to the API: `path_ids` maps each id argument of its rules to the model
    it names (loaded owned-or-404 before a view runs), `routes` lists its operations."""

    path_ids: Mapping[str, type]
    routes: list[Route] = field(default_factory=list)

    def _add(self, method: str, rule: str, status: int, model: Any, tag: str) -> Decorator:
        def decorate(view: Callable) -> Callable:
            self.routes.append(Route(method, rule, status, model, tag, view))
            return view

        return decorate

    def get(self, rule: str, model: type[BaseModel], *, tag: str) -> Decorator:
        """A read route answering 200 with `model`."""
        return self._add("GET", rule, 200, model, tag)

    def post(self, rule: str, model: type[BaseModel], *, tag: str, status: int = 201) -> Decorator:
        """A POST answering `status` (201) with `model`, taking an optional Idempotency-Key."""
        return self._add("POST", rule, status, model, tag)

    def patch(self, rule: str, model: type[BaseModel], *, tag: str) -> Decorator:
        """A partial update answering 200 with `model`."""
        return self._add("PATCH", rule, 200, model, tag)

    def delete(self, rule: str, *, tag: str) -> Decorator:
        """A delete answering 204 with no body."""
        return self._add("DELETE", rule, 204, None, tag)

    def add_to(self, bp: Blueprint) -> None:
        """Add every route to the blueprint, its ids loaded owned-or-404 and documented."""
        core.add_path_ids(self.path_ids)
        for route in self.routes:
            add_route(bp, route, self.path_ids)


def joined(*parts: Resource) -> Resource:
    """One kind's resource written in several modules (the plan and its doses)."""
    path_ids = {name: model for part in parts for name, model in part.path_ids.items()}
    return Resource(path_ids, [route for part in parts for route in part.routes])


# The operations crud() builds. `name` is the operationId (and the endpoint), `doc` the summary.


@dataclass(frozen=True)
class Listing:
    """GET on the collection: `rows(user, query)`, each answered by `out`, a page at a time."""

    name: str
    doc: str
    page: type[BaseModel]
    rows: Callable[[User, Any], Sequence[Any]]
    out: Callable[[Any], BaseModel]
    query: type[BaseModel] = RangeQuery


@dataclass(frozen=True)
class Create:
    """POST on the collection: `record(user, json, now)` gives the new entry (201, Location)."""

    name: str
    doc: str
    body: type[ApiIn]
    record: Callable[[User, Any, datetime], Any]


@dataclass(frozen=True)
class Update:
    """PATCH on one entry: `update(user, entry, json, now)` changes it."""

    name: str
    doc: str
    body: type[ApiIn]
    update: Callable[[User, Any, Any, datetime], None]


@dataclass(frozen=True)
class Operation:
    """GET or DELETE on one entry, which need nothing but the entry."""

    name: str
    doc: str


def between(read: Callable[[User, date, date], Sequence[Any]]) -> Callable[..., Sequence[Any]]:
    """A listing's rows from `read(user, first, last)` over the local days of `?start=&end=`
    (the last 30 by default; nothing when no record can be filed in them)."""

    def rows(user: User, query: Any) -> Sequence[Any]:
        return core.in_days(query.start, query.end, lambda first, last: read(user, first, last))

    return rows


def _named(view: Callable, op: Any, **annotations: Any) -> Callable:
    """The view as the document and the blueprint know it: the operation's name and summary;
    its `query` / `json` annotations are what spectree validates."""
    view.__name__ = view.__qualname__ = op.name
    view.__doc__ = op.doc
    view.__annotations__ = annotations
    return view


@dataclass(frozen=True)
class Crud:
    """A kind's entries at `path` and `path/<id_name>`: `model` loaded owned-or-404, each
    answered by `out` (default: `answer` read from the row)."""

    tag: str
    path: str
    id_name: str
    model: type
    answer: type[BaseModel]
    out: Callable[[Any], BaseModel] | None = None

    @property
    def one(self) -> str:
        return f"{self.path}/<{ID}:{self.id_name}>"

    def _out(self, entry: Any) -> BaseModel:
        return self.out(entry) if self.out else self.answer.model_validate(entry)

    def listing(self, api: Resource, op: Listing) -> None:
        def view(query: Any) -> BaseModel:
            return paginate(op.page, op.rows(core.user(), query), query, op.out)

        api.get(self.path, op.page, tag=self.tag)(_named(view, op, query=op.query))

    def create(self, api: Resource, op: Create, read: Operation) -> None:
        def view(json: Any) -> tuple:
            entry = op.record(core.user(), json, core.now())
            location = url_for(f"api.{read.name}", **{self.id_name: entry.id})
            return created(self._out(entry), location)

        api.post(self.path, self.answer, tag=self.tag)(_named(view, op, json=op.body))

    def read(self, api: Resource, op: Operation) -> None:
        def view(**ids: int) -> BaseModel:
            return self._out(core.load(self.model, ids[self.id_name]))

        api.get(self.one, self.answer, tag=self.tag)(_named(view, op))

    def update(self, api: Resource, op: Update) -> None:
        def view(json: Any, **ids: int) -> BaseModel:
            entry = core.load(self.model, ids[self.id_name])
            op.update(core.user(), entry, json, core.now())
            return self._out(entry)

        api.patch(self.one, self.answer, tag=self.tag)(_named(view, op, json=op.body))

    def delete(self, api: Resource, op: Operation) -> None:
        def view(**ids: int) -> tuple:
            entries.delete_entry(core.user(), self.model, ids[self.id_name])
            return "", 204

        api.delete(self.one, tag=self.tag)(_named(view, op))


def crud(
    api: Resource,
    entries_of: Crud,
    *,
    listing: Listing,
    create: Create,
    read: Operation,
    update: Update,
    delete: Operation,
) -> None:
    """Add the five operations of one kind of entry to `api`, in the document's usual order."""
    entries_of.listing(api, listing)
    entries_of.create(api, create, read)
    entries_of.read(api, read)
    entries_of.update(api, update)
    entries_of.delete(api, delete)
