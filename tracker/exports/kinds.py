"""What a kind of record is to the exports: its name, columns, and how a row is written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select

from tracker.auth.models import User

Refs = dict[str, dict[int, int]]  # kind name -> database id -> file ref


@dataclass(frozen=True)
class Kind:
    """One kind of record: its JSON key and CSV file, columns, and how a row is written."""

    name: str
    model: type
    columns: tuple[str, ...]
    dump: Callable[[Any, Refs], dict[str, Any]]
    order: Callable[[Any], tuple] = lambda row: (row.id,)
    has_ref: bool = False  # other kinds point at its rows
    private: tuple[str, ...] = ()  # left out of CSV and FHIR (therapy notes)
    query: Callable[[User], Select] | None = None  # default: the model's rows of the user


def ref(refs: Refs, kind: str, row_id: int | None) -> int | None:
    return None if row_id is None else refs[kind][row_id]
