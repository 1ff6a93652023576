"""Configuration, migrations, demo data and the health check."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from app import create_app
from app.database import Database
from config import ConfigError

STRONG = "s" * 20 + "0123456789abcdef"


@pytest.mark.parametrize("secret", [None, "", "dev", "changeme", "short-secret"])
def test_production_refuses_to_start_without_a_real_secret(monkeypatch, secret):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    if secret is not None:
        monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"APP_CONFIG": "production"})


def test_production_reads_environment_and_secures_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", STRONG)
    monkeypatch.setenv("TRUSTED_HOSTS", "ethics.example.org")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.db'}")
    app = create_app({"APP_CONFIG": "production"})
    assert app.config["SECRET_KEY"] == STRONG
    assert app.config["DATABASE_URL"].endswith("prod.db")
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["MAIL_BACKEND"] == "smtp"
    Database.engine_of(app).dispose()


def test_unknown_config_name_is_refused():
    with pytest.raises(ConfigError, match="Unknown APP_CONFIG"):
        create_app({"APP_CONFIG": "staging"})


def test_seed_demo_refuses_in_production(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", STRONG)
    monkeypatch.setenv("TRUSTED_HOSTS", "ethics.example.org")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.db'}")
    app = create_app({"APP_CONFIG": "production"})
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "refuses to run in the production configuration" in result.output
    Database.engine_of(app).dispose()


def test_db_upgrade_then_seed_demo_on_a_fresh_sqlite_file(tmp_path):
    app = create_app(
        {"APP_CONFIG": "testing", "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}"}
    )
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    tables = set(inspect(Database.engine_of(app)).get_table_names())
    assert {"user", "judiciary", "membership_request", "audit_entry", "login_failure"} <= tables
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    for email in (
        "judge@demo.example",
        "trainer@demo.example",
        "coordinator@demo.example",
        "admin@demo.example",
    ):
        assert email in result.output
    assert app.config["DEMO_PASSWORD"] in result.output
    assert runner.invoke(args=["seed-demo"]).exit_code == 0, "running it twice is harmless"
    Database.engine_of(app).dispose()


def test_migrations_match_the_models(app):
    """`flask db check`: the migrated schema (SQLite or PostgreSQL) equals the models."""
    result = app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output


def test_healthz_reports_an_unreachable_database(tmp_path):
    missing = tmp_path / "no" / "such" / "dir" / "app.db"
    app = create_app({"APP_CONFIG": "testing", "DATABASE_URL": f"sqlite:///{missing}"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unavailable"
    Database.engine_of(app).dispose()
