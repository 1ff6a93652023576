"""Everything that changes accounts. Functions flush, never commit: the caller does."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.accounts import passwords, tokens
from app.accounts.models import (
    Invitation,
    Judiciary,
    MembershipRequest,
    MembershipStatus,
    Role,
    User,
    UserRole,
    new_session_token,
)
from app.accounts.throttle import (
    ThrottleLimits,
    clear_login_failures,
    is_login_blocked,
    record_login_failure,
)
from app.audit.models import AuditEntry
from app.audit.operations import record_audit
from app.clock import utcnow
from app.domain import DomainError


class AccountError(DomainError):
    """A rule about accounts refused the change."""


class NotFound(AccountError):
    status = 404


class Forbidden(AccountError):
    status = 403


class LoginThrottled(AccountError):
    status = 429


class InvalidCredentials(AccountError):
    status = 401


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(session: Session, email: str) -> User | None:
    # lower() on both sides: the same folding as the unique index on lower(email).
    query = select(User).where(func.lower(User.email) == func.lower(email.strip()))
    return session.scalar(query)


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or user.deleted_at is not None:
        raise NotFound(_l("No such user."))
    return user


def register_user(
    session: Session,
    *,
    full_name: str,
    email: str,
    password: str,
    preferred_language: str,
    court: str | None = None,
    region: str | None = None,
) -> User:
    """Create a learner account; the e-mail must be new in any letter case."""
    if find_user_by_email(session, email) is not None:
        raise AccountError(
            _l(
                "An account with this e-mail address already exists. "
                "Sign in or reset your password."
            )
        )
    user = User(
        full_name=full_name.strip(),
        email=email.strip(),
        password_hash=passwords.hash_password(password),
        preferred_language=preferred_language,
        court=court or None,
        region=region or None,
    )
    session.add(user)
    session.flush()
    return user


def authenticate(
    session: Session, email: str, password: str, address: str, limits: ThrottleLimits
) -> User:
    """Return the user for these credentials, counting failures per account and address."""
    account_key = normalize_email(email)
    if is_login_blocked(session, account_key, address, limits):
        raise _throttled(limits)
    user = find_user_by_email(session, email)
    usable = user is not None and user.deleted_at is None
    if not passwords.verify_password(user.password_hash if usable else None, password):
        record_login_failure(session, account_key, address, limits)
        raise InvalidCredentials(_l("The e-mail address or password is not correct."))
    if not user.is_active:
        raise Forbidden(_l("This account has been deactivated. Contact your training coordinator."))
    clear_login_failures(session, account_key)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return user


def _throttled(limits: ThrottleLimits) -> LoginThrottled:
    return LoginThrottled(
        _l(
            "Too many failed sign-in attempts. Wait %(minutes)d minutes and try again.",
            minutes=limits.window_seconds // 60,
        )
    )


def _confirm_password(
    session: Session,
    user: User,
    password: str,
    address: str,
    limits: ThrottleLimits,
    message: object,
) -> None:
    """Check a signed-in user's password; a wrong one counts as a failed sign-in."""
    account_key = normalize_email(user.email)
    if is_login_blocked(session, account_key, address, limits):
        raise _throttled(limits)
    if not passwords.verify_password(user.password_hash, password):
        record_login_failure(session, account_key, address, limits)
        raise AccountError(message)


def reset_key(email: str) -> str:
    """Reset e-mails are counted like sign-in failures, under their own key."""
    return "reset:" + normalize_email(email)


def may_send_reset_mail(session: Session, email: str, address: str, limits: ThrottleLimits) -> bool:
    """Count one reset request; False once this address or account has had enough."""
    key = reset_key(email)
    if is_login_blocked(session, key, address, limits):
        return False
    record_login_failure(session, key, address, limits)
    return True


def revoke_sessions(user: User) -> None:
    """Invalidate every session cookie this user holds, on every device."""
    user.session_token = new_session_token()


def verify_email(session: Session, token: str) -> User:
    user_id, fingerprint = tokens.read_verify_token(token)
    user = session.get(User, user_id)
    if user is None or user.deleted_at or not tokens.matches_email(user, fingerprint):
        raise tokens.TokenInvalid()
    _confirm_address(session, user)
    return user


