"""Everything that changes a learner's records. Functions flush, never commit."""

from __future__ import annotations

from collections.abc import Collection

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.clock import utcnow
from app.content.model import Block, Course, Lesson
from app.content.questions import Grade, InvalidAnswer, grade
from app.domain import DomainError, NotFoundError
from app.learning import queries
from app.learning.models import (
    BlockResponse,
    Enrolment,
    LessonProgress,
    ProgressEvent,
    ReflectionNote,
)
from app.learning.upsert import insert_ignore, upsert

EVENT_KINDS = ("viewed", "reached_end", "answered", "reflected")
REFLECTION_MAX = 10_000


class LearningError(DomainError):
    """A rule of the course refused the request."""


def enrol(session: Session, user_id: int, course: Course) -> None:
    """Enrol once in the course's current edition (a second click changes nothing)."""
    values = {
        "user_id": user_id,
        "course_id": course.id,
        "edition": course.edition,
        "enrolled_at": utcnow(),
    }
    insert_ignore(session, Enrolment.__table__, values, ["user_id", "course_id"])


def event_key(user_id: int, client_key: str) -> str:
    """Idempotency keys are per learner, so one learner's key never blocks another's."""
    client_key = (client_key or "").strip()[:64]
    if not client_key:
        raise LearningError(_l("This form is missing its key. Reload the page and try again."))
    return f"{user_id}:{client_key}"


def record_event(
    session: Session,
    user_id: int,
    course: Course,
    lesson: Lesson,
    kind: str,
    client_key: str,
    block_id: str | None = None,
) -> bool:
    """Append one event (ignored if its key was seen) and bring the lesson summary up to date."""
    if kind not in EVENT_KINDS:
        raise LearningError(_l("Unknown kind of progress."))
    now = utcnow()
    inserted = insert_ignore(
        session,
        ProgressEvent.__table__,
        {
            "idempotency_key": event_key(user_id, client_key),
            "user_id": user_id,
            "course_id": course.id,
            "edition": course.edition,
            "lesson_id": lesson.id,
            "block_id": block_id,
            "kind": kind,
            "at": now,
        },
        ["idempotency_key"],
    )
    if inserted:
        _touch_summary(session, user_id, course, lesson, kind, now)
    return inserted


def _touch_summary(
    session: Session, user_id: int, course: Course, lesson: Lesson, kind: str, now
) -> None:
    keys = {"user_id": user_id, "course_id": course.id, "lesson_id": lesson.id}
    insert_ignore(
        session,
        LessonProgress.__table__,
        {**keys, "edition": course.edition, "first_seen_at": now, "last_seen_at": now},
        ["user_id", "course_id", "lesson_id"],
    )
    where = [getattr(LessonProgress, k) == v for k, v in keys.items()]
    session.execute(update(LessonProgress).where(*where).values(last_seen_at=now))
    if kind == "reached_end":
        session.execute(
            update(LessonProgress)
            .where(*where, LessonProgress.reached_end_at.is_(None))
            .values(reached_end_at=now)
        )
    if queries.is_lesson_done(session, user_id, course.id, lesson):
        session.execute(
            update(LessonProgress)
            .where(*where, LessonProgress.completed_at.is_(None))
            .values(completed_at=now)
        )


def answer_block(
    session: Session,
    user_id: int,
    course: Course,
    lesson: Lesson,
    block: Block,
    answer: Collection[str],
    client_key: str,
) -> Grade:
    """Grade an answer to a scenario or check, keep it, and count it as progress."""
    try:
        result = grade(block.data, answer)
    except InvalidAnswer as error:
        raise LearningError(_l("Choose one of the options, then submit.")) from error
    upsert(
        session,
        BlockResponse.__table__,
        {
            "user_id": user_id,
            "course_id": course.id,
            "lesson_id": lesson.id,
            "block_id": block.id,
            "answer": list(result.chosen),
            "score": result.score,
            "answered_at": utcnow(),
        },
        ["user_id", "course_id", "block_id"],
        ["answer", "score", "answered_at"],
    )
    record_event(session, user_id, course, lesson, "answered", client_key, block.id)
    return result


def save_reflection(
    session: Session,
    user_id: int,
    course: Course,
    lesson: Lesson,
    block: Block,
    text: str,
    client_key: str,
) -> None:
    """Keep (or replace) the learner's private note for a reflection prompt."""
    text = text.strip()
    if not text:
        raise LearningError(_l("Write something before you save, or leave the box empty."))
    if len(text) > REFLECTION_MAX:
        raise LearningError(_l("A reflection has at most %(max)d characters.", max=REFLECTION_MAX))
    now = utcnow()
    upsert(
        session,
        ReflectionNote.__table__,
        {
            "user_id": user_id,
            "course_id": course.id,
            "lesson_id": lesson.id,
            "block_id": block.id,
            "text": text,
            "created_at": now,
            "updated_at": now,
        },
        ["user_id", "course_id", "block_id"],
        ["text", "updated_at"],
    )
    record_event(session, user_id, course, lesson, "reflected", client_key, block.id)


def delete_reflection(session: Session, user_id: int, note_id: int) -> None:
    """Delete one of the learner's own notes; another learner's note does not exist for them."""
    note = session.scalar(
        select(ReflectionNote).where(
            ReflectionNote.id == note_id, ReflectionNote.user_id == user_id
        )
    )
    if note is None:
        raise NotFoundError(_l("There is no such reflection among yours."))
    session.delete(note)
