"""The JSON API under /api/v1; create_app registers `bp`.

Every journal kind brings its own resource (`JournalKind.api`, see tracker/api/README.md),
added here by walking the registry. The resources that are no kind's (the document, the
summaries across kinds) add their routes to `bp` when imported, by name, below.
"""

from tracker import registry
from tracker.api import spec, summaries  # noqa: F401 - no kind's; each adds its routes to bp
from tracker.api.core import bp, check_path_ids

for kind in registry.KINDS:
    if kind.api is not None:  # tests/test_registry_api.py: every kind has one
        kind.api.add_to(bp)

bp.record_once(check_path_ids)  # recorded last, so it sees every route above

__all__ = ["bp"]
