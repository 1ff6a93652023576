"""Many writers at once, for one learner and lesson: one summary row, each event once."""

from __future__ import annotations

import multiprocessing

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.database import Database
from app.learning import operations as ops
from app.learning.models import LessonProgress, ProgressEvent
from tests.conftest import run_together
from tests.learning.workers import LESSON, record_in_process


def enrolled(committed, make_user, course):
    user = make_user()
    ops.enrol(committed, user.id, course)
    committed.commit()
    return user


def counts(engine, user_id: int) -> tuple[int, int]:
    with Session(engine) as session:
        events = session.scalar(
            select(func.count()).select_from(ProgressEvent).where(ProgressEvent.user_id == user_id)
        )
        rows = session.scalar(
            select(func.count())
            .select_from(LessonProgress)
            .where(LessonProgress.user_id == user_id)
        )
    return events, rows


def test_twenty_threads_with_their_own_connections(app, committed, make_user, course):
    user = enrolled(committed, make_user, course)
    engine = Database.engine_of(app)
    lesson = course.lesson(LESSON)

    def record(n: int) -> None:
        key = f"key-{n % 10}"  # ten distinct keys, each sent twice on purpose
        with Session(engine) as session, session.begin():
            ops.record_event(session, user.id, course, lesson, "viewed", key)

    errors = run_together(20, record)
    assert errors == []
    assert counts(engine, user.id) == (10, 1)


def test_several_processes(app, committed, make_user, course, database_url):
    user = enrolled(committed, make_user, course)
    context = multiprocessing.get_context("spawn")
    processes = 4
    barrier = context.Manager().Barrier(processes)
    # Each process sends five keys; neighbours share two of them.
    plans = [[f"p-{(p * 3 + k)}" for k in range(5)] for p in range(processes)]
    with context.Pool(processes) as pool:
        results = pool.starmap(
            record_in_process,
            [(database_url, app.config["COURSE_PATH"], user.id, keys, barrier) for keys in plans],
        )
    assert [e for errors in results for e in errors] == []
    distinct = len({key for keys in plans for key in keys})
    assert counts(Database.engine_of(app), user.id) == (distinct, 1)
