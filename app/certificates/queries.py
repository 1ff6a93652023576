"""Reads of certificates: a learner's, by code, and the look-up counts of an address."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.certificates.models import VALID, Certificate, CertificateLookup


def valid_certificate(
    session: Session, user_id: int, course_id: str, edition: str
) -> Certificate | None:
    """The learner's active certificate of a course edition, if any (at most one)."""
    query = select(Certificate).where(
        Certificate.user_id == user_id,
        Certificate.course_id == course_id,
        Certificate.edition == edition,
        Certificate.status == VALID,
    )
    return session.scalar(query.execution_options(populate_existing=True))


def certificates_of(session: Session, user_id: int) -> list[Certificate]:
    """Every certificate of a learner, newest first (valid, revoked and replaced)."""
    query = (
        select(Certificate)
        .where(Certificate.user_id == user_id)
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    )
    return list(session.scalars(query))


def by_code(session: Session, code: str) -> Certificate | None:
    return session.scalar(select(Certificate).where(Certificate.code == code))


def get(session: Session, certificate_id: int) -> Certificate | None:
    return session.get(Certificate, certificate_id)


def lookups_since(session: Session, address: str, since: datetime) -> int:
    """Public look-ups from one client address since a moment (for the rate limit)."""
    query = (
        select(func.count())
        .select_from(CertificateLookup)
        .where(CertificateLookup.address == address, CertificateLookup.at >= since)
    )
    return session.scalar(query) or 0


def export_certificates(session: Session, user_id: int) -> list[dict]:
    """A learner's certificates for their data export."""
    from app.certificates.codes import grouped

    return [
        {
            "course": c.course_id,
            "edition": c.edition,
            "code": grouped(c.code),
            "status": c.status,
            "name": c.holder_name,
            "score": c.score,
            "issued_at": _iso(c.issued_at),
            "revoked_at": _iso(c.revoked_at),
            "revoke_reason": c.revoke_reason,
        }
        for c in certificates_of(session, user_id)
    ]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() + "Z" if value is not None else None
