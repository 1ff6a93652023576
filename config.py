"""Configuration classes: development default, testing, production.

Pick one with APP_CONFIG (development, testing, production); create_app() takes
overrides on top of it for tests.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
INSTANCE = ROOT / "instance"

SUPPORTED_LOCALES = ("en", "fr", "es", "ar", "ru", "pt")
RTL_LOCALES = ("ar",)


class ConfigError(RuntimeError):
    """Raised when the configuration cannot run safely."""


class Config:
    """Defaults shared by every environment: the embedded SQLite database."""

    ENV_NAME = "development"
    SECRET_KEY: str | None = None
    DATABASE_URL = f"sqlite:///{INSTANCE / 'app.db'}"
    SQLITE_BUSY_TIMEOUT_MS = 15_000
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "app" / "translations")
    SUPPORTED_LOCALES = SUPPORTED_LOCALES
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 12 * 3600
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    MAIL_BACKEND = "log"  # log | outbox | smtp
    MAIL_SENDER = "Judicial Ethics Training <no-reply@localhost>"
    SMTP_HOST = "localhost"
    SMTP_PORT = 25
    SMTP_USERNAME: str | None = None
    SMTP_PASSWORD: str | None = None
    SMTP_STARTTLS = False
    LOGIN_WINDOW_SECONDS = 15 * 60
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 10
    LOGIN_MAX_FAILURES_PER_ADDRESS = 50
    RESET_MAILS_PER_ACCOUNT = 3
    EMAIL_TOKEN_MAX_AGE = 2 * 24 * 3600
    RESET_TOKEN_MAX_AGE = 3600
    INVITATION_MAX_AGE_DAYS = 14
    # argon2id parameters (RFC 9106 "second recommended" profile)
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 64 * 1024
    ARGON2_PARALLELISM = 4
    PROXY_FIX_HOPS = 0
    SEED_DEMO_ALLOWED = True
    COURSE_PATH = str(ROOT / "courses" / "bangalore_principles")
    MANUALS_PATH = str(ROOT / "manuals")
    RENDER_CACHE_PATH = str(INSTANCE / "renders")
    RENDER_SECONDS = 300
    RENDER_MEMORY_MB = 2048
    CERTIFICATE_LOOKUPS = 30  # public verification look-ups per client address...
    CERTIFICATE_LOOKUP_WINDOW_SECONDS = 600  # ...in this many seconds
    DEMO_PASSWORD = "ethics-demo-2026"  # noqa: S105 - demo data only, refused in production

    @classmethod
    def load(cls) -> dict:
        """Return this configuration as a plain dict, reading the environment."""
        values = {k: getattr(cls, k) for k in dir(cls) if k.isupper()}
        values["DATABASE_URL"] = os.environ.get("DATABASE_URL", values["DATABASE_URL"])
        values["SECRET_KEY"] = os.environ.get("SECRET_KEY") or values["SECRET_KEY"]
        values["COURSE_PATH"] = os.environ.get("COURSE_PATH", values["COURSE_PATH"])
        return values


class DevelopmentConfig(Config):
    """Local development: a per-checkout secret kept in instance/."""

    @classmethod
    def load(cls) -> dict:
        values = super().load()
        if not values["SECRET_KEY"]:
            values["SECRET_KEY"] = _instance_secret()
        return values


class TestingConfig(Config):
    """Tests: outbox mailer, cheap password hashing, a throwaway secret."""

    ENV_NAME = "testing"
    TESTING = True
    MAIL_BACKEND = "outbox"
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8 * 1024
    ARGON2_PARALLELISM = 1

    @classmethod
    def load(cls) -> dict:
        values = super().load()
        values["SECRET_KEY"] = "test-" + secrets.token_hex(16)
        values["RENDER_CACHE_PATH"] = tempfile.mkdtemp(prefix="test-renders-")
        values["DATABASE_URL"] = os.environ.get("TEST_DATABASE_URL", "sqlite://")
        return values


class ProductionConfig(Config):
    """Production: secrets from the environment, secure cookies, SMTP mail."""

    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-session"
    MAIL_BACKEND = "smtp"
    SEED_DEMO_ALLOWED = False

    @classmethod
    def load(cls) -> dict:
        values = super().load()
        for key in ("SMTP_HOST", "SMTP_USERNAME", "SMTP_PASSWORD", "MAIL_SENDER"):
            values[key] = os.environ.get(key, values[key])
        values["SMTP_PORT"] = int(os.environ.get("SMTP_PORT", values["SMTP_PORT"]))
        values["SMTP_STARTTLS"] = os.environ.get("SMTP_STARTTLS", "1") == "1"
        values["PROXY_FIX_HOPS"] = int(os.environ.get("PROXY_FIX_HOPS", "1"))
        check_production_secret(values["SECRET_KEY"])
        values["TRUSTED_HOSTS"] = production_hosts(os.environ.get("TRUSTED_HOSTS", ""))
        return values


def production_hosts(value: str) -> list[str]:
    """The host names the site answers to; links in e-mails are built from the request's host,
    so any other Host (or X-Forwarded-Host) must be refused, not written into a reset link."""
    hosts = [host.strip() for host in value.split(",") if host.strip()]
    if not hosts:
        raise ConfigError(
            "TRUSTED_HOSTS must be set in production: the host names of the site, "
            "comma-separated (e.g. ethics.example.org)."
        )
    return hosts


WEAK_SECRETS = {"dev", "secret", "changeme", "change-me", "development", "test"}


def check_production_secret(secret: str | None) -> None:
    """Refuse to run production without a long, non-placeholder secret."""
    if not secret:
        raise ConfigError("SECRET_KEY must be set in the environment for production.")
    if len(secret) < 32 or secret.lower() in WEAK_SECRETS:
        raise ConfigError("SECRET_KEY is too weak: use at least 32 random characters.")


def _instance_secret() -> str:
    """A random secret generated once per checkout, so dev sessions survive restarts."""
    path = INSTANCE / "secret_key"
    if not path.exists():
        INSTANCE.mkdir(exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def load_config(name: str | None = None) -> dict:
    """Load the named configuration (default: APP_CONFIG or development)."""
    name = name or os.environ.get("APP_CONFIG", "development")
    if name not in CONFIGS:
        raise ConfigError(f"Unknown APP_CONFIG {name!r}; use one of {', '.join(CONFIGS)}.")
    return CONFIGS[name].load()
