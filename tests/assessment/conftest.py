"""Final-assessment fixtures: judges who completed every module, apps on course copies."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select, update

from app.assessment import review
from app.assessment.models import FinalAnswer, FinalAttempt
from app.clock import utcnow
from app.content.service import get_course
from app.database import Database
from app.extensions import db
from app.learning import operations as learning_ops
from app.learning.models import Enrolment
from tests.conftest import login, make_app, post
from tests.content.conftest import copy_course, edit

REAL_COURSE = Path(__file__).resolve().parents[2] / "courses" / "bangalore_principles"


def complete_course(session, user, course) -> None:
    """Enrol and record the course complete (the policy's own tests cover how)."""
    learning_ops.enrol(session, user.id, course)
    session.execute(
        update(Enrolment).where(Enrolment.user_id == user.id).values(completed_at=utcnow())
    )
    session.commit()


def keyed_letters(attempt: FinalAttempt, wrong: bool = False) -> dict[str, list[str]]:
    """The form fields that answer every question of the attempt right (or wrong)."""
    fields = {}
    for item in review.shown_questions(attempt):
        if wrong:
            chosen = [next(o.letter for o in item.options if _worthless(o.option))]
        else:
            chosen = [o.letter for o in item.options if o.option.is_correct]
        fields[f"q-{item.number}"] = chosen  # the page names questions by their place
    return fields


def text(html: str) -> str:
    """What a reader sees of some HTML: tags dropped, entities read, spaces collapsed."""
    import html as markup

    return " ".join(markup.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def snippet(content_html: str) -> str:
    """A stretch of a content text to look for in a page's text."""
    return text(content_html)[:60]


def _worthless(option) -> bool:
    """Not keyed, and no partial credit either (a scenario's "acceptable" earns half)."""
    return not option.is_correct and getattr(option, "quality", "poor") == "poor"


def use_every_attempt(session, user, course) -> None:
    """Record the course's attempts at the final as taken and failed."""
    from app.assessment import operations as ops

    for n in range(course.final.attempts):
        attempt = ops.start_final(session, user.id, course, utcnow())
        ops.submit_final(session, user.id, course, attempt.id, {}, f"used-{n}", utcnow())
    session.commit()


def database_state(session) -> tuple:
    """Everything final-assessment tables hold, to compare before and after a request."""
    session.expire_all()
    attempts = session.execute(
        select(
            FinalAttempt.id,
            FinalAttempt.status,
            FinalAttempt.score,
            FinalAttempt.closed_at,
            FinalAttempt.scores,
        ).order_by(FinalAttempt.id)
    ).all()
    answers = session.execute(
        select(FinalAnswer.attempt_id, FinalAnswer.question_id, FinalAnswer.answer).order_by(
            FinalAnswer.id
        )
    ).all()
    return tuple(attempts), tuple(answers)


@pytest.fixture
def course(app):
    with app.app_context():
        return get_course()


@pytest.fixture
def ready_judge(db_session, make_user, course):
    user = make_user()
    complete_course(db_session, user, course)
    return user


@pytest.fixture
def judge_client(app, ready_judge):
    client = app.test_client()
    login(client, ready_judge)
    return client


@pytest.fixture
def start_attempt(app, db_session) -> Callable:
    def start(client, application: Flask | None = None) -> FinalAttempt:
        application = application or app
        response = post(client, application, "/learn/final/attempts")
        assert response.status_code == 303, response.get_data(as_text=True)[:400]
        attempt_id = int(response.headers["Location"].rsplit("/", 1)[1])
        db_session.expire_all()
        return db_session.get(FinalAttempt, attempt_id)

    return start


@pytest.fixture
def course_copy_app(database_url, db_session, tmp_path) -> Iterator[Callable]:
    """An app on a copy of the real course, with course.yml edited as a test asks."""
    made: list[Flask] = []

    def factory(*edits: tuple[str, str], root: Path = REAL_COURSE) -> Flask:
        path = copy_course_from(root, tmp_path / f"course-{len(made)}")
        for old, new in edits:
            edit(path / "course.yml", old, new)
        application = make_app(database_url, COURSE_PATH=str(path))
        made.append(application)
        return application

    with_binding = []
    yield lambda *edits, **kw: _bound(factory(*edits, **kw), db_session, with_binding)
    for context in with_binding:
        context.__exit__(None, None, None)
    for application in made:
        Database.engine_of(application).dispose()


def _bound(application: Flask, db_session, contexts: list) -> Flask:
    context = db.bound_to(application, db_session.connection())
    context.__enter__()
    contexts.append(context)
    return application


def copy_course_from(root: Path, target: Path) -> Path:
    import shutil

    shutil.copytree(root, target)
    return target


__all__ = ["complete_course", "copy_course", "database_state", "keyed_letters"]
