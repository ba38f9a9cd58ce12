"""A day of logging on the phone, as the server sees it: Today, then saves each followed by Today.

    .venv/bin/python bench/journey.py [--journeys 20] [--keep DIR]

Seeds the 5-year demo account (as bench/serve.py does), serves it with gunicorn
(`-c gunicorn.conf.py`, two workers, every request's server time in microseconds written to an
access log of its own) beside bench/bare.py, and runs `--journeys` times, one client:

    GET /today, then four saves, each a POST and the GET of Today it redirects to: a mood
    check-in, the side effects, a coffee, a practice's minutes; sent as today.js sends them
    (saved in place), or with --no-javascript as plain forms. Journey n logs the day n days
    back (Today for that day, its forms posting that day's time), so each day holds what a
    real day holds, not the entries of every journey piled onto one day.

It prints the server time of each step (p50, p99), the statements of SQL each GET ran (counted
in process on the same database), one journey's total server time and its ratio to as many
requests to the bare endpoint. Then the recycled worker: a second server with
`--max-requests 25` is asked for Today until its workers have been replaced four times, and the
first request of each new worker is printed beside the p50 of the others. Goals (issue 13): the
GET after a save ≤ 6 ms p50 and ≤ 10 statements; a recycled worker's first request ≤ 20 ms;
Today's p99 within 3× its p50. Compare ratios, not milliseconds: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.accounts import PASSWORD, Account, seed  # noqa: E402
from bench.load import HOST, Target, fetch, login  # noqa: E402
from bench.serve import server_env  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LOG_FORMAT = '%(p)s "%(m)s %(U)s" %(s)s %(D)s'
LINE = re.compile(r'<?(\d+)>? "(\w+) (\S+)" (\d+) (\d+)')
GOAL_MS, GOAL_SQL, RECYCLED_MS, TAIL = 6.0, 10, 20.0, 3.0


def saves(day: str, n: int, at: str | None = None) -> list[tuple[str, str, dict[str, str]]]:
    """The four saves of journey `n` on `day`: values change each time, so none is "nothing
    new"; the quick forms of a past day post its time (`at`), as its page's forms do."""
    key = lambda: uuid.uuid4().hex  # noqa: E731
    back = f"/today?day={day}"
    when = {"at": at} if at else {}
    return [
        (
            "mood",
            "/checkins/today",
            {
                "checkin_day": day,
                "checkin-request_key": key(),
                "checkin-mood": str(3 + n % 5),
                "checkin-anxiety": str(2 + n % 4),
                "next": back + "#checkin",
            },
        ),
        (
            "side effects",
            "/symptoms/today",
            {
                "day": day,
                "request_key": key(),
                "sym-emotional_numbness": str(n % 6),
                "sym-brain_fog": str((n + 2) % 6),
                "next": back + "#side-effects",
            },
        ),
        (
            "coffee",
            "/activity/substances/new",
            {"substance": "caffeine", "amount": "1", "next": back, "request_key": key(), **when},
        ),
        (
            "practice",
            "/activity/practices/new",
            {
                "practice": "mindfulness",
                "minutes": "10",
                "next": back,
                "request_key": key(),
                **when,
            },
        ),
    ]


def post(port: int, path: str, cookie: str, data: dict[str, str], *, in_place: bool) -> int:
    """A save as the page sends it: by today.js (`in_place`, the header it sets) or as a plain
    form without JavaScript."""
    body = urlencode(data).encode()
    head = [
        f"POST {path} HTTP/1.1",
        f"Host: {HOST}:{port}",
        "Connection: close",
        f"Cookie: {cookie}",
        "Content-Type: application/x-www-form-urlencoded",
        f"Content-Length: {len(body)}",
    ]
    if in_place:
        head.append("X-Requested-With: fetch")
    status, _ = fetch(port, ("\r\n".join(head) + "\r\n\r\n").encode() + body)
    return status


def serve(env: dict[str, str], log: Path, *extra: str, app: str = "wsgi:app"):  # noqa: ANN201
    """bench/serve.py's gunicorn (two workers), writing every request's server time to `log`."""
    from bench.serve import serve as gunicorn

    timed = ["--access-logfile", str(log), "--access-logformat", LOG_FORMAT, *extra]
    return gunicorn(app, env, 2, Path(str(log) + ".out"), timed)


def read_log(log: Path) -> list[tuple[int, str, str, int, float]]:
    """(pid, method, path, status, server ms) of each request, in order."""
    rows = []
    for line in log.read_text().splitlines():
        m = LINE.search(line)
        if m:
            rows.append((int(m[1]), m[2], m[3], int(m[4]), int(m[5]) / 1000))
    return rows


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def statements(account: Account, folder: str, day: str, *, in_place: bool) -> dict[str, int]:
    """SQL statements of the GET of Today after each save, counted in process, the saves sent
    as the journey sends them."""
    from sqlalchemy import event

    from bench.accounts import _app
    from tracker.extensions import db

    app = _app(account.url, folder)
    client = app.test_client()
    client.post("/login", data={"email": account.email, "password": PASSWORD})
    client.get("/today")
    with app.app_context():
        engine = db.engine
    counts: dict[str, int] = {}
    headers = {"X-Requested-With": "fetch"} if in_place else {}
    for name, path, data in saves(day, 99):
        client.post(path, data=data, headers=headers)
        seen: list[str] = []

        def listener(*args: object, seen: list[str] = seen) -> None:
            seen.append(str(args[2]))

        event.listen(engine, "before_cursor_execute", listener)
        client.get(f"/today?day={day}")
        event.remove(engine, "before_cursor_execute", listener)
        counts[name] = len(seen)
    return counts


