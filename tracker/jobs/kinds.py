"""Every kind of job, listed once: the worker runs a job by looking up its kind here."""

from __future__ import annotations

from tracker.imports import jobs as imports
from tracker.jobs.worker import Kind

KINDS: dict[str, Kind] = {
    imports.PREVIEW: Kind(imports.run_preview, imports.preview_stopped),
    imports.APPLY: Kind(imports.run_apply, imports.apply_stopped),
}
