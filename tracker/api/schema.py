"""What every resource's schemas share: strict request models, times, and list pages.

Requests are refused when they carry a field the schema does not know (a typo is an error,
not silently dropped), a NaN or an infinity, a wall time with an offset, or an instant
without one. The domain rules (ranges, lengths, dates) stay in the services; the schemas
check shape, as the HTML forms do.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time
from functools import cache
from typing import Annotated, Any, Literal, Self, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
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
        return cls.model_validate_json(json.dumps(_whole_numbers(obj)), **kwargs)


def _whole_numbers(value: Any) -> Any:
    # JSON Schema counts 30.0 as an integer (a number with no fraction), strict pydantic
    # would not. Bodies are at most 64 levels deep (core), so this recursion is bounded.
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    if isinstance(value, dict):
        return {key: _whole_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(item) for item in value]
    return value


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
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"enter a date from {FIRST_YEAR} to {LAST_YEAR}, like 2025-03-30")
    return value


def _shaped(pattern: str) -> Callable[[Any], Any]:
    """Refuse text outside `pattern` before pydantic's parser, which takes more shapes
    ("2025-06-02 08:00", "8:00", a fraction of a second on a time) than the document says."""
    shape = re.compile(pattern)

    def check(value: Any) -> Any:
        if isinstance(value, str) and not shape.match(value):
            raise ValueError(f"write it as the pattern {pattern} says")
        if not isinstance(value, str | date | time):  # a number of seconds, say
            raise ValueError("send it as text")
        return value

    return check


def _as_text(pattern: str, **schema: Any) -> tuple:
    """The validator and the document of a value sent as text in `pattern` (then parsed
    leniently: its shape is already checked)."""
    document = WithJsonSchema({"type": "string", **schema, "pattern": pattern})
    return Strict(False), BeforeValidator(_shaped(pattern)), document


FIRST_YEAR, LAST_YEAR = 1900, 8999
_YEAR = r"(19[0-9]{2}|[2-8][0-9]{3})"
_DATE = _YEAR + r"-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_TIME = r"([01][0-9]|2[0-3]):[0-5][0-9]"
# Optional query parameters and headers are `X = Field(None)` (see `unset`): left out, never
# null, and a refused value is reported under the parameter's own name.
# A time of day in the user's zone, "08:00" or "08:00:00". Not JSON Schema's "time" format,
# which is RFC 3339's and needs an offset.
LocalTime = Annotated[
    time,
    AfterValidator(_wall_time),
    *_as_text(rf"^{_TIME}(:[0-5][0-9])?$", examples=["08:00"]),
]
# An instant with its offset, "2025-06-02T08:05:00+02:00", from the year 1900 to 8999;
# answers give it in UTC ("...Z").
Instant = Annotated[
    AwareDatetime,
    AfterValidator(_real_year),
    AfterValidator(_utc),
    *_as_text(
        rf"^{_DATE}T{_TIME}:[0-5][0-9](\.[0-9]{{1,6}})?(Z|[+-]{_TIME})$",
        format="date-time",
        examples=["2025-06-02T08:05:00+02:00"],
    ),
]
# Any calendar date, "2025-06-02" (the bounds of a range to read).
AnyDay = Annotated[
    date,
    *_as_text(
        r"^(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})-"
        r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
        format="date",
    ),
]
# A calendar date in the user's zone, "2025-06-02", from the year 1900 to 8999.
Day = Annotated[date, AfterValidator(_real_year), *_as_text(rf"^{_DATE}$", format="date")]
# The id of a record named in a body: a larger one names nothing (and must not overflow).
RecordId = Annotated[int, Field(ge=1, le=2**31 - 1)]

# Free text as the services take it: no control character but tab and line breaks (invisible,
# and PostgreSQL refuses NUL), at most `limit` characters. Required text has something that
# is not a space, as the services strip it.
_CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"


def text(limit: int) -> Any:
    """Optional free text (blank is none) of at most `limit` characters."""
    return Annotated[str, Field(max_length=limit, pattern=rf"^[^{_CONTROL}]*$")]


def name(limit: int) -> Any:
    """Required text: at most `limit` characters, not blank."""
    some = rf"^[^{_CONTROL}]*[^\s{_CONTROL}][^{_CONTROL}]*$"
    return Annotated[str, Field(min_length=1, max_length=limit, pattern=some)]


def whole(low: int, high: int) -> Any:
    """A whole number from `low` to `high`."""
    return Annotated[int, Field(ge=low, le=high)]


# A 0-10 rating (mood, severity, helpfulness): 0 none or worst, 10 most or best.
Scale = whole(0, 10)
# An amount of a medication in its unit: above 0, at most 100,000.
Amount = Annotated[float, Field(gt=0, le=100_000)]


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def unset(**field: Any) -> Any:
    """The default of a field that may be left out but is never null (a partial update's
    field, an optional query parameter), with the `Field` arguments given: left out of the
    document's defaults too, so a client never reads null as a value to send."""
    return Field(None, json_schema_extra=_no_default, **field)


DEFAULT_LIMIT, MAX_LIMIT = 50, 200
CURSOR = r"^o[0-9]{1,9}$"  # an offset for now; another kind would take another letter


class PageQuery(ApiQuery):
    """?limit= and ?cursor= of every list."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")
    cursor: str = unset(
        pattern=CURSOR, description="The `next` of the previous page; leave out at first."
    )


class RangeQuery(PageQuery):
    """A list over local days: ?start= and ?end= (by default the 30 days up to today)."""

    start: AnyDay = unset(description="First local day (default: 29 days before end).")
    end: AnyDay = unset(description="Last local day (default: today).")


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
