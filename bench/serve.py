"""Requests/s and latency of our busiest pages under gunicorn, against a bare Flask endpoint.

    .venv/bin/python bench/serve.py [--workers 2] [--clients 4] [--seconds 3] [--rounds 3]
                                    [--range 30] [--database-url URL] [--keep DIR]

Seeds two throwaway SQLite instances in a temp dir, one holding the demo account over 1825
days (five years), one over 30 days (the data of `flask --app wsgi tracker demo --days N`),
serves each with gunicorn (`-c gunicorn.conf.py` when the file exists, and `--workers` for
every server) beside bench/bare.py served the same way, logs in through the real login form
(CSRF off through TRACKER_WTF_CSRF_ENABLED=false, a random TRACKER_SECRET_KEY) and measures,
in rounds that alternate each page with the bare endpoint so a slow spell hits both:

- under load (`--clients` client processes requesting back to back for `--seconds`): the
  Today page, the timeline (its default 7 days), the mood chart's ETag'd repeat (304) and
  the report page, the chart and the report over the last `--range` days;
- first GETs (one client, `--cold` a round, each right after the account's data version and
  every table's version moved, so that nothing is answered from a cache: Today draws all its
  parts, as on the first GET of a day; the GET after one save draws only the part that save
  touched, which bench/journey.py measures): Today and the mood chart as PNG; beside as many
  single requests to the bare endpoint.

It prints requests/s, p50 and p99 latency, the ratio to the bare endpoint's requests/s in the
same rounds, the SQL statements of each request, and the 5-year / 30-day ratio of each page.
Goals: Today and the timeline at 50% or more of the bare throughput on SQLite, and a 5-year
account as fast as a 30-day one (a ratio of 0.9 or more: two runs differ by a few percent).
The range defaults to 30 days so that both accounts have the same data inside it and the
ratio shows what the history behind it costs; with `--range 90` the 30-day account simply
has less to draw and report.

`--database-url` seeds both accounts into one PostgreSQL database instead (an empty one of
your own, never `test`; the accounts are deleted at the end) and serves it once. `--keep DIR`
keeps the SQLite instances in DIR and reuses them (upgraded first) on the next run.
Figures depend on the machine and on what else runs on it: compare ratios, not requests/s.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.accounts import PASSWORD, Account, bumper, drop_accounts, query_counts, seed  # noqa: E402
from bench.load import Clients, Sample, Target, etag, fetch, login, sequential  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TODAY_GOAL, HISTORY_GOAL = 0.5, 0.9


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    expect: int = 200
    cold: bool = False  # one client, the data version moved before each request
    goal: bool = False  # held to TODAY_GOAL


def pages(days: int) -> list[Page]:
    """What is measured; the chart and the report over the last `days` days."""
    chart = f"/trends/mood.png?range={days}"
    return [
        Page("Today", "/today", goal=True),
        Page("Today, first GET", "/today", cold=True),
        Page("Timeline (7 days)", "/timeline", goal=True),
        Page(f"mood.png {days} d, first GET", chart, cold=True),
        Page(f"mood.png {days} d, 304", chart, expect=304),
        Page(f"Report ({days} days)", f"/report?range={days}"),
    ]


# --- Serving -------------------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(
    app_spec: str, env: dict[str, str], workers: int, log: Path, extra: Sequence[str] = ()
) -> tuple[subprocess.Popen, int]:
    """gunicorn serving `app_spec` on a free local port, as docs/operations.md's deployment does;
    `extra` options come after ours (a later option wins)."""
    port = free_port()
    command = [str(Path(sys.executable).parent / "gunicorn")]
    if (ROOT / "gunicorn.conf.py").exists():
        command += ["-c", "gunicorn.conf.py"]
    # Workers are not recycled: gunicorn.conf.py's max_requests (1000) is hours of a real
    # server's traffic, but would restart every worker every few seconds of this load.
    command += ["--workers", str(workers), "--max-requests", "0"]
    command += ["--bind", f"127.0.0.1:{port}", *extra, app_spec]
    out = log.open("wb")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn for {app_spec} stopped:\n{log.read_text()[-3000:]}")
        try:
            fetch(port, Target(port, "/health" if app_spec == "wsgi:app" else "/").request())
            return process, port
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError(f"gunicorn for {app_spec} did not answer within 60 s")


def server_env(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(
        TRACKER_DATABASE_URL=url,
        TRACKER_SECRET_KEY=secrets.token_hex(32),
        TRACKER_WTF_CSRF_ENABLED="false",  # the bench's clients post the login form bare
    )
    return env


# --- Measuring -----------------------------------------------------------------------------------


@dataclass
class Row:
    page: Page
    account: Account
    target: Target
    bump: object  # the account's bumper for a cold page, else None
    ours: Sample
    bare: Sample

    def fresh(self) -> Target:
        """The target, with the current ETag for a 304 (a cold page's bumps moved it)."""
        if self.page.expect != 304:
            return self.target
        cookie = dict(self.target.headers)["Cookie"]
        tag = etag(self.target.port, self.page.path, cookie)
        return Target(
            self.target.port, self.page.path, 304, (("Cookie", cookie), ("If-None-Match", tag))
        )


def measure(rows: list[Row], bare: Target, clients: Clients, args: argparse.Namespace) -> None:
    """Every row and the bare endpoint in turn, round after round; the two accounts of a page
    swap places every other round, so neither always follows the other's chart drawing."""
    swapped = [r for pair in zip(rows[1::2], rows[0::2], strict=True) for r in pair]
    for n in range(args.rounds):
        for row in rows if n % 2 == 0 else swapped:
            if row.page.cold:
                row.ours.add(sequential(row.target, args.cold, row.bump))  # type: ignore[arg-type]
                row.bare.add(sequential(bare, args.cold))
            else:
                row.ours.add(clients.run(row.fresh(), args.seconds))
                row.bare.add(clients.run(bare, args.seconds))
        print(f"round {n + 1} of {args.rounds} done", flush=True)


def _verdict(value: float, goal: float) -> str:
    return f">= {goal:.2f}: {'met' if value >= goal else 'NOT MET'}"


def report(rows: list[Row], queries: dict[tuple[str, str], int]) -> None:
    print(
        f"\n{'page':<27}{'user':>6}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'bare/s':>8}"
        f"{'ratio':>7}{'SQL':>5}  goal (ratio to bare)"
    )
    for row in rows:
        o, b = row.ours, row.bare
        ratio = o.rate / b.rate if b.rate else float("nan")
        goal = _verdict(ratio, TODAY_GOAL) if row.page.goal else ""
        print(
            f"{row.page.name:<27}{row.account.label:>6}{o.rate:>8.1f}{o.median_ms:>8.1f}"
            f"{o.percentile(99):>8.1f}{b.rate:>8.1f}{ratio:>7.2f}"
            f"{queries[(row.page.name, row.account.label)]:>5}  {goal}"
        )
        if o.errors or b.errors:
            print(f"  errors: ours {o.errors} {sorted(o.statuses)}, bare {b.errors}")
    print(f"\n{'page':<27}{'5y/30d req/s':>13}  goal")
    by_page: dict[str, dict[str, Row]] = {}
    for row in rows:
        by_page.setdefault(row.page.name, {})[row.account.label] = row
    for name, pair in by_page.items():
        short = pair["30 d"].ours.rate
        ratio = pair["5 y"].ours.rate / short if short else float("nan")
        print(f"{name:<27}{ratio:>13.2f}  {_verdict(ratio, HISTORY_GOAL)}")


def _rows(accounts: list[Account], ports: dict[str, int], days: int) -> list[Row]:
    rows = []
    for page in pages(days):
        for account in accounts:
            port = ports[account.url]
            cookie = login(port, account.email, PASSWORD)
            target = Target(port, page.path, page.expect, (("Cookie", cookie),))
            bump = bumper(account) if page.cold else None
            rows.append(Row(page, account, target, bump, Sample(), Sample()))
    return rows


def accounts_for(args: argparse.Namespace, folder: str) -> list[Account]:
    def url(label: str) -> str:
        if args.database_url:
            return args.database_url
        os.makedirs(os.path.join(folder, label), exist_ok=True)
        return "sqlite:///" + os.path.join(folder, label, "tracker.db")

    return [
        Account("30 d", 30, "demo-30d@example.org", url("30d")),
        Account("5 y", 1825, "demo-5y@example.org", url("5y")),
    ]


def run(args: argparse.Namespace, folder: str) -> None:
    accounts = accounts_for(args, folder)
    for account in accounts:
        seed(account, folder)
    queries = {
        (page, account.label): n
        for account in accounts
        for page, n in query_counts(account, folder, pages(args.range_days)).items()
    }
    servers, ports = [], {}
    clients = Clients(args.clients)
    try:
        for url in dict.fromkeys(a.url for a in accounts):
            process, ports[url] = serve("wsgi:app", server_env(url), args.workers, _log(folder))
            servers.append(process)
        process, bare_port = serve("bench.bare:app", server_env(""), args.workers, _log(folder))
        servers.append(process)
        rows = _rows(accounts, ports, args.range_days)
        bare = Target(bare_port, "/")
        # Warm every worker up (imports, templates, matplotlib, caches) before measuring.
        for row in rows:
            if row.page.cold:
                sequential(row.target, 2 * args.workers, row.bump)  # type: ignore[arg-type]
            else:
                clients.run(row.fresh(), 1.0)
        clients.run(bare, 1.0)
        print(
            f"\n{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} before; "
            f"{args.workers} gunicorn workers, {args.clients} client processes, "
            f"{args.rounds} rounds of {args.seconds} s (first GETs: {args.cold} a round)"
        )
        measure(rows, bare, clients, args)
        print(f"load average {os.getloadavg()[0]:.1f} after")
        report(rows, queries)
    finally:
        clients.close()
        for process in servers:
            process.terminate()
            process.wait(10)


def _log(folder: str) -> Path:
    return Path(tempfile.mkstemp(prefix="gunicorn-", suffix=".log", dir=folder)[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--range", type=int, default=30, dest="range_days", choices=(30, 90, 365))
    parser.add_argument("--cold", type=int, default=10, help="first GETs of a page per round")
    parser.add_argument("--database-url", help="an empty PostgreSQL database (never `test`)")
    parser.add_argument("--keep", help="a folder keeping the SQLite instances between runs")
    args = parser.parse_args()
    if args.database_url and urlsplit(args.database_url).path.strip("/") == "test":
        parser.error("the `test` database belongs to the test suite; create your own")
    folder = args.keep or tempfile.mkdtemp(prefix="tracker-serve-")
    os.makedirs(folder, exist_ok=True)
    try:
        run(args, folder)
    finally:
        if args.database_url:
            drop_accounts(args.database_url, accounts_for(args, folder))
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
