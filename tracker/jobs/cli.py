"""`tracker worker`: runs the jobs requests enqueue (`make run` starts one beside the server)."""

from __future__ import annotations

import click
from flask import current_app

from tracker.cli.commands import bp
from tracker.jobs import worker


@bp.cli.command("worker")
@click.option("--burst", is_flag=True, help="Run the queued jobs, then exit.")
@click.option("--once", is_flag=True, help="Run at most one job, then exit.")
@click.option("--poll", default=1.0, show_default=True, help="Seconds between looks when idle.")
def worker_command(burst: bool, once: bool, poll: float) -> None:
    """Run queued jobs: imports' parsing, preview and apply (RQ when REDIS_URL is set)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config.get("REDIS_URL") and not once:
        worker.work_rq(app, burst=burst)
        return
    ran = worker.work(burst=burst, once=once, poll=poll)
    if burst or once:
        click.echo(f"Ran {ran} job{'s' if ran != 1 else ''}.")
