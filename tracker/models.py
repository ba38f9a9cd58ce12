"""Every model module, imported once so that all tables are on the metadata: the journal kinds'
through the registry (each kind's models, whose modules hold its other tables too), the rest
by name."""

from tracker import registry
from tracker.api import models as api  # noqa: F401
from tracker.auth import models as auth  # noqa: F401
from tracker.auth.factors import models as factors  # noqa: F401
from tracker.calendars import models as calendars  # noqa: F401
from tracker.imports import models as imports  # noqa: F401
from tracker.jobs import models as jobs  # noqa: F401
from tracker.ratelimit import models as ratelimit  # noqa: F401
from tracker.reminders import models as reminders  # noqa: F401
from tracker.shares import models as shares  # noqa: F401

KIND_MODELS: tuple[type, ...] = tuple(model for kind in registry.KINDS for model in kind.models)
