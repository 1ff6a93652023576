"""Recording audit entries (flush only: the caller's transaction commits)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.accounts.models import User
from app.audit.models import AuditEntry


def record_audit(
    session: Session,
    action: str,
    *,
    actor: User | None,
    subject: User | None = None,
    judiciary_id: int | None = None,
    **detail: object,
) -> AuditEntry:
    """Add one audit entry to the current transaction."""
    entry = AuditEntry(
        action=action,
        actor_id=actor.id if actor else None,
        subject_id=subject.id if subject else None,
        judiciary_id=judiciary_id,
        detail=detail,
    )
    session.add(entry)
    return entry
