"""Everything that changes a learner's records. Functions flush, never commit."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.clock import utcnow
from app.content.model import Block, Course, Lesson, Module
from app.content.questions import Grade, InvalidAnswer, grade
from app.domain import NotFoundError
from app.learning import policy
from app.learning.models import (
    BlockResponse,
    Enrolment,
    LessonProgress,
    ModuleCompletion,
    ProgressEvent,
    ReflectionNote,
)
from app.learning.policy import LearningError
from app.learning.upsert import insert_ignore, upsert

EVENT_KINDS = ("viewed", "reached_end", "answered", "reflected")
REFLECTION_MAX = 10_000

__all__ = ["LearningError"]


def _require_open(session: Session, user_id: int, course: Course, lesson: Lesson) -> Module:
    """Every change to a lesson's records goes through the rules first."""
    return policy.require_lesson_open(policy.Standing(session, user_id, course), lesson)


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
    _require_open(session, user_id, course, lesson)
    return _append_event(session, user_id, course, lesson, kind, client_key, block_id)


def _append_event(
    session: Session,
    user_id: int,
    course: Course,
    lesson: Lesson,
    kind: str,
    client_key: str,
    block_id: str | None = None,
) -> bool:
    now = _insert_event(session, user_id, course, lesson, kind, client_key, block_id)
    if now is not None:
        _touch_summary(session, user_id, course, lesson, kind, now)
    return now is not None


def _insert_event(
    session: Session,
    user_id: int,
    course: Course,
    lesson: Lesson,
    kind: str,
    client_key: str,
    block_id: str | None = None,
) -> datetime | None:
    """Insert the event unless its key was seen; its time when this call inserted it."""
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
    return now if inserted else None


def _touch_summary(
    session: Session, user_id: int, course: Course, lesson: Lesson, kind: str, now: datetime
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
    _complete_lesson_if_done(session, user_id, course, lesson, where, now)


def _complete_lesson_if_done(
    session: Session, user_id: int, course: Course, lesson: Lesson, where: list, now: datetime
) -> None:
    """Record the lesson's completion once the rule holds for its current content."""
    row = session.execute(
        select(LessonProgress.reached_end_at, LessonProgress.completed_at).where(*where)
    ).one()
    if row.completed_at is not None:
        return  # recorded once, never taken back
    answered = session.scalars(
        select(BlockResponse.block_id).where(
            BlockResponse.user_id == user_id,
            BlockResponse.course_id == course.id,
            BlockResponse.lesson_id == lesson.id,
        )
    )
    if not policy.lesson_is_done(lesson, row.reached_end_at is not None, set(answered)):
        return
    done = session.execute(
        update(LessonProgress)
        .where(*where, LessonProgress.completed_at.is_(None))
        .values(completed_at=now)
    )
    if done.rowcount:
        record_completions(session, user_id, course, policy.module_of(course, lesson))


def record_completions(session: Session, user_id: int, course: Course, module: Module) -> None:
    """Record the module's completion, then the course's, as soon as the rules say so."""
    standing = policy.Standing(session, user_id, course)
    if module.id not in standing.completed_modules and policy.is_module_complete(standing, module):
        values = {
            "user_id": user_id,
            "course_id": course.id,
            "module_id": module.id,
            "edition": course.edition,
            "completed_at": utcnow(),
        }
        insert_ignore(
            session, ModuleCompletion.__table__, values, ["user_id", "course_id", "module_id"]
        )
        standing = policy.Standing(session, user_id, course)
    enrolment = standing.enrolment
    if enrolment is None or enrolment.completed_at is not None:
        return
    if policy.is_course_complete(standing):
        session.execute(
            update(Enrolment)
            .where(Enrolment.id == enrolment.id, Enrolment.completed_at.is_(None))
            .values(completed_at=utcnow())
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
    _require_open(session, user_id, course, lesson)
    try:
        result = grade(block.data, answer)
    except InvalidAnswer as error:
        raise LearningError(_l("Choose one of the options, then submit.")) from error
    now = _insert_event(session, user_id, course, lesson, "answered", client_key, block.id)
    if now is None:
        return result  # the same form sent again: counted once, the answer left as it was
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
            "answered_at": now,
        },
        ["user_id", "course_id", "block_id"],
        ["answer", "score", "answered_at"],
    )
    _touch_summary(session, user_id, course, lesson, "answered", now)
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
    _require_open(session, user_id, course, lesson)
    text = text.strip()
    if not text:
        raise LearningError(_l("Write something before you save, or leave the box empty."))
    if len(text) > REFLECTION_MAX:
        raise LearningError(_l("A reflection has at most %(max)d characters.", max=REFLECTION_MAX))
    now = _insert_event(session, user_id, course, lesson, "reflected", client_key, block.id)
    if now is None:
        return  # the same form sent again: the note saved the first time stays
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
    _touch_summary(session, user_id, course, lesson, "reflected", now)


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
