"""Every model, imported in one place for Alembic and for tests."""

from app.accounts.models import (
    Invitation,
    Judiciary,
    LoginFailure,
    MembershipRequest,
    User,
    UserRole,
)
from app.audit.models import AuditEntry
from app.database import Model

metadata = Model.metadata

__all__ = [
    "AuditEntry",
    "Invitation",
    "Judiciary",
    "LoginFailure",
    "MembershipRequest",
    "User",
    "UserRole",
    "metadata",
]
