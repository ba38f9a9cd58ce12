"""An import's rows made ready for the database driver before the write begins (each value
through its column type's bind processor), then written so that the write lock is held for as
little as possible:

- SQLite (one writer at a time for the whole file): the rows are first staged in temporary
  tables of the import's own connection, which takes no lock on the database (a temporary
  table lives in the connection's private temp database). The write transaction then copies
  them with one INSERT … SELECT per table, inside SQLite, with ids past the largest taken.
- PostgreSQL (rows are locked, not the table): ids from each table's sequence and one
  executemany per table inside the write transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Table, func, select, text
from sqlalchemy.engine import Connection, Dialect

from tracker.imports.models import ImportedRecord


@dataclass
class Staged:
    """A row to insert: its model's column values, its source key and kind; a row pointing at
    a symptom or medication the same write creates names it by `ref`, and the column to fill
    with its id by `ref_column`. A row pointing at another staged row (our own exports) holds
    that row's place in its table (1, 2, …) in the foreign key column: see `encode`."""

    model: type
    values: dict[str, Any]
    key: str = ""
    kind: str = ""
    ref: str | None = None
    ref_column: str | None = None


@cache
def _defaults(model: type) -> dict[str, Any]:
    """Every column of a model (but its id) with its default, or None: a row's starting point."""
    out = {}
    for column in model.__table__.columns:
        if not column.primary_key:
            default = column.default
            out[column.key] = default.arg if default is not None and default.is_scalar else None
    return out


def blank(model: type) -> dict[str, Any]:
    """A new row's values: each column's default, or None."""
    return dict(_defaults(model))


def values_of(obj: Any) -> dict[str, Any]:
    """An unsaved ORM row's column values, defaults filled in (never added to the session)."""
    return {key: getattr(obj, key, None) if getattr(obj, key, None) is not None else default
            for key, default in _defaults(type(obj)).items()}  # fmt: skip


@dataclass
class Encoded:
    """One table's new rows as the driver takes them, in the order of the INSERT's values; the
    id is set when they are written, and `ref_column` of a row with a ref (a symptom or
    medication the same write creates) is filled with that row's id then. `links`: the
    foreign key columns that hold another staged table's places, with that table."""

    table: Table
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    refs: list[str | None] = field(default_factory=list)
    ref_column: str | None = None
    links: dict[str, Table] = field(default_factory=dict)

    @property
    def recorded(self) -> bool:
        """Whether its rows get source keys (imported_records): those that have an owner (a
        schedule's dose times go with their version)."""
        return "user_id" in self.table.c


class _Repeating:
    """A column's bind processor that remembers its last value: an import's rows share their
    owner, zone and creation time, which are then encoded once."""

    __slots__ = ("encoded", "last", "process")

    def __init__(self, process: Any) -> None:
        self.process, self.last, self.encoded = process, None, None

    def __call__(self, value: Any) -> Any:
        if value is None or self.process is None:
            return value
        if value != self.last or type(value) is not type(self.last):
            self.last, self.encoded = value, self.process(value)
        return self.encoded


