"""Reads for the learner's pages: progress, answers, reflections, time on task, resume point."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.content.model import Block, Course, Lesson, Module
from app.content.outputs import Output, lesson_view, walk
from app.learning.models import BlockResponse, ProgressEvent, ReflectionNote

GAP_CAP = timedelta(minutes=5)


def find_block(lesson: Lesson, block_id: str, kinds: tuple[str, ...]) -> Block | None:
    """A block of this lesson that the learner's web page shows (never a trainer block)."""
    for node in walk(lesson_view(lesson, Output.WEB_LEARNER).body):
        if isinstance(node, Block) and node.id == block_id and node.kind in kinds:
            return node
    return None


def responses(
    session: Session, user_id: int, course_id: str, lesson_id: str
) -> dict[str, BlockResponse]:
    query = select(BlockResponse).where(
        BlockResponse.user_id == user_id,
        BlockResponse.course_id == course_id,
        BlockResponse.lesson_id == lesson_id,
    )
    return {row.block_id: row for row in session.scalars(query)}


def reflections(
    session: Session, user_id: int, course_id: str, lesson_id: str | None = None
) -> list[ReflectionNote]:
    query = select(ReflectionNote).where(
        ReflectionNote.user_id == user_id, ReflectionNote.course_id == course_id
    )
    if lesson_id is not None:
        query = query.where(ReflectionNote.lesson_id == lesson_id)
    return list(session.scalars(query.order_by(ReflectionNote.updated_at.desc())))


def time_on_task(session: Session, user_id: int, course_id: str) -> timedelta:
    """Sum of the gaps between a learner's events, each gap capped at five minutes."""
    query = (
        select(ProgressEvent.at)
        .where(ProgressEvent.user_id == user_id, ProgressEvent.course_id == course_id)
        .order_by(ProgressEvent.at)
    )
    times = list(session.scalars(query))
    return sum((min(b - a, GAP_CAP) for a, b in pairwise(times)), timedelta())


def ordered_lessons(course: Course) -> list[tuple[Module, Lesson]]:
    return [(module, lesson) for module in course.modules for lesson in module.lessons]


def neighbours(course: Course, lesson_id: str) -> tuple[Lesson | None, Lesson | None]:
    lessons = [lesson for _m, lesson in ordered_lessons(course)]
    ids = [lesson.id for lesson in lessons]
    i = ids.index(lesson_id)
    return (lessons[i - 1] if i > 0 else None, lessons[i + 1] if i + 1 < len(lessons) else None)


def resume_lesson(session: Session, user_id: int, course: Course) -> Lesson:
    """Where to pick up: the lesson of the latest event, or the next one if it was finished."""
    query = (
        select(ProgressEvent.lesson_id, ProgressEvent.kind)
        .where(ProgressEvent.user_id == user_id, ProgressEvent.course_id == course.id)
        .order_by(ProgressEvent.at.desc(), ProgressEvent.id.desc())
        .limit(1)
    )
    latest = session.execute(query).first()
    first = ordered_lessons(course)[0][1]
    if latest is None or course.lesson(latest.lesson_id) is None:
        return first
    if latest.kind == "reached_end":
        _previous, following = neighbours(course, latest.lesson_id)
        return following or course.lesson(latest.lesson_id)
    return course.lesson(latest.lesson_id)
