"""Configuration sources, the production secret guard and the security headers."""

from __future__ import annotations

import os

import pytest

from tests.conftest import login, make_user
from tracker.app import create_app
from tracker.config import DEV_SECRET_KEY


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No TRACKER_* or FLASK_* settings leak in from the shell running the tests."""
    for name in list(os.environ):
        if name.startswith(("TRACKER_", "FLASK_")):
            monkeypatch.delenv(name)
    return monkeypatch


def test_refuses_to_start_with_the_development_secret_in_production(clean_env, tmp_path):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"DATABASE_URL": "sqlite://", "INSTANCE_PATH": str(tmp_path)})


def test_starts_with_the_development_secret_when_testing(clean_env, tmp_path):
    app = create_app({"DATABASE_URL": "sqlite://", "INSTANCE_PATH": str(tmp_path), "TESTING": True})

    assert app.config["SECRET_KEY"] == DEV_SECRET_KEY


def test_reads_the_secret_key_and_database_url_from_the_environment(clean_env, tmp_path):
    url = "sqlite:///" + str(tmp_path / "from-env.db")
    clean_env.setenv("TRACKER_SECRET_KEY", "a-secret-from-the-environment")
    clean_env.setenv("TRACKER_DATABASE_URL", url)

    app = create_app({"INSTANCE_PATH": str(tmp_path)})

    assert app.config["SECRET_KEY"] == "a-secret-from-the-environment"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == url


@pytest.mark.parametrize(
    "given",
    [
        "postgres://tracker:pw@db.internal:5432/tracker",
        "postgresql://tracker:pw@db.internal:5432/tracker",
    ],
)
def test_postgres_urls_are_rewritten_for_psycopg3(clean_env, tmp_path, given):
    clean_env.setenv("TRACKER_SECRET_KEY", "a-secret-from-the-environment")
    clean_env.setenv("TRACKER_DATABASE_URL", given)

    app = create_app({"INSTANCE_PATH": str(tmp_path)})

    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        "postgresql+psycopg://tracker:pw@db.internal:5432/tracker"
    )


def test_a_psycopg_url_is_kept(clean_env, tmp_path):
    url = "postgresql+psycopg://tracker:pw@db.internal/tracker"

    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 32, "DATABASE_URL": url})

    assert app.config["SQLALCHEMY_DATABASE_URI"] == url


def test_without_a_database_url_the_database_lives_in_the_instance_folder(clean_env, tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path / "inst"), "SECRET_KEY": "x" * 32})

    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        "sqlite:///" + str(tmp_path / "inst" / "tracker.db")
    )


def test_reads_config_py_from_the_instance_folder(clean_env, tmp_path):
    url = "sqlite:///" + str(tmp_path / "from-file.db")
    (tmp_path / "config.py").write_text(
        f"SECRET_KEY = 'a-secret-from-the-file'\nDATABASE_URL = {url!r}\n"
        "SIGNUP_ENABLED = False\nSESSION_DAYS = 7\n"
    )

    app = create_app({"INSTANCE_PATH": str(tmp_path)})

    assert app.config["SECRET_KEY"] == "a-secret-from-the-file"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == url
    assert app.config["SIGNUP_ENABLED"] is False
    assert app.config["PERMANENT_SESSION_LIFETIME"].days == 7


def test_environment_variables_win_over_the_instance_file(clean_env, tmp_path):
    (tmp_path / "config.py").write_text("SECRET_KEY = 'a-secret-from-the-file'\n")
    clean_env.setenv("TRACKER_SECRET_KEY", "a-secret-from-the-environment")

    app = create_app({"INSTANCE_PATH": str(tmp_path)})

    assert app.config["SECRET_KEY"] == "a-secret-from-the-environment"


def test_an_instance_file_with_a_real_secret_lets_production_start(clean_env, tmp_path):
    (tmp_path / "config.py").write_text("SECRET_KEY = 'a-secret-from-the-file'\n")

    app = create_app({"INSTANCE_PATH": str(tmp_path)})

    assert not app.testing
    assert app.config["SECRET_KEY"] == "a-secret-from-the-file"


# --- security headers ------------------------------------------------------------------------


def test_pages_carry_the_security_headers(client):
    response = client.get("/login")

    assert response.status_code == 200
    csp = [d.strip() for d in response.headers["Content-Security-Policy"].split(";")]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_error_pages_carry_the_security_headers_too(client):
    response = client.get("/no-such-page")

    assert response.status_code == 404
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_logged_in_pages_are_not_cached(app, client):
    make_user(app)
    login(client)

    for path in ("/today", "/settings", "/medications"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response.headers.get("Cache-Control", ""), path
