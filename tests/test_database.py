"""The database layer: SQLite settings and concurrent writers without "database is locked"."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.accounts.models import LoginFailure
from app.database import Database, begin_read_only, end_read_only, make_engine
from tests.conftest import run_together


def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}", busy_timeout_ms=4321)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 4321
    engine.dispose()


def test_write_transactions_take_the_lock_up_front_reads_do_not(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}", busy_timeout_ms=50)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    writer = engine.connect()
    writer.begin()  # BEGIN IMMEDIATE: holds the write lock
    token = begin_read_only()
    try:
        with engine.connect() as reader, reader.begin():
            assert reader.exec_driver_sql("SELECT count(*) FROM t").scalar() == 0
    finally:
        end_read_only(token)
    with pytest.raises(Exception, match="locked"), engine.connect() as other:
        other.begin()  # a second writer waits for the lock (50 ms here), never deadlocks later
    writer.rollback()
    writer.close()
    engine.dispose()


def test_concurrent_read_then_write_transactions_never_fail(app, committed):
    """Each thread reads, then writes, in one transaction: the classic SQLite upgrade deadlock."""
    engine = Database.engine_of(app)
    threads = 12

    def read_then_write(n: int) -> None:
        with Session(engine) as session, session.begin():
            seen = session.scalar(select(func.count()).select_from(LoginFailure))
            session.add(LoginFailure(account_key=f"k{n}-{seen}", address="127.0.0.1"))

    errors = run_together(threads, read_then_write)
    assert errors == []
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM login_failure")).scalar() == threads
