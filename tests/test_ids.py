"""Every HTML route answers 404 for a record id the database cannot hold (past 64 bits, or past
PostgreSQL's 32-bit integer) and for an id in a form body that is not a number: never a 500."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import IntegerConverter, Rule

from tests.conftest import login, make_user

HUGE = (2**31, 2**63, 99_999_999_999_999_999_999)
ARGUMENTS = {"filename": "timezone.js", "instrument": "phq9", "key": "mood", "token": "x" * 43}
# Every id a form of ours posts (hidden fields and selects that name a record).
ID_FIELDS = ("medication_id", "appointment_id", "symptom", "dose_id", "entry_id")
NOT_NUMBERS = ("abc", "1e3", "-1", "1.5", " 7", "", str(2**63), "99999999999999999999")


def _int_rules(app: Flask) -> list[Rule]:
    return [
        r
        for r in app.url_map.iter_rules()
        if not r.rule.startswith("/api/")
        and any(isinstance(c, IntegerConverter) for c in r._converters.values())
    ]


def _url(rule: Rule, huge: int) -> str:
    """The rule's path with every integer argument set to `huge` (built by hand: the converter
    itself refuses to build an id past its range)."""
    path = rule.rule
    for name, converter in rule._converters.items():
        items = getattr(converter, "items", None)
        if isinstance(converter, IntegerConverter):
            value: object = huge
        elif items:
            value = sorted(items)[0]
        else:
            value = ARGUMENTS.get(name, "x")
        path = path.replace(f"<{_spec(rule, name)}>", str(value))
    return path


def _spec(rule: Rule, name: str) -> str:
    import re

    match = re.search(rf"<([^<>]*:)?{name}>", rule.rule)
    assert match
    return match.group(0)[1:-1]


@pytest.fixture
def user_client(app: Flask) -> FlaskClient:
    make_user(app)
    client = app.test_client()
    login(client)
    return client


@pytest.mark.parametrize("huge", HUGE)
def test_every_html_route_answers_404_for_an_id_outside_the_database_range(
    app: Flask, user_client: FlaskClient, huge: int
) -> None:
    rules = _int_rules(app)
    assert len(rules) > 20
    wrong = {}
    for rule in rules:
        url = _url(rule, huge)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):  # type: ignore[operator]
            status = user_client.open(url, method=method).status_code
            if status != 404:
                wrong[f"{method} {url}"] = status
    assert wrong == {}


def _post_rules(app: Flask) -> list[Rule]:
    return [
        r
        for r in app.url_map.iter_rules()
        if "POST" in r.methods  # type: ignore[operator]
        and not r.rule.startswith("/api/")
        and not r._converters
        and r.endpoint not in ("auth.login", "auth.signup", "auth.logout")
    ]


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_a_posted_id_that_is_not_a_number_is_never_a_server_error(
    app: Flask, user_client: FlaskClient, value: str
) -> None:
    wrong = {}
    for rule in _post_rules(app):
        form = dict.fromkeys(ID_FIELDS, value) | {"day": "2025-06-02", "at": "08:00"}
        status = user_client.post(rule.rule, data=form).status_code
        if status >= 500:
            wrong[rule.rule] = status
    assert wrong == {}


@pytest.mark.parametrize("value", ["abc", str(2**63), "99999999999999999999"])
@pytest.mark.parametrize(
    "path", ["/doses/take", "/doses/take-at-scheduled", "/doses/skip", "/doses/as-needed"]
)
def test_a_dose_form_with_an_impossible_medication_id_is_not_found(
    app: Flask, user_client: FlaskClient, path: str, value: str
) -> None:
    form = {"medication_id": value, "day": "2025-06-02", "at": "08:00"}
    assert user_client.post(path, data=form).status_code == 404
