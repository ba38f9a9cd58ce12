"""The medication and wellness tracker: create_app() is the table of contents."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the app: config, extensions, blueprints, errors, filters, commands."""
    # The database, its WAL and the uploads are private to the user running the server, with
    # or without systemd's UMask=: files are made rw------- and folders rwx------.
    os.umask(0o077)
    app = Flask(
        __name__,
        # TRACKER_INSTANCE_PATH: the settings, SQLite database and uploads outside the code.
        instance_path=(overrides or {}).get("INSTANCE_PATH")
        or os.environ.get("TRACKER_INSTANCE_PATH")
        or os.path.join(ROOT, "instance"),
        instance_relative_config=True,
        template_folder=os.path.join(ROOT, "templates"),
    )
    from tracker import (  # noqa: F401
        config,
        dataversion,
        extensions,
        filters,
        http,
        logs,
        models,
        ratelimit,
        web,
    )
    from tracker.activity.views import bp as activity_bp
    from tracker.api.settings import bp as api_tokens_bp
    from tracker.api.views import bp as api_bp
    from tracker.appointments.views import bp as appointments_bp
    from tracker.auth.views import bp as auth_bp
    from tracker.calendars.views import bp as calendars_bp
    from tracker.checkins.views import bp as checkins_bp
    from tracker.cli.commands import bp as cli_bp
    from tracker.exports.views import bp as exports_bp
    from tracker.imports.views import bp as imports_bp
    from tracker.labs.views import bp as labs_bp
    from tracker.medications.views import bp as medications_bp
    from tracker.questionnaires.views import bp as questionnaires_bp
    from tracker.reports.views import bp as reports_bp
    from tracker.shares.views import bp as shares_bp
    from tracker.sleep.views import bp as sleep_bp
    from tracker.symptoms.views import bp as symptoms_bp
    from tracker.therapy.views import bp as therapy_bp
    from tracker.today.views import bp as today_bp
    from tracker.trends.views import bp as trends_bp
    from tracker.vitals.views import bp as vitals_bp

    config.load(app, overrides)
    extensions.init_app(app)
    ratelimit.init_app(app)
    blueprints = (
        auth_bp,
        medications_bp,
        today_bp,
        symptoms_bp,
        checkins_bp,
        sleep_bp,
        activity_bp,
        therapy_bp,
        questionnaires_bp,
        vitals_bp,
        labs_bp,
        appointments_bp,
        trends_bp,
        exports_bp,
        imports_bp,
        reports_bp,
        shares_bp,
        api_bp,
        api_tokens_bp,
        calendars_bp,
        cli_bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    web.register_errors(app)
    filters.register(app)
    http.register(app)
    logs.register(app)
    return app