def _confirm_address(session: Session, user: User) -> None:
    """The address is proved: record it, and issue a certificate held back for it."""
    if user.email_verified_at is not None:
        return
    user.email_verified_at = utcnow()
    session.flush()
    from app.certificates.operations import issue_if_earned
    from app.content.service import get_course

    issue_if_earned(session, user.id, get_course(), utcnow())


def change_password(
    session: Session, user: User, current: str, new: str, address: str, limits: ThrottleLimits
) -> None:
    message = _l("Your current password is not correct.")
    _confirm_password(session, user, current, address, limits, message)
    _set_password(user, new)


def user_for_reset_token(session: Session, token: str) -> User:
    user_id, fingerprint = tokens.read_reset_token(token)
    user = session.get(User, user_id)
    if user is None or user.deleted_at or not tokens.matches_password(user, fingerprint):
        raise tokens.TokenInvalid()
    return user


def reset_password(session: Session, token: str, new: str) -> User:
    """Set a new password from a reset token; the token then stops working."""
    user = user_for_reset_token(session, token)
    _set_password(user, new)
    _confirm_address(session, user)  # the link proved the address
    return user


def _set_password(user: User, new: str) -> None:
    user.password_hash = passwords.hash_password(new)
    revoke_sessions(user)


def update_profile(
    user: User, *, full_name: str, preferred_language: str, court: str | None, region: str | None
) -> None:
    user.full_name = full_name.strip()
    user.preferred_language = preferred_language
    user.court = court or None
    user.region = region or None


def list_judiciaries(session: Session) -> list[Judiciary]:
    return list(session.scalars(select(Judiciary).order_by(Judiciary.name)))


def get_judiciary(session: Session, judiciary_id: int) -> Judiciary:
    judiciary = session.get(Judiciary, judiciary_id)
    if judiciary is None:
        raise NotFound(_l("No such judiciary."))
    return judiciary


def create_judiciary(session: Session, actor: User, name: str, country: str) -> Judiciary:
    name = name.strip()
    exists = session.scalar(select(Judiciary).where(func.lower(Judiciary.name) == name.lower()))
    if exists:
        raise AccountError(_l("A judiciary with this name already exists."))
    judiciary = Judiciary(name=name, country=country.upper())
    session.add(judiciary)
    session.flush()
    record_audit(session, "judiciary.created", actor=actor, judiciary_id=judiciary.id, name=name)
    return judiciary


def pending_request_of(session: Session, user: User) -> MembershipRequest | None:
    query = select(MembershipRequest).where(
        MembershipRequest.user_id == user.id, MembershipRequest.status == MembershipStatus.PENDING
    )
    return session.scalar(query)


def request_membership(session: Session, user: User, judiciary_id: int) -> MembershipRequest:
    """A verified judge asks to join a judiciary; it takes effect when approved."""
    if not user.is_email_verified:
        raise Forbidden(_l("Verify your e-mail address before asking to join a judiciary."))
    judiciary = get_judiciary(session, judiciary_id)
    if user.judiciary_id == judiciary.id:
        raise AccountError(_l("You are already a member of this judiciary."))
    if pending_request_of(session, user) is not None:
        raise AccountError(_l("You already have a request waiting for a decision."))
    membership = MembershipRequest(user_id=user.id, judiciary_id=judiciary.id)
    session.add(membership)
    session.flush()
    record_audit(
        session, "membership.requested", actor=user, subject=user, judiciary_id=judiciary.id
    )
    return membership


def withdraw_membership_request(session: Session, user: User) -> None:
    membership = pending_request_of(session, user)
    if membership is None:
        raise NotFound(_l("You have no request waiting for a decision."))
    membership.status = MembershipStatus.WITHDRAWN
    membership.decided_at = utcnow()
    record_audit(
        session,
        "membership.withdrawn",
        actor=user,
        subject=user,
        judiciary_id=membership.judiciary_id,
    )


def can_manage_judiciary(actor: User, judiciary_id: int) -> bool:
    return actor.has_role(Role.ADMIN) or actor.coordinated_judiciary_id == judiciary_id


