"""Final-assessment records: attempts with the questions they drew, saved answers, grants."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import utcnow
from app.database import Model
from app.learning.models import LearnerRecord

OPEN = "open"
GRADED = "graded"
IS_OPEN = text("status = 'open'")


class FinalAttempt(LearnerRecord, Model):
    """One attempt: the questions it drew (a snapshot), then how it ended and its score."""

    __tablename__ = "final_attempt"
    __table_args__ = (
        # One open attempt per learner and course: a doubled "start" finds the same one.
        Index(
            "uq_final_attempt_open",
            "user_id",
            "course_id",
            unique=True,
            sqlite_where=IS_OPEN,
            postgresql_where=IS_OPEN,
        ),
        Index("ix_final_attempt_user_course", "user_id", "course_id", "number"),
        Index("ix_final_attempt_deadline", "status", "deadline_at"),
    )

    edition: Mapped[str] = mapped_column(String(40))
    number: Mapped[int]  # 1, 2, 3... per learner and course, across editions
    seed: Mapped[int]
    status: Mapped[str] = mapped_column(String(12), default=OPEN)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    deadline_at: Mapped[datetime | None]  # the time limit, if any; the grace comes on top
    closed_at: Mapped[datetime | None]
    closed_by: Mapped[str | None] = mapped_column(String(12))  # "submit" or "time"
    submit_key: Mapped[str | None] = mapped_column(String(80))
    # The drawn questions, in display order: snapshots (read only when needed, and then
    # kept restored per process: see review.questions_of), and their ids.
    questions: Mapped[list] = mapped_column(JSON, deferred=True)
    question_ids: Mapped[list] = mapped_column(JSON)
    scores: Mapped[dict | None] = mapped_column(JSON)  # question id -> score (0 to 1)
    score: Mapped[float | None]
    pass_mark: Mapped[float]
    is_passed: Mapped[bool | None]

    @property
    def is_open(self) -> bool:
        return self.status == OPEN


class FinalAnswer(Model):
    """The learner's saved answer to one question of an attempt (saved as they go)."""

    __tablename__ = "final_answer"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("final_attempt.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(80))
    answer: Mapped[list] = mapped_column(JSON)  # chosen option ids
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)


class FinalGrant(LearnerRecord, Model):
    """One extra attempt granted by an admin or the learner's coordinator."""

    __tablename__ = "final_grant"

    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)
