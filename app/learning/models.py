"""Learning records. Progress events are append-only; summaries are upserted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import utcnow
from app.database import Model


class Enrolment(Model):
    """A learner's enrolment in a course, recording the edition they started."""

    __tablename__ = "enrolment"
    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    course_id: Mapped[str] = mapped_column(String(80))
    edition: Mapped[str] = mapped_column(String(40))
    enrolled_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]  # every module complete; never taken back


class ProgressEvent(Model):
    """One thing a learner did (viewed, reached_end, answered, reflected); never updated."""

    __tablename__ = "progress_event"
    __table_args__ = (Index("ix_progress_event_user_course_at", "user_id", "course_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    course_id: Mapped[str] = mapped_column(String(80))
    edition: Mapped[str] = mapped_column(String(40))
    lesson_id: Mapped[str] = mapped_column(String(80))
    block_id: Mapped[str | None] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class LessonProgress(Model):
    """One row per learner and lesson, written with insert-or-ignore and updates."""

    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("user_id", "course_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    course_id: Mapped[str] = mapped_column(String(80))
    lesson_id: Mapped[str] = mapped_column(String(80))
    edition: Mapped[str] = mapped_column(String(40))
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    reached_end_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]


class LearnerRecord:
    """Columns of every record one learner keeps in one course."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    course_id: Mapped[str] = mapped_column(String(80))


class ModuleCompletion(LearnerRecord, Model):
    """A module the learner completed: recorded once, never taken back by a content change."""

    __tablename__ = "module_completion"
    __table_args__ = (UniqueConstraint("user_id", "course_id", "module_id"),)

    module_id: Mapped[str] = mapped_column(String(80))
    edition: Mapped[str] = mapped_column(String(40))
    completed_at: Mapped[datetime] = mapped_column(default=utcnow)


class LearnerBlockRecord(LearnerRecord):
    """Columns of a record one learner keeps about one block of a lesson."""

    lesson_id: Mapped[str] = mapped_column(String(80))
    block_id: Mapped[str] = mapped_column(String(80))


class BlockResponse(LearnerBlockRecord, Model):
    """The learner's latest answer to a scenario or knowledge check."""

    __tablename__ = "block_response"
    __table_args__ = (UniqueConstraint("user_id", "course_id", "block_id"),)

    answer: Mapped[list] = mapped_column(JSON)
    score: Mapped[float]
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReflectionNote(LearnerBlockRecord, Model):
    """A learner's private answer to a reflection prompt; only they can read it."""

    __tablename__ = "reflection_note"
    __table_args__ = (UniqueConstraint("user_id", "course_id", "block_id"),)

    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