def decide_membership(
    session: Session, actor: User, request_id: int, approve: bool
) -> MembershipRequest:
    """Approve or reject a pending request; only within the actor's judiciary."""
    membership = session.get(MembershipRequest, request_id)
    if membership is None or not can_manage_judiciary(actor, membership.judiciary_id):
        raise NotFound(_l("There is no such membership request in your judiciary."))
    if membership.status != MembershipStatus.PENDING:
        raise AccountError(_l("This request has already been decided."))
    # Conditional update: two coordinators deciding at once cannot both win.
    status = MembershipStatus.APPROVED if approve else MembershipStatus.REJECTED
    changed = session.execute(
        update(MembershipRequest)
        .where(
            MembershipRequest.id == request_id, MembershipRequest.status == MembershipStatus.PENDING
        )
        .values(status=status, decided_at=utcnow(), decided_by_id=actor.id)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    if changed != 1:
        raise AccountError(_l("This request has already been decided."))
    if approve:
        _join(session, actor, membership.user, membership.judiciary_id, "membership.approved")
    else:
        record_audit(
            session,
            "membership.rejected",
            actor=actor,
            subject=membership.user,
            judiciary_id=membership.judiciary_id,
        )
    return membership


def _join(session: Session, actor: User, user: User, judiciary_id: int | None, action: str) -> None:
    previous = user.judiciary_id
    user.judiciary_id = judiciary_id
    if previous != judiciary_id and user.has_role(Role.COORDINATOR):
        # A coordinator's scope comes from their judiciary: moving drops the role.
        _replace_roles(user, user.roles - {Role.COORDINATOR})
    record_audit(
        session,
        action,
        actor=actor,
        subject=user,
        judiciary_id=judiciary_id,
        previous_judiciary_id=previous,
    )


def invite_member(
    session: Session, actor: User, judiciary_id: int, email: str, max_age_days: int
) -> tuple[Invitation, str]:
    """Create an invitation; returns it with the raw token to e-mail (never stored)."""
    if not can_manage_judiciary(actor, judiciary_id):
        raise Forbidden(_l("You can only invite people to your own judiciary."))
    token, token_hash = tokens.new_invitation_token()
    invitation = Invitation(
        judiciary_id=judiciary_id,
        email=email.strip(),
        token_hash=token_hash,
        invited_by_id=actor.id,
        expires_at=utcnow() + timedelta(days=max_age_days),
    )
    session.add(invitation)
    session.flush()
    record_audit(session, "membership.invited", actor=actor, judiciary_id=judiciary_id, email=email)
    return invitation, token


def invitation_for_token(session: Session, token: str) -> Invitation:
    query = select(Invitation).where(Invitation.token_hash == tokens.hash_invitation_token(token))
    invitation = session.scalar(query)
    if invitation is None or invitation.accepted_at is not None:
        raise tokens.TokenInvalid()
    if invitation.expires_at < utcnow():
        raise tokens.TokenInvalid(expired=True)
    # An invitation speaks for its coordinator: it lapses when they no longer manage it.
    inviter = session.get(User, invitation.invited_by_id) if invitation.invited_by_id else None
    if (
        inviter is None
        or not inviter.is_active
        or inviter.deleted_at is not None
        or not can_manage_judiciary(inviter, invitation.judiciary_id)
    ):
        raise tokens.TokenInvalid()
    return invitation


def accept_invitation(session: Session, user: User, token: str) -> Invitation:
    """The invited person (signed in with the invited address) joins the judiciary."""
    invitation = invitation_for_token(session, token)
    if normalize_email(invitation.email) != normalize_email(user.email):
        raise Forbidden(_l("This invitation was sent to another e-mail address."))
    # Conditional update: two clicks at once cannot both accept it.
    accepted = session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.accepted_at.is_(None))
        .values(accepted_at=utcnow(), accepted_by_id=user.id)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    if accepted != 1:
        raise tokens.TokenInvalid()
    _confirm_address(session, user)  # the invitation link proved the address
    pending = pending_request_of(session, user)
    if pending is not None:
        pending.status = MembershipStatus.WITHDRAWN
        pending.decided_at = utcnow()
    _join(session, user, user, invitation.judiciary_id, "membership.invitation_accepted")
    return invitation


def move_user(session: Session, actor: User, user: User, judiciary_id: int | None) -> None:
    """An admin moves a user to another judiciary (or to none)."""
    if judiciary_id is not None:
        get_judiciary(session, judiciary_id)
    if user.judiciary_id == judiciary_id:
        return
    _join(session, actor, user, judiciary_id, "membership.moved")


