"""Ten submits of one attempt at once, each on its own connection: exactly one result."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.assessment import operations as ops
from app.assessment.errors import AttemptClosedError
from app.assessment.models import FinalAttempt
from app.clock import utcnow
from app.database import Database
from app.learning import operations as learning_ops
from app.learning.models import Enrolment
from tests.assessment.conftest import keyed_letters
from tests.conftest import run_together


def test_ten_parallel_submits_give_one_result(app, committed, make_user, course):
    user = make_user()
    learning_ops.enrol(committed, user.id, course)
    committed.execute(update(Enrolment).values(completed_at=utcnow()))
    committed.commit()
    engine = Database.engine_of(app)
    with Session(engine) as session, session.begin():
        attempt_id = ops.start_final(session, user.id, course, utcnow()).id
    with Session(engine) as session:
        attempt = session.get(FinalAttempt, attempt_id)
        fields = keyed_letters(attempt, wrong=True)
    letters = {name[2:]: chosen for name, chosen in fields.items()}
    refused: list[int] = []

    def submit(n: int) -> None:
        try:
            with Session(engine) as session, session.begin():
                ops.submit_final(session, user.id, course, attempt_id, letters, f"k{n}", utcnow())
        except AttemptClosedError:
            refused.append(n)

    assert run_together(10, submit) == []
    assert len(refused) == 9, "exactly one submit graded the attempt"
    with Session(engine) as session:
        graded = session.get(FinalAttempt, attempt_id)
        attempts = session.scalar(select(func.count()).select_from(FinalAttempt))
    assert (graded.status, graded.score, attempts) == ("graded", 0.0, 1)
