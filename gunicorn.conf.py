"""Gunicorn settings: `gunicorn -c gunicorn.conf.py wsgi:app` (docs/operations.md, "Deployment").

Each setting below can be changed with the environment variable beside it. Run it behind a
reverse proxy (nginx) that terminates HTTPS and buffers requests: sync workers serve one
request at a time, so a slow client must never talk to them directly.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from gunicorn.glogging import Logger

# Only the reverse proxy should reach gunicorn: keep it on loopback (or a unix socket,
# TRACKER_BIND=unix:/run/tracker/gunicorn.sock).
bind = os.environ.get("TRACKER_BIND", "127.0.0.1:8000")
# 4 suits 2 cores: a request waits on the database or draws a chart, rarely both.
workers = int(os.environ.get("TRACKER_WORKERS", "4"))
worker_class = "sync"
# The app is built once in the master and forked: workers start at once and share its
# memory. No database connection is opened before the fork. After an upgrade, restart the
# service (a reload would fork the old code again).
preload_app = True
# A worker silent this long is killed and restarted. An import of a large Apple Health export
# (up to IMPORT_MAX_BYTES, 512 MB) is read within its request, so the limit is generous;
# ordinary pages answer in well under a second.
timeout = int(os.environ.get("TRACKER_TIMEOUT", "300"))
graceful_timeout = 30  # on restart, requests in flight get this long to finish
keepalive = 5  # seconds an idle connection from the proxy stays open
# Workers are replaced after this many requests (spread so they do not restart together):
# chart and font caches only grow, and a fresh process gives their memory back.
max_requests = 1000
max_requests_jitter = 100
# The heartbeat file on a tmpfs: a busy disk (a backup, fsyncs) cannot stall workers into
# a timeout.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - mkstemp

# No control socket (gunicornc): systemd signals the master instead (HUP reloads the
# workers), and two servers on one machine would share its default path.
control_socket_disable = True

# Gunicorn takes X-Forwarded-Proto (is the request HTTPS?) only from these addresses: the
# proxy's. The app itself reads X-Forwarded-For/-Proto/-Host with werkzeug's ProxyFix when
# TRACKER_HTTPS=true (TRACKER_PROXY_COUNT proxies), so nothing but the proxy may reach `bind`.
forwarded_allow_ips = os.environ.get("TRACKER_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs go to stderr (the journal under systemd). An access line has the time, the method,
# the route's template ("/s/<token>", never the path: paths can hold secret tokens), the
# status, the bytes sent and the milliseconds taken; no query string, no client address,
# no referrer, no user agent. The app puts the template into the WSGI environ
# (tracker/http.py); a request the app never saw logs "-".
accesslog = os.environ.get("TRACKER_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("TRACKER_LOG_LEVEL", "info")
access_log_format = '%(t)s "%(m)s %({tracker.route}e)s" %(s)s %(B)s %(M)sms'


class PrivateLogger(Logger):
    """Gunicorn's logger, but the error log never names a request's URI (path and query)."""

    def exception(self, msg: str, *args: Any, **kwargs: Any) -> None:
        """Log an error with its stack; "Error handling request <uri>" loses the URI."""
        if msg.startswith("Error handling request"):
            msg, args = "Error handling request", ()
        super().exception(msg, *args, **kwargs)


logger_class = PrivateLogger


def post_worker_init(worker: Any) -> None:
    """Refuse to serve an app in debug or testing mode (tracebacks, the dev SECRET_KEY); then
    warm the worker before its first request (tracker/warmup.py `warm_worker`)."""
    app = worker.wsgi
    if getattr(app, "debug", False) or getattr(app, "testing", False):
        worker.log.error("Refusing to serve with DEBUG or TESTING on; unset TRACKER_DEBUG.")
        sys.exit(3)  # gunicorn's "worker failed to boot": the server stops, not loops
    from tracker.warmup import warm_worker

    warm_worker(app)


def when_ready(server: Any) -> None:
    """Warm the preloaded app in the master before any worker is forked (tracker/warmup.py):
    templates compiled once, fonts listed once; and give the workers a folder to share Today's
    drawn parts in (tracker/today/shared.py), so a recycled worker's first request is fast."""
    from tracker.today.shared import share_between_workers
    from tracker.warmup import warm

    app = server.app.wsgi()
    count = warm(app)
    server.log.info("Warmed the app before forking: %d templates compiled", count)
    share_between_workers(app)


def on_exit(server: Any) -> None:
    """Remove the workers' shared folder of Today's parts (it holds health data)."""
    from tracker.today.shared import stop_sharing

    stop_sharing(server.app.wsgi())
