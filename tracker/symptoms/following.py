"""Which symptoms a user has and follows: the catalog's and their own.

Forms refer to a symptom by a stable `ref`: the catalog key, or "own<id>" for the user's own.
A catalog symptom gets its database row the first time it is written (logged, or chosen in the
settings), so reading pages never writes and a form rendered before the row existed still works.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.journal import text
from tracker.symptoms import catalog
from tracker.symptoms.models import Symptom

NAME_LIMIT = 80
OWN_POSITION = 1000  # the user's own symptoms sort after the catalog, in the order added


@dataclass(frozen=True)
class SymptomView:
    """A symptom as the pages show it, whether or not its row exists yet."""

    ref: str
    name: str
    description: str | None
    followed: bool
    own: bool
    id: int | None  # None: a catalog symptom never logged nor chosen by this user
    position: int


def symptom_rows(user: User) -> list[Symptom]:
    """The user's symptom rows (a catalog symptom has one once written)."""
    return list(db.session.scalars(select(Symptom).where(Symptom.user_id == user.id)))


def ref_of(row: Symptom) -> str:
    """The stable form reference of a symptom row."""
    return row.key or f"own{row.id}"


def display_name(row: Symptom) -> str:
    """A symptom row's name as shown: the catalog label for a catalog symptom."""
    entry = catalog.lookup(row.key)
    return entry.label if entry else row.name


def _sorted(views: Iterable[SymptomView]) -> list[SymptomView]:
    # Followed first; inside each group catalog order (numbness and fog lead), then own ones.
    return sorted(views, key=lambda v: (not v.followed, v.position, v.name.casefold()))


def all_symptoms(user: User) -> list[SymptomView]:
    """Every catalog symptom and the user's own, followed ones first."""
    rows = symptom_rows(user)
    by_key = {r.key: r for r in rows if r.key}
    views = []
    for i, entry in enumerate(catalog.CATALOG):
        row = by_key.get(entry.key)
        followed = row.followed if row else entry.key in catalog.DEFAULT_FOLLOWED
        row_id = row.id if row else None
        views.append(
            SymptomView(entry.key, entry.label, entry.description, followed, False, row_id, i)
        )
    for row in rows:
        if catalog.lookup(row.key) is None:
            views.append(
                SymptomView(ref_of(row), row.name, None, row.followed, True, row.id, row.position)
            )
    return _sorted(views)


def followed_symptoms(user: User) -> list[SymptomView]:
    """The symptoms shown on Today: a new user follows emotional numbness and brain fog."""
    return [v for v in all_symptoms(user) if v.followed]


def _catalog_row(user: User, entry: catalog.CatalogSymptom, *, followed: bool) -> Symptom:
    row = Symptom(
        user_id=user.id,
        key=entry.key,
        name=entry.label,
        followed=followed,
        position=catalog.position(entry.key),
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:  # a simultaneous request (a double tap) created it first
        row = db.session.scalar(
            select(Symptom).where(Symptom.user_id == user.id, Symptom.key == entry.key)
        )
        if row is None:
            raise
    return row


def resolve(user: User, ref: str, field: str, rows: list[Symptom] | None = None) -> Symptom:
    """The user's symptom row for a ref, created for a catalog symptom written the first time."""
    rows = symptom_rows(user) if rows is None else rows
    row = next((r for r in rows if ref_of(r) == ref), None)
    if row is not None:
        return row
    entry = catalog.lookup(ref)
    if entry is None:
        raise Invalid("Choose a symptom from the list.", field)
    return _catalog_row(user, entry, followed=entry.key in catalog.DEFAULT_FOLLOWED)


def add_symptom(
    user: User, name: str | None, *, followed: bool = True, field: str = "new_name"
) -> Symptom:
    """Add the user's own symptom; its name must be new to them and to the catalog.

    `field` is where a refused name is reported (the settings form's box, the API's body).
    """
    name = " ".join((name or "").split())
    if not name:
        raise Invalid("Enter the symptom's name.", field)
    if len(name) > NAME_LIMIT:
        raise Invalid(f"Keep the name to {NAME_LIMIT} characters or fewer.", field)
    text(name, NAME_LIMIT, field)  # refuses control characters (PostgreSQL refuses NUL)
    same = catalog.same_label(name)
    if same is not None:
        raise Invalid(f"“{same.label}” is already in the list; tick it instead.", field)
    rows = symptom_rows(user)
    if any(r.name.casefold() == name.casefold() for r in rows):
        raise Invalid("You already have a symptom with that name.", field)
    last = max((r.position for r in rows if r.key is None), default=OWN_POSITION - 1)
    row = Symptom(
        user_id=user.id,
        key=None,
        name=name,
        followed=followed,
        position=max(last + 1, OWN_POSITION),
    )
    db.session.add(row)
    db.session.flush()
    return row


def update_settings(
    user: User, *, followed: Collection[str], new_name: str | None = None
) -> Symptom | None:
    """Follow exactly the symptoms in `followed` (refs); optionally add an own one, followed."""
    rows = symptom_rows(user)
    by_ref = {ref_of(r): r for r in rows}
    if set(followed) - by_ref.keys() - catalog.BY_KEY.keys():
        raise Invalid("Choose symptoms from the list.", "followed")
    added = add_symptom(user, new_name) if (new_name or "").strip() else None
    for entry in catalog.CATALOG:
        wanted, row = entry.key in followed, by_ref.get(entry.key)
        if row is not None:
            row.followed = wanted
        elif wanted != (entry.key in catalog.DEFAULT_FOLLOWED):
            _catalog_row(user, entry, followed=wanted)
    for row in rows:
        if catalog.lookup(row.key) is None:
            row.followed = ref_of(row) in followed
    db.session.flush()
    return added