def encode(rows: Iterable[Any], dialect: Dialect) -> list[Encoded]:
    """Group staged rows by table and encode their values (no database access); the tables
    come in the order their foreign keys need (a row's target written before it)."""
    out: dict[Table, Encoded] = {}
    processors: dict[Table, list[Any]] = {}
    # In key order (for most sources also time order): the new index entries of the source
    # keys and of the days then go at the end of their indexes, the cheapest place to add.
    for staged in sorted(rows, key=lambda s: s.key):
        table = staged.model.__table__
        enc = out.get(table)
        if enc is None:
            columns = [c.key for c in table.columns if not c.primary_key]
            enc = out[table] = Encoded(table, [*columns, "id"])
            processors[table] = [
                _Repeating(table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
                for name in columns
            ]
        values = staged.values
        enc.rows.append([
            p(values[name]) for name, p in zip(enc.columns, processors[table], strict=False)
        ] + [None])  # fmt: skip
        enc.keys.append(staged.key)
        enc.refs.append(staged.ref)
        enc.ref_column = enc.ref_column or staged.ref_column
    for enc in out.values():
        enc.links = {
            column.key: key.column.table
            for column in enc.table.columns
            for key in column.foreign_keys
            if key.column.table in out and key.column.table is not enc.table
        }
    if not out:
        return []
    order = {t: n for n, t in enumerate(next(iter(out)).metadata.sorted_tables)}
    return sorted(out.values(), key=lambda enc: order[enc.table])


PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%({})s", "named": ":{}"}


def _sql(table: Table, columns: list[str], dialect: Dialect) -> str:
    """INSERT INTO t (a, b) VALUES (?, ?) in the driver's parameter style, names quoted."""
    quote = dialect.identifier_preparer
    mark = PLACEHOLDERS[dialect.paramstyle]
    names = ", ".join(quote.quote(name) for name in columns)
    values = ", ".join(mark.format(name) for name in columns)
    # Names come from the table's own metadata, never from input; values are parameters.
    return f"INSERT INTO {quote.format_table(table)} ({names}) VALUES ({values})"  # noqa: S608


class Staging:
    """An import's rows staged in temporary tables of one SQLite connection (`stage`), copied
    into their tables by `copy` inside the write transaction, then dropped."""

    def __init__(self, conn: Connection, encoded: list[Encoded]) -> None:
        self.conn, self.encoded = conn, encoded
        self.names = [f"import_stage_{n}" for n in range(len(encoded))]
        refs = {ref for enc in encoded for ref in enc.refs if ref is not None}
        self.refs = {ref: n for n, ref in enumerate(sorted(refs), 1)}  # ref -> its number

    def stage(self) -> None:
        """Write the rows into temporary tables through the driver's own connection, outside
        SQLAlchemy's transaction: nothing is locked but the connection's temp database. A
        staged row's id is its place (1, 2, …); `_ref` holds the number of its ref, if any."""
        raw = self.conn.connection.dbapi_connection
        raw.execute("BEGIN")  # deferred, and it only ever writes the temp database
        try:
            self._drop(raw)
            raw.execute("CREATE TEMP TABLE import_stage_refs (ref INTEGER PRIMARY KEY, row_id)")
            for name, enc in zip(self.names, self.encoded, strict=True):
                columns = [*enc.columns, "_key", "_ref"]
                # The id as the temporary table's own rowid: the copy reads it in id order free.
                typed = ", ".join(_q(c) + (" INTEGER PRIMARY KEY" if c == "id" else "")
                                  for c in columns)  # fmt: skip
                raw.execute(f"CREATE TEMP TABLE {name} ({typed})")
                at = enc.columns.index("id")
                rows = []
                for n, (row, key, ref) in enumerate(zip(enc.rows, enc.keys, enc.refs,
                                                        strict=True), 1):  # fmt: skip
                    values = [*row, key[:200], self.refs.get(ref)]
                    values[at] = n
                    rows.append(values)
                marks = ", ".join("?" * len(columns))
                raw.executemany(f"INSERT INTO temp.{name} VALUES ({marks})", rows)  # noqa: S608
            raw.execute("COMMIT")
        except BaseException:
            raw.execute("ROLLBACK")
            raise

    def copy(self, user_id: int, batch_id: int | None, by_ref: dict[str, int]) -> None:
        """Copy the staged rows into their tables and (with a batch) their source keys into
        imported_records, in the caller's write transaction, each ref's row id (`by_ref`) and
        each link's target id filled in."""
        conn = self.conn
        quote = conn.dialect.identifier_preparer
        if self.refs:
            conn.exec_driver_sql(
                "INSERT INTO temp.import_stage_refs VALUES (?, ?)",
                [(n, by_ref[ref]) for ref, n in self.refs.items()],
            )
        bases: dict[Table, int] = {}
        for name, enc in zip(self.names, self.encoded, strict=True):
            base = bases[enc.table] = _largest_id(conn, enc.table)
            chosen, params = [], []  # the SELECT's expressions, and their parameters in order
            for column in enc.columns:
                if column == "id":
                    chosen.append("s.id + ?")
                    params.append(base)
                elif column in enc.links:
                    chosen.append(f"s.{_q(column)} + ?")
                    params.append(bases[enc.links[column]])
                elif column == enc.ref_column:
                    by_ref = "(SELECT m.row_id FROM temp.import_stage_refs m WHERE m.ref = s._ref)"
                    chosen.append(f"COALESCE({by_ref}, s.{_q(column)})")
                else:
                    chosen.append(f"s.{_q(column)}")
            target = ", ".join(quote.quote(c) for c in enc.columns)
            conn.exec_driver_sql(
                f"INSERT INTO {quote.format_table(enc.table)} ({target}) "  # noqa: S608
                f"SELECT {', '.join(chosen)} FROM temp.{name} s ORDER BY s.id",
                tuple(params),
            )
            if batch_id is None or not enc.recorded:
                continue
            keys = 'INSERT INTO imported_records (user_id, batch_id, "key", "table", row_id) '
            keys += f"SELECT ?, ?, s._key, ?, s.id + ? FROM temp.{name} s ORDER BY s.id"  # noqa: S608
            conn.exec_driver_sql(keys, (user_id, batch_id, enc.table.name, base))
        # Dropped with the write (a rolled-back write keeps them until `drop` or the next stage).
        self._drop(self.conn.connection.dbapi_connection)

    def drop(self) -> None:
        """Drop the temporary tables if no transaction is open (a write that never began)."""
        raw = self.conn.connection.dbapi_connection
        if raw is not None and not raw.in_transaction:
            self._drop(raw)

    def _drop(self, raw: Any) -> None:
        for name in [*self.names, "import_stage_refs"]:
            raw.execute(f"DROP TABLE IF EXISTS temp.{name}")


def _q(name: str) -> str:
    """A staged column's name, quoted (names come from the tables' metadata, never input)."""
    return '"' + name.replace('"', '""') + '"'


def stage(conn: Connection, encoded: list[Encoded]) -> Staging | None:
    """Stage the rows outside the write lock where the database has one writer at a time
    (SQLite); None elsewhere, where `insert_all` in the transaction is the better way."""
    if conn.dialect.name != "sqlite" or not encoded:
        return None
    staging = Staging(conn, encoded)
    staging.stage()
    return staging


@contextmanager
def staged(
    conn: Connection, rows: Iterable[Staged]
) -> Iterator[tuple[list[Encoded], Staging | None]]:
    """Encode the rows and stage them (`stage`) before the write begins; the stage is dropped
    when the block ends (the write drops it itself when it copies)."""
    encoded = encode(rows, conn.dialect)
    staging = stage(conn, encoded)
    try:
        yield encoded, staging
    finally:
        if staging is not None:
            staging.drop()


def write_rows(
    conn: Connection,
    encoded: list[Encoded],
    staging: Staging | None,
    by_ref: dict[str, int],
    *,
    user_id: int,
    batch_id: int | None,
) -> None:
    """Write the rows in the caller's write transaction: copied from their stage, or inserted
    (`insert_all`) where they were not staged."""
    if staging is not None:
        staging.copy(user_id, batch_id, by_ref)
    else:
        insert_all(conn, encoded, by_ref, user_id=user_id, batch_id=batch_id)


def roomy(conn: Connection) -> None:
    """A larger page cache for SQLite while it inserts many rows: the tables' indexes stay in
    memory instead of being read again (about 15% less time holding the lock, measured)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA cache_size = -65536")  # KiB: 64 MB for this connection


def new_ids(conn: Connection, table: Table, n: int) -> list[int]:
    """Ids for `n` new rows, taken before inserting them.

    PostgreSQL: from the table's own sequence. SQLite: past the largest id, which stays the
    largest because the import's transaction holds the write lock (its batch is in already).
    """
    if conn.dialect.name == "postgresql":
        query = text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)")
        return list(conn.scalars(query, {"t": table.name, "n": n}))
    first = _largest_id(conn, table) + 1
    return list(range(first, first + n))


def _largest_id(conn: Connection, table: Table) -> int:
    """The table's largest id (0 when empty): it stays the largest while the write lock is held."""
    return conn.scalar(select(func.max(table.c.id))) or 0


def insert_all(
    conn: Connection,
    encoded: list[Encoded],
    by_ref: dict[str, int],
    *,
    user_id: int,
    batch_id: int | None,
) -> None:
    """Insert the rows in the caller's write transaction, one executemany per table, with ids
    taken first (`new_ids`), each ref's row id (`by_ref`) and each link's target id filled
    in; with a batch, their source keys into imported_records too."""
    ids_of: dict[Table, list[int]] = {}
    records = []
    for enc in encoded:
        ids = ids_of[enc.table] = new_ids(conn, enc.table, len(enc.rows))
        at = enc.columns.index("id")
        where = enc.columns.index(enc.ref_column) if enc.ref_column else None
        links = [(enc.columns.index(c), ids_of[t]) for c, t in enc.links.items()]
        for row, row_id, ref in zip(enc.rows, ids, enc.refs, strict=True):
            row[at] = row_id
            if ref is not None:
                row[where] = by_ref[ref]
            for place, targets in links:
                if row[place] is not None:
                    row[place] = targets[row[place] - 1]
        insert_rows(conn, enc.table, enc.columns, enc.rows)
        if batch_id is not None and enc.recorded:
            name = enc.table.name
            records += [source_key(user_id, batch_id, key, name, i)
                        for key, i in zip(enc.keys, ids, strict=True)]  # fmt: skip
    insert_rows(conn, RECORDS, list(RECORD_COLUMNS), records)


RECORD_COLUMNS = ("user_id", "batch_id", "key", "table", "row_id")


def source_key(user_id: int, batch_id: int, key: str, table: str, row_id: int) -> tuple:
    """A row of imported_records in RECORD_COLUMNS order: the row `row_id` of `table` came
    from the observation `key` of the batch's file."""
    return (user_id, batch_id, key[:200], table, row_id)


RECORDS = ImportedRecord.__table__


def insert_rows(
    conn: Connection, table: Table, columns: list[str], rows: Sequence[Sequence]
) -> None:
    """One executemany of encoded rows (values in `columns` order), in the driver's own
    parameter style."""
    if not rows:
        return
    sql = _sql(table, columns, conn.dialect)
    if conn.dialect.paramstyle in ("qmark", "format"):
        conn.exec_driver_sql(sql, [tuple(r) for r in rows])
    else:  # named and pyformat: the statement names each column
        conn.exec_driver_sql(sql, [dict(zip(columns, r, strict=True)) for r in rows])
