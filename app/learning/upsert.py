"""Insert-or-ignore and upsert that work the same on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def _insert(session: Session, table: Table):
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def insert_ignore(
    session: Session,
    table: Table,
    values: dict[str, Any],
    keys: list[str],
    where: ColumnElement[bool] | None = None,
) -> bool:
    """Insert unless a row with the same keys exists; True when this call inserted it.

    `where` names a partial unique index (keys unique among the rows it matches).
    """
    statement = (
        _insert(session, table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=keys, index_where=where)
        .returning(table.c.id)  # rowcount is not reliable for ON CONFLICT on every driver
    )
    return session.execute(statement).first() is not None


def upsert(
    session: Session,
    table: Table,
    values: dict[str, Any] | list[dict[str, Any]],
    keys: list[str],
    update: list[str],
) -> None:
    """Insert, or update the named columns of the row with the same keys (one row, or
    several in one statement)."""
    statement = _insert(session, table).values(values)
    statement = statement.on_conflict_do_update(
        index_elements=keys, set_={name: statement.excluded[name] for name in update}
    )
    session.execute(statement)
