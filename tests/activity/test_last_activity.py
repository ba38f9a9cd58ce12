"""The quick form starts on the latest activity session by instant, read from the last days."""

from datetime import timedelta

from tests.activity.factories import get_user
from tests.conftest import NOW, make_user
from tracker.activity import services
from tracker.extensions import db


def _log(user, kind: str, at):  # noqa: ANN001, ANN202
    entry = services.record_activity(user, kind=kind, minutes=20, at=at, now=NOW)
    db.session.flush()
    return entry


def test_the_latest_instant_wins_over_a_later_local_day(app):
    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        _log(user, "cycling", NOW - timedelta(days=400))
        user.timezone = "Pacific/Kiritimati"  # UTC+14: already tomorrow there
        early = _log(user, "running", NOW - timedelta(hours=2))
        user.timezone = "Pacific/Pago_Pago"  # UTC-11: still yesterday there
        late = _log(user, "swimming", NOW - timedelta(hours=1))
        assert early.day > late.day
        assert services.last_activity(user).id == late.id


def test_no_session_yet_gives_none_and_an_old_one_is_still_found(app):
    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        assert services.last_activity(user) is None
        old = _log(user, "cycling", NOW - timedelta(days=900))
        assert services.last_activity(user).id == old.id
