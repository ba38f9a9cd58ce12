"""The JSON API under /api/v1 with every resource on it; create_app registers `bp`.

A resource is one module: its schemas, then its routes (see tracker/api/README.md).
"""

from tracker.api import (  # noqa: F401 - each adds its routes to bp
    activity,
    appointments,
    checkins,
    doses,
    medications,
    questionnaires,
    sleep,
    spec,
    summaries,
    symptoms,
    therapy,
)
from tracker.api.core import bp, check_path_ids
from tracker.labs import api as labs_api  # noqa: F401 - adds its routes to bp
from tracker.vitals import api as vitals_api  # noqa: F401 - adds its routes to bp

bp.record_once(check_path_ids)  # recorded last, so it sees every route above

__all__ = ["bp"]
