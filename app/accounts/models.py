"""Account models: judiciaries (tenants), users, roles, memberships, invitations."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.database import Model


class Role(enum.StrEnum):
    """Roles added on top of learning, which every user can do."""

    TRAINER = "trainer"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


class MembershipStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


def new_session_token() -> str:
    return secrets.token_hex(16)


class Judiciary(Model):
    """A tenant: one country's (or one court system's) judiciary."""

    __tablename__ = "judiciary"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    country: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class User(UserMixin, Model):
    """A person who uses the platform; everyone can learn, roles add to that."""

    __tablename__ = "user"
    __table_args__ = (Index("uq_user_email_lower", func.lower(text("email")), unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255))
    preferred_language: Mapped[str] = mapped_column(String(8), default="en")
    court: Mapped[str | None] = mapped_column(String(120))
    region: Mapped[str | None] = mapped_column(String(120))
    judiciary_id: Mapped[int | None] = mapped_column(
        ForeignKey("judiciary.id", ondelete="RESTRICT"), index=True
    )
    is_active: Mapped[bool] = mapped_column(default=True)
    email_verified_at: Mapped[datetime | None]
    session_token: Mapped[str] = mapped_column(String(32), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]

    judiciary: Mapped[Judiciary | None] = relationship(lazy="joined")
    role_rows: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", back_populates="user"
    )

    def get_id(self) -> str:
        """The session identifier: id plus a token rotated to revoke every session."""
        return f"{self.id}:{self.session_token}"

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(Role(row.role) for row in self.role_rows)

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    @property
    def is_email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def coordinated_judiciary_id(self) -> int | None:
        """The judiciary this user coordinates: their own, and only with the role."""
        return self.judiciary_id if self.has_role(Role.COORDINATOR) else None


class UserRole(Model):
    """One role held by one user."""

    __tablename__ = "user_role"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))
    user: Mapped[User] = relationship(back_populates="role_rows")


class MembershipRequest(Model):
    """A judge asking to join a judiciary; a coordinator of it or an admin decides."""

    __tablename__ = "membership_request"
    __table_args__ = (
        Index(
            "uq_membership_request_one_pending",
            "user_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    judiciary_id: Mapped[int] = mapped_column(ForeignKey("judiciary.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=MembershipStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    judiciary: Mapped[Judiciary] = relationship()


class Invitation(Model):
    """A coordinator's e-mailed invitation to join their judiciary."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    judiciary_id: Mapped[int] = mapped_column(ForeignKey("judiciary.id"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    judiciary: Mapped[Judiciary] = relationship()


class LoginFailure(Model):
    """One failed sign-in, counted across every worker and machine."""

    __tablename__ = "login_failure"
    __table_args__ = (
        Index("ix_login_failure_account_at", "account_key", "at"),
        Index("ix_login_failure_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_key: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)
