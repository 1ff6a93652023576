"""Worker functions for the concurrency tests (importable by spawned processes)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.content.loader import load_course
from app.database import make_engine
from app.learning import operations as ops

LESSON = "ind-external-pressure"


def record_in_process(
    url: str, course_path: str, user_id: int, keys: list[str], barrier
) -> list[str]:
    """Record progress from a separate process with its own engine; return any errors."""
    course = load_course(course_path)
    lesson = course.lesson(LESSON)
    engine = make_engine(url)
    errors = []
    barrier.wait()
    for key in keys:
        try:
            with Session(engine) as session, session.begin():
                ops.record_event(session, user_id, course, lesson, "viewed", key)
        except Exception as error:  # reported to the test
            errors.append(repr(error))
    engine.dispose()
    return errors
