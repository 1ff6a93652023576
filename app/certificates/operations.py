"""Everything that changes certificates. Functions flush, never commit."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.assessment import queries as final_queries
from app.audit.operations import record_audit
from app.certificates import codes, queries
from app.certificates.models import (
    IS_VALID,
    REPLACED,
    REVOKED,
    VALID,
    Certificate,
    CertificateLookup,
)
from app.content.model import Course
from app.domain import DomainError
from app.learning import policy
from app.learning.upsert import insert_ignore

MAX_DRAWS = 8  # a collision of 138-bit codes never happens; a test makes one happen
WITHDRAWN = "withdrawn by the holder"
REASON_MAX = 500


class CertificateError(DomainError):
    """A rule of certificates refused the change."""


def issue_if_earned(
    session: Session, user_id: int, course: Course, now: datetime
) -> Certificate | None:
    """The learner's certificate of this edition, issued now if they have earned it:
    every module complete, the final passed, and a confirmed e-mail address."""
    user = session.get(User, user_id)
    if user is None or user.deleted_at is not None or user.email_verified_at is None:
        return None
    existing = queries.valid_certificate(session, user_id, course.id, course.edition)
    if existing is not None:
        return existing
    if not policy.is_course_complete(policy.Standing(session, user_id, course)):
        return None
    history = final_queries.history(session, user_id, course.id)
    passed = next((a for a in history.attempts if a.is_passed), None)
    if passed is None:
        return None
    values = {
        "user_id": user_id,
        "course_id": course.id,
        "edition": course.edition,
        "status": VALID,
        "holder_name": user.full_name,
        "score": passed.score,
        "attempt_id": passed.id,
        "issued_at": now,
    }
    return _insert(session, values)


def _insert(session: Session, values: dict) -> Certificate:
    """Insert with a fresh code; a code already taken hits its unique index: draw again."""
    keys = ["user_id", "course_id", "edition"]
    for _ in range(MAX_DRAWS):
        try:
            with session.begin_nested():
                insert_ignore(
                    session,
                    Certificate.__table__,
                    {**values, "code": codes.new_code()},
                    keys,
                    where=IS_VALID,
                )
            break
        except IntegrityError:
            continue
    else:
        raise CertificateError(_l("No free certificate code could be drawn. Try again."))
    found = queries.valid_certificate(
        session, values["user_id"], values["course_id"], values["edition"]
    )
    assert found is not None  # inserted now, or by a simultaneous request
    return found


def revoke(
    session: Session, actor: User | None, certificate: Certificate, reason: str, now: datetime
) -> None:
    """An admin revokes a certificate, saying why (shown on its public page); audited."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise CertificateError(_l("Say why the certificate is revoked: it is shown on its page."))
    if len(reason) > REASON_MAX:
        raise CertificateError(_l("The reason has at most %(max)d characters.", max=REASON_MAX))
    if not certificate.is_valid:
        raise CertificateError(_l("This certificate is no longer valid already."))
    certificate.status = REVOKED
    certificate.revoked_at = now
    certificate.revoke_reason = reason
    record_audit(
        session,
        "certificate.revoked",
        actor=actor,
        subject=session.get(User, certificate.user_id),
        certificate=certificate.id,
        reason=reason,
    )


def reissue(
    session: Session, actor: User, certificate: Certificate, name: str, now: datetime
) -> Certificate:
    """A new certificate in a corrected name; the old one says it was replaced. Audited."""
    name = " ".join((name or "").split())
    if not name or len(name) > 200:
        raise CertificateError(_l("Give the name as it should appear (at most 200 characters)."))
    if not certificate.is_valid:
        raise CertificateError(_l("Only a valid certificate can be re-issued."))
    certificate.status = REPLACED
    certificate.revoked_at = now
    session.flush()  # frees the one valid place of this learner and edition
    values = {
        "user_id": certificate.user_id,
        "course_id": certificate.course_id,
        "edition": certificate.edition,
        "status": VALID,
        "holder_name": name,
        "score": certificate.score,
        "attempt_id": certificate.attempt_id,
        "issued_at": now,
    }
    new = _insert(session, values)
    certificate.replaced_by_id = new.id
    record_audit(
        session,
        "certificate.reissued",
        actor=actor,
        subject=session.get(User, certificate.user_id),
        certificate=certificate.id,
        replaced_by=new.id,
        name=name,
    )
    return new


def withdraw_for_deleted_account(session: Session, user: User, now: datetime) -> None:
    """Deleting an account revokes its certificates and takes the name off their pages."""
    session.execute(
        update(Certificate)
        .where(Certificate.user_id == user.id, Certificate.status == VALID)
        .values(status=REVOKED, revoked_at=now, revoke_reason=WITHDRAWN)
        .execution_options(synchronize_session="fetch")
    )
    session.execute(
        update(Certificate)
        .where(Certificate.user_id == user.id)
        .values(holder_name="")
        .execution_options(synchronize_session="fetch")
    )


def record_lookup(session: Session, address: str, now: datetime, window: timedelta) -> None:
    """Count one public look-up from an address and forget those out of the window."""
    session.execute(delete(CertificateLookup).where(CertificateLookup.at < now - window))
    session.add(CertificateLookup(address=address[:64], at=now))
    session.flush()
