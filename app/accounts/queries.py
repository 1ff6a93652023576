"""Reads for the coordinator and admin pages."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from app.accounts.models import MembershipRequest, MembershipStatus, User
from app.audit.models import AuditEntry


def pending_requests(session: Session, judiciary_id: int | None) -> list[MembershipRequest]:
    """Requests waiting for a decision: one judiciary's, or every one (None)."""
    query = (
        select(MembershipRequest)
        .where(MembershipRequest.status == MembershipStatus.PENDING)
        .options(selectinload(MembershipRequest.user), selectinload(MembershipRequest.judiciary))
        .order_by(MembershipRequest.created_at)
    )
    if judiciary_id is not None:
        query = query.where(MembershipRequest.judiciary_id == judiciary_id)
    return list(session.scalars(query))


def members(session: Session, judiciary_id: int) -> list[User]:
    query = (
        select(User)
        .where(User.judiciary_id == judiciary_id, User.deleted_at.is_(None))
        .order_by(User.full_name)
    )
    return list(session.scalars(query))


def search_users(session: Session, term: str | None, limit: int = 200) -> list[User]:
    query = select(User).where(User.deleted_at.is_(None)).order_by(User.full_name).limit(limit)
    if term:
        pattern = f"%{term.lower()}%"
        query = query.where(
            or_(func.lower(User.full_name).like(pattern), func.lower(User.email).like(pattern))
        )
    return list(session.scalars(query))


def audit_entries(session: Session, limit: int = 500) -> list[AuditEntry]:
    query = (
        select(AuditEntry)
        .options(
            selectinload(AuditEntry.actor),
            selectinload(AuditEntry.subject),
            selectinload(AuditEntry.judiciary),
        )
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))
