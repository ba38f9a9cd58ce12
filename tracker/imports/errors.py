"""The one error an import raises for a file it will not read: where (line, column) and why."""

from __future__ import annotations

from tracker.errors import Invalid


class ImportFailed(Invalid):
    """A file refused as a whole; nothing of it is added. `line` and `column` are 1-based."""

    def __init__(
        self, detail: str, *, line: int | None = None, column: int | str | None = None
    ) -> None:
        where = []
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column {column}")
        prefix = (", ".join(where).capitalize() + ": ") if where else ""
        super().__init__(prefix + detail, "file")
        self.detail = detail
        self.line = line
        self.column = column
