"""Certificates and the log of public look-ups (for their rate limit)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import utcnow
from app.database import Model
from app.learning.models import LearnerRecord

VALID = "valid"
REVOKED = "revoked"
REPLACED = "replaced"
IS_VALID = text("status = 'valid'")


class Certificate(LearnerRecord, Model):
    """A certificate of completion of one course edition, with its verification code."""

    __tablename__ = "certificate"
    __table_args__ = (
        # One active certificate per learner and course edition.
        Index(
            "uq_certificate_valid",
            "user_id",
            "course_id",
            "edition",
            unique=True,
            sqlite_where=IS_VALID,
            postgresql_where=IS_VALID,
        ),
    )

    edition: Mapped[str] = mapped_column(String(40))
    code: Mapped[str] = mapped_column(String(40), unique=True)
    status: Mapped[str] = mapped_column(String(12), default=VALID)
    holder_name: Mapped[str] = mapped_column(String(200))  # as the judge set it, when issued
    score: Mapped[float | None]
    attempt_id: Mapped[int | None] = mapped_column(
        ForeignKey("final_attempt.id", ondelete="SET NULL")
    )
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    revoke_reason: Mapped[str | None] = mapped_column(Text)
    replaced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("certificate.id", ondelete="SET NULL")
    )

    @property
    def is_valid(self) -> bool:
        return self.status == VALID


class CertificateLookup(Model):
    """One public look-up of a code, kept for the per-address rate limit."""

    __tablename__ = "certificate_lookup"
    __table_args__ = (Index("ix_certificate_lookup_address_at", "address", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)