def journeys(args: argparse.Namespace, account: Account, folder: str) -> None:
    env = server_env(account.url)
    log, bare_log = Path(folder, "journey.log"), Path(folder, "bare.log")
    ours, port = serve(env, log)
    bare, bare_port = serve(server_env(""), bare_log, app="bench.bare:app")
    try:
        cookie = login(port, account.email, PASSWORD)
        today = Target(port, "/today", 200, (("Cookie", cookie),))
        page = fetch(port, today.request())[1].decode()
        first = date.fromisoformat(re.search(r'name="checkin_day" value="([\d-]+)"', page)[1])
        for _ in range(3):  # warm both workers
            fetch(port, today.request())
        log.write_text("")
        for n in range(args.journeys):
            day = (first - timedelta(days=n)).isoformat()
            shown = Target(port, f"/today?day={day}", 200, (("Cookie", cookie),))
            page = fetch(port, shown.request())[1].decode()
            at = re.search(r'name="at" type="hidden" value="([^"]+)"', page)
            for _name, path, data in saves(day, n, at[1] if at else None):
                status = post(port, path, cookie, data, in_place=args.javascript)
                assert status in (302, 303), (path, status)
                fetch(port, shown.request())
            for _ in range(9):
                fetch(bare_port, Target(bare_port, "/").request())
        time.sleep(0.5)  # the access log is written after the answer
    finally:
        for process in (ours, bare):
            process.terminate()
            process.wait(10)
    rows = [r for r in read_log(log) if r[1] == "GET"]
    bare_ms = [r[4] for r in read_log(bare_log)]
    steps = ["first GET of the day", *(f"GET after {s[0]}" for s in saves("", 0))]
    by_step: dict[str, list[float]] = {s: [] for s in steps}
    for i, row in enumerate(rows):
        by_step[steps[i % len(steps)]].append(row[4])
    counts = statements(account, folder, first.isoformat(), in_place=args.javascript)
    how = "with JavaScript (today.js)" if args.javascript else "without JavaScript"
    print(f"\nA day of logging {how}, {args.journeys} journeys, server time (2 workers)")
    print(f"{'step':<28}{'p50 ms':>8}{'p99 ms':>8}{'SQL':>5}  goal: ≤ {GOAL_MS} ms, ≤ {GOAL_SQL}")
    for step, values in by_step.items():
        sql = counts.get(step.removeprefix("GET after "), "")
        print(f"{step:<28}{pct(values, 50):>8.1f}{pct(values, 99):>8.1f}{sql!s:>5}")
    total = sum(statistics.median(v) for v in by_step.values())
    bare_total = statistics.median(bare_ms) * len(steps)
    print(
        f"one journey: {total:.1f} ms server time for {len(steps)} GETs "
        f"({total / bare_total:.1f}× {len(steps)} bare requests, {bare_total:.1f} ms)"
    )
    # A day's first GET draws every part of a day not drawn yet (the morning's first look);
    # the GETs after a save redraw what the save changed. Their tails are told apart.
    after = [v for step, values in by_step.items() if step != steps[0] for v in values]
    every = [r[4] for r in rows]
    for name, values in (("after a save", after), ("every GET, a day's first included", every)):
        print(
            f"Today, {name}: p50 {pct(values, 50):.1f} ms, p99 {pct(values, 99):.1f} ms, "
            f"p99/p50 {pct(values, 99) / pct(values, 50):.1f} (goal ≤ {TAIL})"
        )


def recycled(account: Account, folder: str) -> None:
    log = Path(folder, "recycle.log")
    log.unlink(missing_ok=True)  # a kept folder's log of an earlier run
    server, port = serve(server_env(account.url), log, "--max-requests", "25")
    try:
        cookie = login(port, account.email, PASSWORD)
        today = Target(port, "/today", 200, (("Cookie", cookie),))
        pids: set[int] = set()
        for _ in range(400):
            fetch(port, today.request())
            time.sleep(0.01)
            pids = {r[0] for r in read_log(log)}
            if len(pids) >= 6:
                break
    finally:
        server.terminate()
        server.wait(10)
    rows = [r for r in read_log(log) if r[2] == "/today"]
    seen: set[int] = set()
    firsts, others = [], []
    for pid, *_rest, ms in rows:
        (others if pid in seen else firsts).append(ms)
        seen.add(pid)
    firsts = firsts[2:]  # the first two workers were warmed by the login
    print(
        f"\nRecycled workers (--max-requests 25): first GET of Today in each new worker "
        f"{', '.join(f'{ms:.1f}' for ms in firsts)} ms (goal ≤ {RECYCLED_MS}); "
        f"the others p50 {pct(others, 50):.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--journeys", type=int, default=20)
    parser.add_argument(
        "--no-javascript",
        dest="javascript",
        action="store_false",
        help="save as plain forms (the check-in's other parts carried back) instead of today.js",
    )
    parser.add_argument("--keep", help="a folder keeping the SQLite instance between runs")
    args = parser.parse_args()
    folder = args.keep or tempfile.mkdtemp(prefix="tracker-journey-")
    os.makedirs(folder, exist_ok=True)
    account = Account("5 y", 1825, "demo-5y@example.org", f"sqlite:///{folder}/tracker.db")
    try:
        seed(account, folder)
        journeys(args, account, folder)
        recycled(account, folder)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
