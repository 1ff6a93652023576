"""Time limit, grace, waiting period and the closing of an abandoned attempt (freezegun)."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
from freezegun import freeze_time

from app.assessment import operations as ops
from app.assessment import review
from app.assessment.models import FinalAttempt
from app.clock import utcnow
from app.content.service import get_course
from app.extensions import db
from tests.assessment.conftest import complete_course, database_state, keyed_letters
from tests.conftest import login, post
from tests.content.conftest import FIXTURE, edit


@pytest.fixture
def timed_app(course_copy_app, tmp_path):
    """The fixture course with a 10-minute limit and an hour's wait between attempts."""
    root = tmp_path / "timed"
    shutil.copytree(FIXTURE, root)
    edit(
        root / "course.yml",
        "  pass_mark: 0.8\n",
        "  pass_mark: 0.8\n  time_limit_minutes: 10\n  wait_minutes: 60\n",
    )
    return course_copy_app(root=root)


@pytest.fixture
def judge(timed_app, db_session, make_user):
    user = make_user()
    with timed_app.app_context():
        complete_course(db_session, user, get_course())
    client = timed_app.test_client()
    login(client, user)
    return client


@pytest.fixture
def start():
    """A moment just ahead (never before the session cookie was signed), to the second."""
    return (utcnow() + timedelta(minutes=1)).replace(microsecond=0)


def begin(app, client, db_session, at) -> FinalAttempt:
    with freeze_time(at):
        response = post(client, app, "/learn/final/attempts")
    assert response.status_code == 303
    db_session.expire_all()
    return db_session.get(FinalAttempt, int(response.headers["Location"].rsplit("/", 1)[1]))


def one_answer(attempt: FinalAttempt) -> dict:
    fields = keyed_letters(attempt)
    name = next(iter(fields))
    return {name: fields[name]}


def fresh(db_session, attempt) -> FinalAttempt:
    db_session.expire_all()
    return db_session.get(FinalAttempt, attempt.id)


def test_answers_count_up_to_the_limit_plus_thirty_seconds(timed_app, judge, db_session, start):
    attempt = begin(timed_app, judge, db_session, start)
    assert attempt.deadline_at == start + timedelta(minutes=10)
    base = f"/learn/final/attempts/{attempt.id}"
    with freeze_time(start + timedelta(minutes=10, seconds=30)):
        assert post(judge, timed_app, f"{base}/answers", one_answer(attempt)).status_code == 303
    before = database_state(db_session)
    with freeze_time(start + timedelta(minutes=10, seconds=31)):
        late = post(judge, timed_app, f"{base}/submit", {"key": "late", **keyed_letters(attempt)})
    assert late.status_code == 409 and "time for this attempt ran out" in late.get_data(
        as_text=True
    )
    closed = fresh(db_session, attempt)
    assert closed.status == "graded" and closed.closed_by == "time"
    assert closed.score == 0.5, "graded from the one answer saved in time"
    assert database_state(db_session)[1] == before[1], "the late answers were not kept"


def test_a_submit_in_the_grace_counts(timed_app, judge, db_session, start):
    attempt = begin(timed_app, judge, db_session, start)
    with freeze_time(start + timedelta(minutes=10, seconds=20)):
        response = post(
            judge,
            timed_app,
            f"/learn/final/attempts/{attempt.id}/submit",
            {"key": "in-time", **keyed_letters(attempt)},
        )
    assert response.status_code == 303
    done = fresh(db_session, attempt)
    assert (done.closed_by, done.score, done.is_passed) == ("submit", 1.0, True)


def test_an_abandoned_attempt_closes_on_the_judges_next_request(
    timed_app, judge, db_session, start
):
    attempt = begin(timed_app, judge, db_session, start)
    with freeze_time(start + timedelta(minutes=2)):
        post(judge, timed_app, f"/learn/final/attempts/{attempt.id}/answers", one_answer(attempt))
    with freeze_time(start + timedelta(minutes=9)):
        judge.get("/learn/")
    assert fresh(db_session, attempt).is_open, "still inside its time"
    with freeze_time(start + timedelta(hours=3)):
        page = judge.get("/learn/")  # a GET: the close is its own short transaction
    assert page.status_code == 200
    closed = fresh(db_session, attempt)
    assert (closed.status, closed.closed_by, closed.score) == ("graded", "time", 0.5)
    assert closed.closed_at == start + timedelta(hours=3)


def test_the_attempt_page_and_a_report_close_it_too(timed_app, judge, db_session, start, make_user):
    attempt = begin(timed_app, judge, db_session, start)
    with freeze_time(start + timedelta(hours=1)):
        html = judge.get(f"/learn/final/attempts/{attempt.id}").get_data(as_text=True)
    assert "The time ran out" in html and "You scored 0%" in html

    other = make_user()
    with timed_app.app_context():
        course = get_course()
        complete_course(db_session, other, course)
        opened = ops.start_final(db.session, other.id, course, start)
        assert opened.is_open
        opened_id = opened.id
        db.session.commit()
        # A report (of a coordinator, say) touches every learner's attempts at once.
        assert ops.close_expired(db.session, course, start + timedelta(minutes=11)) == 1
        db.session.commit()
    db_session.expire_all()
    assert db_session.get(FinalAttempt, opened_id).closed_by == "time"


def test_the_next_attempt_waits_for_the_waiting_period(timed_app, judge, db_session, start):
    attempt = begin(timed_app, judge, db_session, start)
    with freeze_time(start + timedelta(minutes=1)):
        wrong = keyed_letters(attempt, wrong=True)
        post(judge, timed_app, f"/learn/final/attempts/{attempt.id}/submit", {"key": "w", **wrong})
    with freeze_time(start + timedelta(minutes=60)):
        early = post(judge, timed_app, "/learn/final/attempts")
        overview = judge.get("/learn/final").get_data(as_text=True)
    assert early.status_code == 409 and "next attempt from" in early.get_data(as_text=True)
    assert "next attempt from" in overview
    assert len(review.questions_of(fresh(db_session, attempt))) == 2
    second = begin(timed_app, judge, db_session, start + timedelta(minutes=61, seconds=1))
    assert second.number == 2


def test_after_an_abandoned_attempt_the_wait_runs_from_its_time_limit(
    timed_app, judge, db_session, start
):
    attempt = begin(timed_app, judge, db_session, start)
    back = start + timedelta(hours=3)  # it ended at 10 min 30 s; the judge returns now
    with freeze_time(back):
        judge.get("/learn/")  # closes it
    assert fresh(db_session, attempt).closed_by == "time"
    second = begin(timed_app, judge, db_session, back + timedelta(minutes=1))
    assert second.number == 2, "the hour's wait ran from the limit, not from the close"
