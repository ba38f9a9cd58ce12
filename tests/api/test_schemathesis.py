"""Property-based test of the whole API from its own OpenAPI document, in-process (WSGI).

Every operation gets generated requests (valid and invalid) from a user with data and a write
token; each answer must be no 5xx, have a documented status, content type and schema, refuse
invalid data, need its token, and never show anything of the other seeded user: generated
ids are mapped onto real records of both users, and the other user's records carry MARKER.
Deterministic (derandomize) and small: 12 invalid, then 12 valid requests an operation on one
seeding (about a minute for the 78 operations on a 2-core machine).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date, time
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.factories import bearer, journal, token
from tests.api.test_ownership import _snapshot
from tests.conftest import NOW, make_user
from tests.medications.factories import get_user
from tracker.app import create_app
from tracker.extensions import db
from tracker.medications import doses, services, supply
from tracker.timeutils import localize

MARKER = "zq-other-user-7f3a"  # in every text field of the other user's records


@dataclass
class Seeded:
    auth: dict[str, str]
    ids: dict[str, list[int]]  # path argument → the ids a generated one is mapped onto
    theirs: dict[str, set[int]]
    theirs_user: int
    before: list


def _seed(app, uid: int, text: str | None) -> dict[str, list[int]]:
    with app.app_context():
        user = get_user(uid)
        fields = services.MedicationFields
        med = services.create_medication(
            user,
            fields(name=text or "sertraline", started_on=date(2025, 1, 1), notes=text),
            doses=[(time(8), 50), (time(20), 50)],
            today=date(2025, 6, 2),
            now=NOW,
        )
        prn = services.create_medication(
            user,
            fields(name=text or "lorazepam", as_needed=True, started_on=date(2025, 1, 1),
                   default_amount=0.5, max_per_24h=2, purpose=text),
            today=date(2025, 6, 2),
            now=NOW,
        )  # fmt: skip
        dose = doses.record_scheduled(
            user, med, day=date(2025, 6, 1), at=time(8), action="taken",
            taken_at=localize(date(2025, 6, 1), time(8), user.timezone), note=text, now=NOW,
        )  # fmt: skip
        supply.set_supply(user, med, supply.SupplyFields("tablet", 50), units_on_hand=9, now=NOW)
        refill = supply.add_event(user, med, kind="refill", units=30, note=text, now=NOW)
        records = journal(user, text)
        db.session.commit()
        score = records.pop("score_id")
        ids = {"med_id": [med.id, prn.id], "dose_id": [dose.id], "supply_event_id": [refill.id]}
        ids |= {name: [record] for name, record in records.items()}
        ids["response_id"].append(score)
        return ids


@pytest.fixture
def seeded(app):
    mine_id, theirs_id = make_user(app, "me@example.org"), make_user(app, "them@example.org")
    mine, theirs = _seed(app, mine_id, None), _seed(app, theirs_id, MARKER)
    ids = {name: mine[name] * 3 + theirs[name] for name in mine}  # mostly mine, theirs too
    before = _snapshot(app, theirs_id)
    yield Seeded(
        bearer(token(app, mine_id)), ids, {k: set(v) for k, v in theirs.items()}, theirs_id, before
    )
    assert _snapshot(app, theirs_id) == before, "the other user's records changed"


def _operations() -> list[str]:
    # Collected from the document itself, so a new route is tested without touching this file.
    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "SECRET_KEY": "collect",
                      "INSTANCE_PATH": tempfile.gettempdir()})  # fmt: skip
    doc = app.test_client().get("/api/v1/openapi.json").json
    return [f"{method.upper()} {path}" for path, item in doc["paths"].items() for method in item]


OPERATIONS = _operations()


# A key only one kind of record has in the answers → the path argument naming that kind.
KINDS = {
    "symptom_ref": "symptom_entry_id",
    "ratings": "checkin_id",
    "tst_minutes": "night_id",
    "start": "nap_id",
    "intensity": "activity_id",
    "practice": "practice_id",
    "substance": "substance_id",
    "modality": "session_id",
    "provider": "appointment_id",
    "asked_on": "question_id",
    "instrument": "response_id",
}


def _ids_in(value: Any, key: str) -> set[int]:
    found: set[int] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            if k == key and isinstance(v, int):
                found.add(v)
            found |= _ids_in(v, key)
    elif isinstance(value, list):
        for item in value:
            found |= _ids_in(item, key)
    return found


def _objects(value: Any):
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from _objects(v)
    elif isinstance(value, list):
        for item in value:
            yield from _objects(item)


def _no_other_users_data(seeded: Seeded):
    def no_other_users_data(ctx, response, case) -> None:
        assert MARKER not in response.text, "a record of the other user was returned"
        if not response.text or "json" not in response.headers.get("Content-Type", [""])[0]:
            return
        body = response.json()
        assert not _ids_in(body, "medication_id") & seeded.theirs["med_id"]
        assert not _ids_in(body, "appointment_id") & seeded.theirs["appointment_id"]
        for obj in _objects(body):
            if "as_needed" in obj:  # a medication
                assert obj.get("id") not in seeded.theirs["med_id"], obj
            if "action" in obj and "tz" in obj:  # a dose
                assert obj.get("id") not in seeded.theirs["dose_id"], obj
            for key, name in KINDS.items():
                if key in obj:
                    assert obj.get("id") not in seeded.theirs[name], obj

    return no_other_users_data


def test_every_operation_of_the_document_is_tested():
    assert len(OPERATIONS) >= 78  # the parametrization below really covers the API


@pytest.mark.parametrize("label", OPERATIONS)
def test_the_api_keeps_its_document_and_its_users_apart(app, seeded, label):
    # Both modes on one seeding (it is most of a test's cost): invalid requests first, so a
    # DELETE's valid ones do not leave the invalid ones only 404s to meet.
    for mode in (GenerationMode.NEGATIVE, GenerationMode.POSITIVE):
        _generate(app, seeded, label, mode)


def _generate(app, seeded: Seeded, label: str, mode: GenerationMode) -> None:
    operation = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app).find_operation_by_label(
        label
    )
    assert operation is not None, label
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
        negative_data_rejection,
        ignored_auth,
        _no_other_users_data(seeded),
    ]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=12,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                               HealthCheck.data_too_large],
    )  # fmt: skip
    def run(case) -> None:
        meta = case.meta
        # A generated id would nearly always be a 404: name real records, the other user's too
        # (an id made invalid on purpose stays as it is).
        if not (meta and meta.is_negative_at(ParameterLocation.PATH)):
            for name, value in (case.path_parameters or {}).items():
                pool = seeded.ids[name]
                case.path_parameters[name] = pool[value % len(pool)]
        # Headers made invalid on purpose (a broken Authorization among them) are sent as
        # generated; otherwise the request carries the user's real token.
        negative_headers = meta is not None and meta.is_negative_at(ParameterLocation.HEADER)
        case.call_and_validate(headers=None if negative_headers else seeded.auth, checks=checks)

    run()
