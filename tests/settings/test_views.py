"""The Settings page is its own blueprint at the addresses it always had, behind login."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from tests.conftest import PASSWORD, login, make_user
from tracker.auth.models import User
from tracker.extensions import db

SETTINGS_ROUTES = [
    ("GET", "/settings", "settings.show"),
    ("POST", "/settings", "settings.save"),
    ("POST", "/settings/password", "settings.change_password"),
    ("POST", "/settings/sign-out-everywhere", "settings.sign_out_everywhere"),
    ("POST", "/settings/delete", "settings.delete_account"),
]


@pytest.mark.parametrize(("method", "path", "endpoint"), SETTINGS_ROUTES)
def test_each_settings_address_is_served_by_the_settings_blueprint(
    app: Flask, method: str, path: str, endpoint: str
) -> None:
    adapter = app.url_map.bind("localhost")
    assert adapter.match(path, method)[0] == endpoint


@pytest.mark.parametrize(("method", "path", "endpoint"), SETTINGS_ROUTES)
def test_each_settings_address_asks_for_login_first_and_changes_nothing(
    app: Flask, method: str, path: str, endpoint: str
) -> None:
    make_user(app)
    response = app.test_client().open(path, method=method, data={"password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    with app.app_context():
        assert db.session.scalar(select(User.email)) == "ada@example.org"


def test_the_page_links_its_forms_and_marks_itself_in_the_menu(app: Flask) -> None:
    make_user(app)
    client = app.test_client()
    login(client)
    page = client.get("/settings").get_data(as_text=True)
    for _, path, _ in SETTINGS_ROUTES[1:]:
        assert f'action="{path}"' in page
    assert '<a href="/settings" aria-current="page">Settings</a>' in page
