"""Learning fixtures: an enrolled judge with a signed-in client, and the real course."""

from __future__ import annotations

import pytest

from app.content.service import get_course
from app.learning import operations as ops
from tests.conftest import login

LESSON = "ind-external-pressure"  # two scenarios
SCENARIO = "ind-sc-minister-call"
SECOND_SCENARIO = "ind-sc-media-campaign"
CHECK_LESSON = "ind-why-independence"
CHECK = "ind-check-privilege"
REFLECTION_LESSON = "ind-inside-judiciary"
REFLECTION = "ind-reflect-inside"


@pytest.fixture
def course(app):
    with app.app_context():
        return get_course()


@pytest.fixture
def judge(db_session, make_user, course):
    user = make_user()
    ops.enrol(db_session, user.id, course)
    db_session.commit()
    return user


@pytest.fixture
def learner(app, judge):
    """A test client signed in as the enrolled judge."""
    client = app.test_client()
    login(client, judge)
    return client
