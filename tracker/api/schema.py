"""What every resource's schemas share: strict request models, times, and list pages.

Requests are refused when they carry a field the schema does not know (a typo is an error,
not silently dropped), a NaN or an infinity, a wall time with an offset, or an instant
without one. The domain rules (ranges, lengths, dates) stay in the services; the schemas
check shape, as the HTML forms do.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time
from functools import cache
from typing import Annotated, Any, Literal, Self, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    WithJsonSchema,
    create_model,
)

T = TypeVar("T")


class ApiIn(BaseModel):
    """Base of request bodies: JSON's own types only (`false` is no 0, `"1"` no 1)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, strict=True)

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> Self:
        """Validate a parsed body as the JSON it came as: in strict mode JSON still gives
        dates and times as strings, where strict Python validation would refuse them."""
        kwargs.pop("from_attributes", None)
        return cls.model_validate_json(json.dumps(obj), **kwargs)


class ApiQuery(ApiIn):
    """Base of query strings and headers, whose values all arrive as text."""

    model_config = ConfigDict(strict=False)


class ApiOut(BaseModel):
    """Base of response bodies, read from ORM rows and service dataclasses."""

    model_config = ConfigDict(from_attributes=True)


def _wall_time(value: time) -> time:
    if value.tzinfo is not None:
        raise ValueError("a time of day is local wall time: leave the offset out")
    return value


def _utc(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except OverflowError:  # year 1 at a positive offset has no UTC instant
        raise ValueError("that instant is out of range") from None


def _real_year(value: date) -> date:
    # As the forms do: year 1 and the like would overflow when placed in a zone.
    if not 1900 <= value.year <= 9000:
        raise ValueError("enter a real date, like 2025-03-30")
    return value


# Optional query parameters and headers are `X | SkipJsonSchema[None]`: left out, not null.
# Or `X = Field(None)`: the same in the document, and a refused value is reported under the
# parameter's own name (a union's error adds its member: "start.date").
# A time of day in the user's zone, "08:00" or "08:00:00". Not JSON Schema's "time" format,
# which is RFC 3339's and needs an offset.
LocalTime = Annotated[
    time,
    AfterValidator(_wall_time),
    WithJsonSchema({"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2})?$", "examples": ["08:00"]}),
]
# An instant with its offset, "2025-06-02T08:05:00+02:00"; answers give it in UTC ("...Z").
Instant = Annotated[AwareDatetime, AfterValidator(_utc)]

# A calendar date in the user's zone, "2025-06-02", between the years 1900 and 9000.
Day = Annotated[date, AfterValidator(_real_year)]
# The id of a record named in a body: a larger one names nothing (and must not overflow).
RecordId = Annotated[int, Field(ge=1, le=2**31 - 1)]

DEFAULT_LIMIT, MAX_LIMIT = 50, 200
CURSOR = r"^o[0-9]{1,9}$"  # an offset for now; another kind would take another letter


class PageQuery(ApiQuery):
    """?limit= and ?cursor= of every list."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")
    cursor: str = Field(
        None, pattern=CURSOR, description="The `next` of the previous page; leave out at first."
    )


class RangeQuery(PageQuery):
    """A list over local days: ?start= and ?end= (by default the 30 days up to today)."""

    start: date = Field(None, description="First local day (default: 29 days before end).")
    end: date = Field(None, description="Last local day (default: today).")


@cache
def page_of(item: type[BaseModel]) -> type[BaseModel]:
    """The page model of a list of `item`: `{"items": [...], "next": "<cursor>" | null}`."""
    return create_model(
        f"{item.__name__.removesuffix('Out')}Page",
        __base__=ApiOut,
        __doc__=f"A page of {item.__name__}; `next` is null on the last page.",
        items=(list[item], ...),  # type: ignore[valid-type]
        next=(str | None, Field(..., description="Pass as ?cursor= for the next page.")),
    )


def offset(cursor: str | None) -> int:
    """Where the page named by `cursor` starts: 0 without one."""
    # The cursor is opaque to clients ("pass `next`"), but every string its pattern allows
    # names a page (past the end: an empty one), so a well-formed cursor is never refused.
    return int(cursor[1:]) if cursor else 0


def _cursor(offset: int) -> str:
    return f"o{offset}"


def paginate(
    page: type[BaseModel], rows: Sequence[T], query: PageQuery, out: Callable[[T], Any]
) -> BaseModel:
    """One page of `rows` (already in their order), each turned into its schema by `out`."""
    start = offset(query.cursor)
    chunk = rows[start : start + query.limit]
    more = start + query.limit < len(rows)
    return page(items=[out(r) for r in chunk], next=_cursor(start + query.limit) if more else None)


def one_of(values: Sequence[str]) -> Any:
    """A string that must be one of `values`, listed as an enum in the document."""
    return Literal[tuple(values)]  # type: ignore[valid-type]
