"""Several requests at once on one attempt: one open attempt, one submission recorded."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.database import Database
from app.learning import operations as learning_ops
from app.quizzes import operations as ops
from app.quizzes.errors import AlreadySubmittedError
from app.quizzes.models import QuizAttempt, QuizScore
from tests.conftest import as_letters, run_together

MODULE = "independence"


def test_simultaneous_starts_and_submissions(app, committed, make_user, course):
    user = make_user()
    learning_ops.enrol(committed, user.id, course)
    committed.commit()
    engine = Database.engine_of(app)
    module = course.module(MODULE)
    opened: list[int] = []

    def begin(_n: int) -> None:
        with Session(engine) as session, session.begin():
            opened.append(ops.start_self_test(session, user.id, course, module).id)

    assert run_together(6, begin) == []
    assert len(set(opened)) == 1, "every start found the same open attempt"

    keyed = {q.id: [o.id for o in q.options if o.is_correct] for q in module.quiz.questions}
    with Session(engine) as session:
        seed = session.get(QuizAttempt, opened[0]).seed
    answers = as_letters(module.quiz, seed, keyed)
    refused: list[int] = []

    def send(n: int) -> None:
        try:
            with Session(engine) as session, session.begin():
                ops.submit_self_test(session, user.id, course, opened[0], answers, f"key-{n}")
        except AlreadySubmittedError:
            refused.append(n)

    assert run_together(6, send) == []
    assert len(refused) == 5, "exactly one submission wins"
    with Session(engine) as session:
        score = session.scalar(select(QuizScore).where(QuizScore.user_id == user.id))
        attempts = session.scalar(
            select(func.count()).select_from(QuizAttempt).where(QuizAttempt.user_id == user.id)
        )
    assert (score.attempts, score.best_score, attempts) == (1, 1.0, 1)
