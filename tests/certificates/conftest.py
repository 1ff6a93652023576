"""Certificate fixtures: the final-assessment ones, and a judge who has just passed."""

from __future__ import annotations

import pytest

from tests.assessment import conftest as final_fixtures
from tests.assessment.conftest import keyed_letters
from tests.conftest import post

# The final assessment's fixtures, here too.
course = final_fixtures.course
course_copy_app = final_fixtures.course_copy_app
judge_client = final_fixtures.judge_client
ready_judge = final_fixtures.ready_judge
start_attempt = final_fixtures.start_attempt


def pass_final(app, client, start_attempt, key: str = "pass"):
    attempt = start_attempt(client, app)
    response = post(
        client,
        app,
        f"/learn/final/attempts/{attempt.id}/submit",
        {"key": key, **keyed_letters(attempt)},
    )
    assert response.status_code == 303
    return attempt


@pytest.fixture
def certified(app, judge_client, start_attempt, db_session, ready_judge):
    """The judge has passed the final; their certificate was issued with the grade."""
    from sqlalchemy import select

    from app.certificates.models import Certificate

    pass_final(app, judge_client, start_attempt)
    db_session.expire_all()
    return db_session.scalar(select(Certificate).where(Certificate.user_id == ready_judge.id))
