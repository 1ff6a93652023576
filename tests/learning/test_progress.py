"""Progress: the completion rule, time on task, resuming, and sequential gating."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from app.clock import utcnow
from app.content.loader import load_course
from app.database import Database
from app.extensions import db
from app.learning import queries
from app.learning.models import LessonProgress
from app.quizzes.models import QuizAttempt
from tests.conftest import as_letters, login, make_app, post
from tests.learning.conftest import LESSON, SCENARIO, SECOND_SCENARIO


def summary(session, user_id, lesson_id=LESSON) -> LessonProgress | None:
    query = select(LessonProgress).where(
        LessonProgress.user_id == user_id, LessonProgress.lesson_id == lesson_id
    )
    row = session.scalar(query)
    if row is not None:
        session.refresh(row)
    return row


def test_a_lesson_completes_when_the_end_is_reached_and_every_block_answered(
    app, learner, judge, db_session
):
    post(learner, app, f"/learn/lessons/{LESSON}/continue", {"key": "end"})
    row = summary(db_session, judge.id)
    assert row.reached_end_at is not None and row.completed_at is None, "two scenarios still open"
    post(learner, app, f"/learn/lessons/{LESSON}/answers/{SCENARIO}", {"answer": "b", "key": "a1"})
    assert summary(db_session, judge.id).completed_at is None
    post(
        learner,
        app,
        f"/learn/lessons/{LESSON}/answers/{SECOND_SCENARIO}",
        {"answer": "a", "key": "a2"},
    )
    assert summary(db_session, judge.id).completed_at is not None
    page = learner.get("/learn/").get_data(as_text=True)
    assert "1 of 5 lessons" in page


def test_answering_without_reaching_the_end_does_not_complete(app, learner, judge, db_session):
    for key, block in (("a1", SCENARIO), ("a2", SECOND_SCENARIO)):
        post(learner, app, f"/learn/lessons/{LESSON}/answers/{block}", {"answer": "b", "key": key})
    assert summary(db_session, judge.id).completed_at is None


def test_a_lesson_without_questions_completes_at_its_end(app, learner, judge, db_session):
    post(learner, app, "/learn/lessons/ind-own-conduct/continue", {"key": "end"})
    assert summary(db_session, judge.id, "ind-own-conduct").completed_at is not None


def test_time_on_task_caps_each_gap_at_five_minutes(app, learner, judge, db_session):
    start = utcnow() + timedelta(minutes=1)  # never before the session cookie was signed
    offsets = [0, 1, 11, 13]  # minutes: gaps of 1, 10 (counted as 5) and 2
    for n, minutes in enumerate(offsets):
        with freeze_time(start + timedelta(minutes=minutes)):
            assert (
                post(learner, app, f"/learn/lessons/{LESSON}/viewed", {"key": f"v{n}"}).status_code
                == 204
            )
    assert queries.time_on_task(db_session, judge.id, "bangalore-principles") == timedelta(
        minutes=1 + 5 + 2
    )
    with freeze_time(start + timedelta(minutes=14)):
        assert "8 minutes" in learner.get("/learn/").get_data(as_text=True)


def test_resume_where_the_judge_left_off(app, learner, judge, db_session):
    start = utcnow() + timedelta(minutes=1)
    with freeze_time(start):
        post(learner, app, "/learn/lessons/ind-why-independence/continue", {"key": "e1"})
        page = learner.get("/learn/").get_data(as_text=True)
    assert 'href="/learn/lessons/ind-external-pressure"' in page
    with freeze_time(start + timedelta(minutes=5)):
        post(learner, app, "/learn/lessons/ind-own-conduct/viewed", {"key": "v1"})
        page = learner.get("/learn/").get_data(as_text=True)
    assert "Resume" in page and 'href="/learn/lessons/ind-own-conduct"' in page


@pytest.fixture
def sequential_course(tmp_path) -> Path:
    """The fixture course with a second module and sequential gating on."""
    root = tmp_path / "course"
    shutil.copytree(Path(__file__).parents[1] / "content" / "fixtures" / "course", root)
    (root / "modules" / "02-more").mkdir()
    (root / "modules" / "02-more" / "module.yml").write_text(
        "id: more\ntitle: More\nlessons:\n  - 01-more.md\n"
    )
    (root / "modules" / "02-more" / "01-more.md").write_text(
        "---\nid: more-lesson\ntitle: More\n---\nMore text.\n"
    )
    text = (root / "course.yml").read_text()
    text = text.replace("sequential: false", "sequential: true").replace(
        "  - 01-basics\n", "  - 01-basics\n  - 02-more\n"
    )
    (root / "course.yml").write_text(text)
    return root


def test_sequential_gating_opens_a_module_when_the_one_before_is_complete(
    app, database_url, sequential_course, db_session, make_user
):
    gated = make_app(database_url, COURSE_PATH=str(sequential_course))
    with db.bound_to(gated, db_session.connection()):
        client = gated.test_client()
        user = make_user()
        login(client, user)
        post(client, gated, "/learn/enrol")
        locked = client.get("/learn/lessons/more-lesson")
        assert locked.status_code == 403
        assert b"opens when you have completed the modules before it" in locked.data
        assert client.get("/learn/modules/more").status_code == 403
        post(
            client,
            gated,
            "/learn/lessons/first-lesson/answers/first-scenario",
            {"answer": "b", "key": "s"},
        )
        post(
            client,
            gated,
            "/learn/lessons/first-lesson/answers/first-check",
            {"answer": "a", "key": "c"},
        )
        for lesson in ("first-lesson", "second-lesson"):
            post(client, gated, f"/learn/lessons/{lesson}/continue", {"key": f"end-{lesson}"})
        assert client.get("/learn/lessons/more-lesson").status_code == 403, "self-test not passed"
        post(client, gated, "/learn/modules/basics/self-test")
        attempt = db_session.scalar(select(QuizAttempt).where(QuizAttempt.user_id == user.id))
        keyed = {"quiz-multi": ["a", "b"], "quiz-scenario": ["c"]}
        basics = load_course(sequential_course).module("basics")
        letters = as_letters(basics.quiz, attempt.seed, keyed)
        right = {"key": "q1", **{f"q-{qid}": chosen for qid, chosen in letters.items()}}
        assert post(client, gated, f"/learn/self-tests/{attempt.id}", right).status_code == 303
        assert client.get("/learn/lessons/more-lesson").status_code == 200
    Database.engine_of(gated).dispose()


def test_this_course_is_not_sequential(learner):
    assert learner.get("/learn/lessons/prac-when-in-doubt").status_code in (200, 404)
    assert learner.get("/learn/modules/putting-into-practice").status_code == 200
