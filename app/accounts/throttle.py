"""Login throttling counted in the database, so it holds across workers and machines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.accounts.models import LoginFailure
from app.clock import utcnow


@dataclass(frozen=True)
class ThrottleLimits:
    window_seconds: int
    per_account: int
    per_address: int


def is_login_blocked(
    session: Session, account_key: str, address: str, limits: ThrottleLimits
) -> bool:
    """True once the account or the address has used up its failures in the window.

    Holds, until the transaction ends, a lock on the account and on the address, so
    concurrent attempts are counted one after the other instead of all passing at once.
    """
    _lock(session, f"login-account:{account_key}", f"login-address:{address}")
    since = utcnow() - timedelta(seconds=limits.window_seconds)
    by_account = _count(session, LoginFailure.account_key == account_key, since)
    if by_account >= limits.per_account:
        return True
    return _count(session, LoginFailure.address == address, since) >= limits.per_address


def record_login_failure(
    session: Session, account_key: str, address: str, limits: ThrottleLimits
) -> None:
    """Count one failure and forget those that fell out of the window."""
    cutoff = utcnow() - timedelta(seconds=limits.window_seconds)
    session.execute(delete(LoginFailure).where(LoginFailure.at < cutoff))
    session.add(LoginFailure(account_key=account_key, address=address))
    session.flush()


def clear_login_failures(session: Session, account_key: str) -> None:
    session.execute(delete(LoginFailure).where(LoginFailure.account_key == account_key))


def _lock(session: Session, *keys: str) -> None:
    """PostgreSQL: transaction-scoped advisory locks, always taken in the same order.

    SQLite needs none: every write transaction there starts with BEGIN IMMEDIATE.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    for key in keys:
        session.execute(select(func.pg_advisory_xact_lock(func.hashtext(key))))


def _count(session: Session, condition: object, since: object) -> int:
    query = (
        select(func.count()).select_from(LoginFailure).where(condition, LoginFailure.at >= since)
    )
    return session.scalar(query) or 0
