"""Another user's record is 404 on every API route that takes an id, before its body is
read, and nothing of theirs changes. The walk covers every API rule with an argument; a
new id argument or route fails here until it is added below."""

from datetime import date, time, timedelta

import pytest

from tests.api.factories import bearer, journal, token
from tests.conftest import NOW, make_user
from tests.medications.factories import get_user, prn_med, scheduled_med
from tracker import registry
from tracker.extensions import db
from tracker.medications import doses, supply
from tracker.timeutils import localize, utcnow

# Every model a kind declares with an owner (the API reads or writes them through the kinds'
# resources): the other user's rows must come out of a walk unchanged.
MODELS = tuple(m for kind in registry.KINDS for m in kind.models if hasattr(m, "user_id"))


def _records(app, uid: int) -> dict[str, int]:
    with app.app_context():
        user = get_user(uid)
        med = scheduled_med(user)
        prn = prn_med(user)
        dose = doses.record_scheduled(
            user,
            med,
            day=date(2025, 6, 1),
            at=time(8),
            action="taken",
            taken_at=localize(date(2025, 6, 1), time(8), user.timezone),
            now=NOW,
        )
        supply.set_supply(user, med, supply.SupplyFields("tablet", 50), units_on_hand=9, now=NOW)
        refill = supply.add_event(user, med, kind="refill", units=30, now=NOW)
        ids = {"med_id": med.id, "prn_id": prn.id, "dose_id": dose.id, **journal(user)}
        ids["supply_event_id"] = refill.id
        db.session.commit()
        return ids


def _bodies() -> dict[str, dict]:
    """A body each write route accepts for the user's own record."""
    today = date.today()  # the API's today in any zone is within a day of this
    return {
        "api.update_medication": {"purpose": "changed"},
        "api.stop_medication": {
            "stopped_on": str(today + timedelta(days=30)),
            "stop_reason": "cost",
        },
        "api.add_schedule_version": {
            "effective_from": str(today + timedelta(days=2)),
            "doses": [{"at": "08:00", "amount": 75}],
        },
        "api.record_scheduled_dose": {
            "day": str(today - timedelta(days=2)),
            "at": "08:00",
            "action": "taken",
            "taken_at": utcnow().isoformat(),
        },
        "api.record_as_needed_dose": {"amount": 0.5},
        "api.update_dose": {"helped": 3},
        "api.set_supply": {"unit_kind": "tablet", "unit_size": 25},
        "api.add_supply_event": {"kind": "refill", "units": 10},
        "api.update_symptom_entry": {"severity": 2},
        "api.update_checkin": {"note": "changed"},
        "api.update_night": {"quality": 2},
        "api.update_nap": {"minutes": 30},
        "api.update_activity": {"minutes": 20},
        "api.update_practice": {"helpful": 5},
        "api.update_own_practice": {"followed": False},
        "api.update_substance": {"amount": 2},
        "api.update_session": {"topics": "changed"},
        "api.mark_homework_done": {"row_version": None},
        "api.update_appointment": {"notes": "changed"},
        "api.update_vitals": {"heart_rate": 66},
        "api.update_lab": {"value": 0.8},
        "api.update_question": {"text": "Changed?"},
        "api.mark_question_asked": {"answer": "yes"},
        "api.update_questionnaire": {"note": "changed"},
    }


# Which record a `med_id` names on a route, when not the scheduled medication.
MED_KIND = {"api.record_as_needed_dose": "prn_id"}


def _api_rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint.startswith("api.") and r.arguments]


def _calls(app, ids: dict[str, int]):
    for rule in _api_rules(app):
        args = {
            name: ids[MED_KIND.get(rule.endpoint, name) if name == "med_id" else name]
            for name in rule.arguments
        }
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method, rule.build(args)[1]


def _snapshot(app, uid: int) -> list:
    with app.app_context():
        rows = []
        for model in MODELS:
            found = db.session.scalars(db.select(model).where(model.user_id == uid)).all()
            rows += [{c.key: getattr(r, c.key) for c in model.__table__.columns} for r in found]
        return rows


@pytest.fixture
def two_users(app):
    a, b = make_user(app, "a@example.org"), make_user(app, "b@example.org")
    return (a, _records(app, a)), (b, _records(app, b))


def test_every_api_id_route_is_404_for_another_users_record(app, client, two_users):
    (theirs_id, theirs), (mine_id, _) = two_users
    mine = bearer(token(app, mine_id))
    before = _snapshot(app, theirs_id)
    bodies, checked = _bodies(), []
    for rule, method, url in _calls(app, theirs):
        body = bodies.get(rule.endpoint) if method in ("POST", "PATCH") else None
        assert method not in ("POST", "PATCH") or body, f"{rule.endpoint}: add a body to _bodies"
        response = client.open(url, method=method, json=body, headers=mine)
        assert response.status_code == 404, f"{method} {url}: {response.text}"
        assert response.json["error"]["code"] == "not_found"
        checked.append((method, rule.rule))
    assert len(checked) >= 45
    assert _snapshot(app, theirs_id) == before


def test_the_same_requests_succeed_on_the_users_own_records(app, client, two_users):
    _, (mine_id, mine) = two_users
    auth = bearer(token(app, mine_id))
    bodies = _bodies()
    calls = sorted(_calls(app, mine), key=lambda c: c[1] == "DELETE")  # deletes last
    for rule, method, url in calls:
        body = bodies.get(rule.endpoint) if method in ("POST", "PATCH") else None
        response = client.open(url, method=method, json=body, headers=auth)
        assert response.status_code < 300, f"{method} {url}: {response.text}"
