"""Fixtures in layers: database URL -> app -> db (rolled back) or committed -> client.

Tests that use the `app` fixture touch the database: they are marked `db` and run
again on PostgreSQL when TEST_DB_BACKEND=postgresql (see the Makefile).
"""

from __future__ import annotations

import contextvars
import os
from collections.abc import Callable, Iterator
from itertools import count
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import delete, text

from app import create_app
from app.accounts import passwords
from app.accounts.models import Judiciary, Role, User, UserRole
from app.clock import utcnow
from app.commands import alembic_config
from app.database import Database
from app.extensions import db
from app.mail import Mail, outbox
from app.models import metadata

PASSWORD = "correct horse battery"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "app" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)
        if "/e2e/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    if os.environ.get("TEST_DB_BACKEND") == "postgresql":
        url = os.environ.get("TEST_DATABASE_URL")
        if not url:
            pytest.fail("TEST_DB_BACKEND=postgresql needs TEST_DATABASE_URL")
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


class IsolatedClient(FlaskClient):
    """Runs each request in a fresh context, as a server does.

    Flask reuses an app context that a test has pushed, and with it `g` (where
    Flask-Login caches the user): requests would then see each other's state.
    """

    def open(self, *args: object, **kwargs: object):
        return contextvars.Context().run(super().open, *args, **kwargs)


def make_app(database_url: str, **overrides: object) -> Flask:
    config = {"APP_CONFIG": "testing", "DATABASE_URL": database_url, "SERVER_NAME": "localhost"}
    application = create_app({**config, **overrides})
    application.test_client_class = IsolatedClient
    return application


@pytest.fixture(scope="session")
def app(database_url: str) -> Iterator[Flask]:
    """One app for the session, on a schema built by the Alembic migrations."""
    from alembic import command

    application = make_app(database_url)
    engine = Database.engine_of(application)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    with application.app_context():
        command.upgrade(alembic_config(application), "head")
    yield application
    engine.dispose()


@pytest.fixture
def other_app(app: Flask, database_url: str) -> Iterator[Flask]:
    """A second app instance (another worker) on the same database."""
    application = make_app(database_url)
    yield application
    Database.engine_of(application).dispose()


@pytest.fixture
def db_session(app: Flask) -> Iterator[object]:
    """The app's sessions bound to one connection, rolled back after the test."""
    engine = Database.engine_of(app)
    connection = engine.connect()
    transaction = connection.begin()
    outbox(app).clear()
    with db.bound_to(app, connection), app.app_context():
        yield db.session
    transaction.rollback()
    connection.close()


@pytest.fixture
def committed(app: Flask) -> Iterator[object]:
    """Real commits, visible to other connections and processes; tables emptied after."""
    outbox(app).clear()
    with app.app_context():
        yield db.session
        db.session.rollback()
    _empty_tables(app)


def _empty_tables(app: Flask) -> None:
    with Database.engine_of(app).begin() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(delete(table))


@pytest.fixture
def client(app: Flask, db_session: object) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def mails(app: Flask) -> list[Mail]:
    return outbox(app)


_serial = count(1)


@pytest.fixture
def make_judiciary(app: Flask) -> Callable[..., Judiciary]:
    def factory(name: str | None = None, country: str = "KE") -> Judiciary:
        judiciary = Judiciary(name=name or f"Judiciary {next(_serial)}", country=country)
        db.session.add(judiciary)
        db.session.flush()
        return judiciary

    return factory


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    """Create a user: roles, judiciary, verified e-mail and password chosen per test."""

    def factory(
        *roles: Role,
        judiciary: Judiciary | None = None,
        email: str | None = None,
        name: str | None = None,
        verified: bool = True,
        password: str = PASSWORD,
    ) -> User:
        n = next(_serial)
        user = User(
            full_name=name or f"Judge Number{n}",
            email=email or f"user{n}@court.example",
            password_hash=passwords.hash_password(password),
            judiciary_id=judiciary.id if judiciary else None,
            email_verified_at=utcnow() if verified else None,
        )
        user.role_rows = [UserRole(role=role.value) for role in roles]
        db.session.add(user)
        db.session.commit()
        return user

    return factory


def login(client: FlaskClient, user: User) -> None:
    """Sign a test client in as this user (the sign-in form has its own tests)."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def csrf_token(client: FlaskClient, app: Flask) -> str:
    """A valid CSRF token for this client's session, as Flask-WTF makes one."""
    raw = "a" * 40
    with client.session_transaction() as session:
        session["csrf_token"] = raw
    return URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="wtf-csrf-token").dumps(raw)


def post(client: FlaskClient, app: Flask, url: str, data: dict | None = None, **kwargs: object):
    """POST with a valid CSRF token."""
    payload = {"csrf_token": csrf_token(client, app), **(data or {})}
    return client.post(url, data=payload, **kwargs)


@pytest.fixture
def root() -> Path:
    return Path(__file__).resolve().parent.parent


def run_together(count: int, work: Callable[[int], None]) -> list[str]:
    """Run work(0..count-1) in threads released at once by a barrier; return their errors."""
    import threading

    errors: list[str] = []
    barrier = threading.Barrier(count)

    def worker(n: int) -> None:
        try:
            barrier.wait()
            work(n)
        except Exception as error:  # collected for the test to report
            errors.append(repr(error))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def as_letters(quiz: object, seed: int, answers: dict[str, list[str]]) -> dict[str, list[str]]:
    """Chosen option ids -> the letters a self-test attempt with this seed shows for them."""
    from app.content.display import shuffled

    shown = {item.id: item for item in shuffled(quiz.questions, seed)}
    return {
        qid: list(shown[qid].letters_of(ids)) if qid in shown else list(ids)
        for qid, ids in answers.items()
    }
