"""Demo data: two judiciaries and one account per role."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts import passwords
from app.accounts.models import Judiciary, Role, User, UserRole
from app.clock import utcnow

DEMO_JUDICIARIES = [("Demo Judiciary of Atlantis", "AT"), ("Demo Judiciary of Lemuria", "LM")]
DEMO_ACCOUNTS = [
    ("judge", "Amina Demo", "judge@demo.example", ()),
    ("trainer", "Tomas Demo", "trainer@demo.example", (Role.TRAINER,)),
    ("coordinator", "Chen Demo", "coordinator@demo.example", (Role.COORDINATOR,)),
    ("admin", "Ada Demo", "admin@demo.example", (Role.ADMIN,)),
]


def seed_demo_data(session: Session, password: str) -> list[tuple[str, str]]:
    """Create (or reset the password of) the demo accounts; safe to run twice."""
    judiciary = _judiciary(session, *DEMO_JUDICIARIES[0])
    _judiciary(session, *DEMO_JUDICIARIES[1])
    password_hash = passwords.hash_password(password)
    for _label, name, email, roles in DEMO_ACCOUNTS:
        user = session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(full_name=name, email=email, password_hash=password_hash)
            user.role_rows = [UserRole(role=role.value) for role in roles]
            session.add(user)
        user.password_hash = password_hash
        user.judiciary_id = judiciary.id
        user.email_verified_at = user.email_verified_at or utcnow()
        user.is_active = True
    session.flush()
    return [(label, email) for label, _n, email, _r in DEMO_ACCOUNTS]


def _judiciary(session: Session, name: str, country: str) -> Judiciary:
    judiciary = session.scalar(select(Judiciary).where(Judiciary.name == name))
    if judiciary is None:
        judiciary = Judiciary(name=name, country=country)
        session.add(judiciary)
        session.flush()
    return judiciary
