"""Every model, imported in one place for Alembic and for tests."""

from app.accounts.models import (
    Invitation,
    Judiciary,
    LoginFailure,
    MembershipRequest,
    User,
    UserRole,
)
from app.assessment.models import FinalAnswer, FinalAttempt, FinalGrant
from app.audit.models import AuditEntry
from app.certificates.models import Certificate, CertificateLookup
from app.database import Model
from app.learning.models import (
    BlockResponse,
    Enrolment,
    LessonProgress,
    ModuleCompletion,
    ProgressEvent,
    ReflectionNote,
)
from app.quizzes.models import QuizAttempt, QuizScore

metadata = Model.metadata

__all__ = [
    "AuditEntry",
    "BlockResponse",
    "Certificate",
    "CertificateLookup",
    "Enrolment",
    "FinalAnswer",
    "FinalAttempt",
    "FinalGrant",
    "Invitation",
    "Judiciary",
    "LessonProgress",
    "LoginFailure",
    "MembershipRequest",
    "ModuleCompletion",
    "ProgressEvent",
    "QuizAttempt",
    "QuizScore",
    "ReflectionNote",
    "User",
    "UserRole",
    "metadata",
]
