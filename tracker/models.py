"""Every model module, imported once so that all tables are on the metadata."""

from tracker.activity import models as activity  # noqa: F401
from tracker.api import models as api  # noqa: F401
from tracker.appointments import models as appointments  # noqa: F401
from tracker.auth import models as auth  # noqa: F401
from tracker.calendars import models as calendars  # noqa: F401
from tracker.checkins import models as checkins  # noqa: F401
from tracker.imports import models as imports  # noqa: F401
from tracker.jobs import models as jobs  # noqa: F401
from tracker.labs import models as labs  # noqa: F401
from tracker.medications import models as medications  # noqa: F401
from tracker.questionnaires import models as questionnaires  # noqa: F401
from tracker.ratelimit import models as ratelimit  # noqa: F401
from tracker.shares import models as shares  # noqa: F401
from tracker.sleep import models as sleep  # noqa: F401
from tracker.symptoms import models as symptoms  # noqa: F401
from tracker.therapy import models as therapy  # noqa: F401
from tracker.vitals import models as vitals  # noqa: F401
