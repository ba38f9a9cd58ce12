"""Run the queued jobs the way `tracker worker --burst` does, in the test's process."""

from flask import Flask

from tracker.jobs import worker


def run_jobs(app: Flask) -> int:
    """Run every queued job to its end; how many ran."""
    with app.app_context():
        return worker.work(burst=True)
