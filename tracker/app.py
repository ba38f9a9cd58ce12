"""create_app(), the table of contents: config, extensions, blueprints, errors, filters."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from tracker import (
    config,
    database,
    dataversion,
    extensions,
    filters,
    http,
    logs,
    models,  # noqa: F401 - every table on the metadata before anything asks for it
    ratelimit,
    registry,
    web,
)
from tracker.api.errors import http_error_response
from tracker.api.settings import bp as api_tokens_bp
from tracker.api.views import bp as api_bp
from tracker.auth.factors.views import bp as factors_bp
from tracker.auth.models import User
from tracker.auth.views import bp as auth_bp
from tracker.calendars.views import bp as calendars_bp
from tracker.cli.commands import bp as cli_bp
from tracker.config import ROOT
from tracker.exports.views import bp as exports_bp
from tracker.imports.views import bp as imports_bp
from tracker.reminders.push_views import bp as webpush_bp
from tracker.reminders.views import bp as reminders_bp
from tracker.reports.views import bp as reports_bp
from tracker.settings.views import bp as settings_bp
from tracker.shares.views import bp as shares_bp
from tracker.today import parts as today_parts
from tracker.today.views import bp as today_bp
from tracker.trends.views import bp as trends_bp

# The app's own pages; each journal kind's come from the registry (JournalKind.blueprint).
BLUEPRINTS = (
    auth_bp,
    factors_bp,
    settings_bp,
    today_bp,
    trends_bp,
    exports_bp,
    imports_bp,
    reports_bp,
    shares_bp,
    api_bp,
    api_tokens_bp,
    calendars_bp,
    reminders_bp,
    webpush_bp,
)


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
    config.load(app, overrides)
    extensions.init_app(app)
    database.init_app(app)
    dataversion.init_app(app)
    ratelimit.init_app(app, accounts=User.__table__)
    today_parts.init_app(app)
    kinds = tuple(kind.blueprint for kind in registry.KINDS if kind.blueprint is not None)
    for blueprint in (*BLUEPRINTS, *kinds):
        app.register_blueprint(blueprint)
    # An unknown path or a wrong method under /api/ is answered in the API's JSON too.
    web.register_errors(app, json_paths={"/api/": http_error_response})
    filters.register(app)
    http.register(app)
    logs.register(app)
    app.register_blueprint(cli_bp)  # the `flask` commands
    return app