def set_roles(session: Session, actor: User, user: User, roles: Iterable[Role]) -> None:
    """Replace a user's roles; changed roles revoke the user's sessions."""
    wanted = frozenset(roles)
    if wanted == user.roles:
        return
    if Role.COORDINATOR in wanted and user.judiciary_id is None:
        raise AccountError(_l("A coordinator must belong to a judiciary first."))
    if user.id == actor.id and Role.ADMIN not in wanted:
        raise AccountError(_l("You cannot remove your own administrator role."))
    before = sorted(user.roles)
    _replace_roles(user, wanted)
    record_audit(
        session,
        "roles.changed",
        actor=actor,
        subject=user,
        judiciary_id=user.judiciary_id,
        before=before,
        after=sorted(wanted),
    )


def _replace_roles(user: User, roles: frozenset[Role]) -> None:
    user.role_rows = [row for row in user.role_rows if Role(row.role) in roles] + [
        UserRole(role=role.value) for role in sorted(roles - user.roles)
    ]
    revoke_sessions(user)


def set_active(session: Session, actor: User, user: User, active: bool) -> None:
    """Deactivate (revoking every session) or reactivate an account."""
    if user.id == actor.id and not active:
        raise AccountError(_l("You cannot deactivate your own account."))
    if user.is_active == active:
        return
    user.is_active = active
    revoke_sessions(user)
    action = "account.reactivated" if active else "account.deactivated"
    record_audit(session, action, actor=actor, subject=user, judiciary_id=user.judiciary_id)


def delete_account(
    session: Session, user: User, password: str, address: str, limits: ThrottleLimits
) -> None:
    """Remove personal data; the row stays, anonymized, so aggregate figures hold."""
    _confirm_password(session, user, password, address, limits, _l("Your password is not correct."))
    if user.has_role(Role.ADMIN) and _other_admins(session, user) == 0:
        raise AccountError(
            _l("You are the only administrator. Make someone else an administrator first.")
        )
    record_audit(
        session, "account.deleted", actor=user, subject=user, judiciary_id=user.judiciary_id
    )
    pending = pending_request_of(session, user)
    if pending is not None:
        pending.status = MembershipStatus.WITHDRAWN
        pending.decided_at = utcnow()
    _forget_email(session, user.email, f"deleted-{user.id}@invalid")
    user.full_name = ""
    user.email = f"deleted-{user.id}@invalid"
    user.password_hash = passwords.UNUSABLE_PASSWORD
    user.court = None
    user.region = None
    user.is_active = False
    user.deleted_at = utcnow()
    user.role_rows = []
    revoke_sessions(user)
    from app.certificates.operations import withdraw_for_deleted_account

    withdraw_for_deleted_account(session, user, utcnow())


def _forget_email(session: Session, email: str, replacement: str) -> None:
    """Replace an address in invitations and the audit log; drop its sign-in failures."""
    invitations = session.scalars(
        select(Invitation).where(func.lower(Invitation.email) == func.lower(email.strip()))
    )
    for invitation in invitations:
        invitation.email = replacement
    entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "membership.invited"))
    for entry in entries:
        if normalize_email(str(entry.detail.get("email", ""))) == normalize_email(email):
            entry.detail = {**entry.detail, "email": replacement}
    clear_login_failures(session, normalize_email(email))
    clear_login_failures(session, reset_key(email))


def _other_admins(session: Session, user: User) -> int:
    query = (
        select(func.count())
        .select_from(UserRole)
        .join(User, User.id == UserRole.user_id)
        .where(UserRole.role == Role.ADMIN.value, User.id != user.id, User.is_active.is_(True))
    )
    return session.scalar(query) or 0


def export_user_data(session: Session, user: User) -> dict:
    """Everything the platform holds about this person, for them to download."""
    requests = session.scalars(
        select(MembershipRequest)
        .where(MembershipRequest.user_id == user.id)
        .order_by(MembershipRequest.created_at)
    )
    return {
        "account": {
            "full_name": user.full_name,
            "email": user.email,
            "email_verified_at": _iso(user.email_verified_at),
            "preferred_language": user.preferred_language,
            "court": user.court,
            "region": user.region,
            "judiciary": user.judiciary.name if user.judiciary else None,
            "roles": sorted(user.roles),
            "created_at": _iso(user.created_at),
        },
        "membership_requests": [
            {
                "judiciary": r.judiciary.name,
                "status": r.status,
                "created_at": _iso(r.created_at),
                "decided_at": _iso(r.decided_at),
            }
            for r in requests
        ],
    }


def _iso(value: object) -> str | None:
    return value.isoformat() + "Z" if value is not None else None
