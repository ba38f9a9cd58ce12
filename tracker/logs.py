"""Error logs without health data: a route's template instead of its path, and exceptions by
type and stack, never by message.

A path can hold a secret (/s/<token>, /calendar/<token>.ics), and an exception's message can
hold what was typed into a form (int("my note"), a database error's DETAIL with the values).
Request bodies and form values are never logged.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterator
from types import TracebackType

from flask import Flask, request
from sqlalchemy.exc import StatementError

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def route() -> str:
    """The request's method and route template, e.g. "GET /s/<token>"."""
    rule = request.url_rule.rule if request.url_rule is not None else "(no route)"
    return f"{request.method} {rule}"


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )


def scrubbed_traceback(exc: BaseException) -> str:
    """The stack of `exc` and of what caused it, each ending in its type (not its message)."""
    parts = []
    for link in reversed(list(_chain(exc))):
        name = f"{type(link).__module__}.{type(link).__qualname__}"
        sql = link.statement if isinstance(link, StatementError) and link.statement else None
        parts.append(
            "Traceback (most recent call last):\n"
            + "".join(traceback.format_tb(link.__traceback__))
            + f"{name} (message not logged)\n"
            + (f"  SQL: {sql}\n" if sql else "")
        )
    return "\nWhich caused:\n\n".join(parts).rstrip("\n")


class ScrubExceptions(logging.Filter):
    """Turn a record's exception into the scrubbed traceback, whoever logged it."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite records that carry an exception; keep every record."""
        if record.exc_info and record.exc_info[1] is not None:
            record.msg = f"{record.getMessage()}\n{scrubbed_traceback(record.exc_info[1])}"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True


def register(app: Flask) -> None:
    """Scrub the app logger's exceptions and name a failed request by its route."""
    if not any(isinstance(f, ScrubExceptions) for f in app.logger.filters):
        app.logger.addFilter(ScrubExceptions())  # one logger, named after the app, for all

    def log_exception(exc_info: ExcInfo) -> None:
        app.logger.error("Exception on %s", route(), exc_info=exc_info)

    app.log_exception = log_exception  # type: ignore[method-assign,assignment]
