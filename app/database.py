"""The database: engine, session and the SQLite settings that make it safe.

Plain SQLAlchemy 2.0 (no Flask-SQLAlchemy) so that tests can bind the session to
one connection and roll it back, and so the engine settings stay in one place.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, current_app
from flask.globals import app_ctx
from sqlalchemy import Connection, Engine, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session
from sqlalchemy.pool import StaticPool

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Deferred (read) transactions for requests that never write: GET and HEAD.
_read_only = contextvars.ContextVar("read_only_transaction", default=False)


class Model(DeclarativeBase):
    """Base class of every model."""

    metadata = MetaData(naming_convention=NAMING)


def begin_read_only() -> contextvars.Token:
    """From now on (in this context) SQLite transactions start deferred, not IMMEDIATE."""
    return _read_only.set(True)


def end_read_only(token: contextvars.Token) -> None:
    _read_only.reset(token)


def make_engine(url: str, busy_timeout_ms: int = 15_000) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys, busy timeout, BEGIN IMMEDIATE."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    kwargs: dict[str, Any] = {
        "connect_args": {"timeout": busy_timeout_ms / 1000, "check_same_thread": False}
    }
    if url in ("sqlite://", "sqlite:///:memory:"):
        kwargs["poolclass"] = StaticPool
    engine = create_engine(url, **kwargs)
    _configure_sqlite(engine, busy_timeout_ms)
    return engine


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, emit BEGIN (pysqlite's own is broken).
        dbapi_connection.isolation_level = None
        # SQLite's own lower() folds ASCII only; e-mail lookups and the unique index on
        # lower(email) must fold the way Python (and PostgreSQL) do.
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the lock up front, so two writers never deadlock on upgrade.
        conn.exec_driver_sql("BEGIN" if _read_only.get() else "BEGIN IMMEDIATE")


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


class Database:
    """The engine of each app and a session scoped to the current app context.

    Engines live on the app, not here, so two app instances in one process
    (the multi-worker tests) each have their own connection pool.
    """

    def __init__(self) -> None:
        self.session = scoped_session(self._new_session, scopefunc=_app_context_id)

    def init_app(self, app: Flask) -> None:
        engine = make_engine(app.config["DATABASE_URL"], app.config["SQLITE_BUSY_TIMEOUT_MS"])
        app.extensions["database"] = {"engine": engine, "bind": engine}
        app.teardown_appcontext(self._remove_session)

    @staticmethod
    def engine_of(app: Flask) -> Engine:
        """The app's engine (for migrations, health checks and tests)."""
        return app.extensions["database"]["engine"]

    @property
    def engine(self) -> Engine:
        return self.engine_of(current_app)

    def _new_session(self) -> Session:
        bind = current_app.extensions["database"]["bind"]
        if isinstance(bind, Connection):
            return Session(bind=bind, join_transaction_mode="create_savepoint")
        return Session(bind=bind, expire_on_commit=False)

    def _remove_session(self, _exc: BaseException | None) -> None:
        self.session.remove()

    @contextmanager
    def write_transaction(self) -> Iterator[None]:
        """A short write transaction of its own, inside any request (a GET too): the
        request's transaction so far is committed, this one takes the write lock up
        front (BEGIN IMMEDIATE on SQLite) and commits at the end."""
        self.session.commit()
        token = _read_only.set(False)
        try:
            yield
            self.session.commit()
        except BaseException:
            self.session.rollback()
            raise
        finally:
            _read_only.reset(token)

    @contextmanager
    def bound_to(self, app: Flask, connection: Connection) -> Iterator[None]:
        """Bind the app's sessions to one connection whose transaction a test rolls back."""
        state = app.extensions["database"]
        state["bind"] = connection
        try:
            yield
        finally:
            state["bind"] = state["engine"]


def _app_context_id() -> int:
    return id(app_ctx._get_current_object())
