"""The audit log table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import Judiciary, User
from app.clock import utcnow
from app.database import Model


class AuditEntry(Model):
    """One security-relevant change: who did what to whom, and when."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    judiciary_id: Mapped[int | None] = mapped_column(ForeignKey("judiciary.id"))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    subject: Mapped[User | None] = relationship(foreign_keys=[subject_id])
    judiciary: Mapped[Judiciary | None] = relationship()
