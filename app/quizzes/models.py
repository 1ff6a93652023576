"""Quiz records: each attempt, and one score summary per learner and quiz."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import utcnow
from app.database import Model
from app.learning.models import LearnerRecord

OPEN = text("submitted_at IS NULL")


class QuizAttempt(LearnerRecord, Model):
    """One try at a quiz: the seed of its order, then the answers and the score it got."""

    __tablename__ = "quiz_attempt"
    __table_args__ = (
        # One open attempt per learner and quiz: a doubled "start" finds the same one.
        Index(
            "uq_quiz_attempt_open",
            "user_id",
            "course_id",
            "quiz_id",
            unique=True,
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        ),
        Index("ix_quiz_attempt_user_quiz", "user_id", "course_id", "quiz_id", "started_at"),
    )

    edition: Mapped[str] = mapped_column(String(40))
    module_id: Mapped[str] = mapped_column(String(80))
    quiz_id: Mapped[str] = mapped_column(String(80))
    seed: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    submit_key: Mapped[str | None] = mapped_column(String(80))
    answers: Mapped[dict | None] = mapped_column(JSON)  # question id -> chosen option ids
    scores: Mapped[dict | None] = mapped_column(JSON)  # question id -> score (0 to 1)
    score: Mapped[float | None]
    pass_mark: Mapped[float | None]
    is_passed: Mapped[bool | None]

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class QuizScore(LearnerRecord, Model):
    """A learner's standing on one quiz: attempts, best and latest score, first pass."""

    __tablename__ = "quiz_score"
    __table_args__ = (UniqueConstraint("user_id", "course_id", "quiz_id"),)

    quiz_id: Mapped[str] = mapped_column(String(80))
    attempts: Mapped[int] = mapped_column(default=0)
    best_score: Mapped[float] = mapped_column(default=0.0)
    latest_score: Mapped[float] = mapped_column(default=0.0)
    latest_at: Mapped[datetime] = mapped_column(default=utcnow)
    passed_at: Mapped[datetime | None]

    @property
    def is_passed(self) -> bool:
        return self.passed_at is not None
