"""Everything that changes final-assessment records. Functions flush, never commit."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.orm import Session

from app.accounts.models import Role, User
from app.assessment import queries, review, rules
from app.assessment.draw import draw
from app.assessment.errors import (
    AlreadyPassedError,
    AttemptClosedError,
    GrantNotNeededError,
    InvalidChoiceError,
    NoAttemptsLeftError,
    NotEligibleError,
    OutsideAttemptError,
    TimeUpError,
    WaitError,
)
from app.assessment.models import GRADED, IS_OPEN, OPEN, FinalAnswer, FinalAttempt, FinalGrant
from app.audit.operations import record_audit
from app.certificates.operations import issue_if_earned
from app.content.model import Course
from app.content.questions import InvalidAnswer, grade, snapshot
from app.domain import ForbiddenError, NotFoundError
from app.learning import operations as learning_ops
from app.learning import policy
from app.learning.upsert import insert_ignore, upsert

SEED_RANGE = 2**31


def own_attempt(session: Session, user_id: int, attempt_id: int) -> FinalAttempt:
    """One of the learner's attempts; another learner's does not exist for them."""
    attempt = queries.attempt_of(session, user_id, attempt_id)
    if attempt is None:
        raise NotFoundError(_l("There is no such attempt among yours."))
    return attempt


def start_final(session: Session, user_id: int, course: Course, now: datetime) -> FinalAttempt:
    """Open the next attempt (or return the open one), drawing afresh from the bank."""
    standing = policy.Standing(session, user_id, course)
    policy.require_enrolment(standing)
    if not policy.is_course_complete(standing):
        raise NotEligibleError()
    close_expired(session, course, now, user_id)
    history = queries.history(session, user_id, course.id)
    if history.open is not None:
        return history.open
    _require_may_start(course, history, now)
    seed = secrets.randbelow(SEED_RANGE)
    drawn = draw(course.final, seed, history.seen)
    values = {
        "user_id": user_id,
        "course_id": course.id,
        "edition": course.edition,
        "number": len(history.attempts) + 1,
        "seed": seed,
        "status": OPEN,
        "started_at": now,
        "deadline_at": rules.deadline(course.final, now),
        "questions": [snapshot(q) for q in drawn],
        "question_ids": [q.id for q in drawn],
        "pass_mark": course.final.pass_mark,
    }
    insert_ignore(session, FinalAttempt.__table__, values, ["user_id", "course_id"], where=IS_OPEN)
    opened = queries.open_attempt(session, user_id, course.id)
    assert opened is not None  # inserted now, or by a simultaneous start
    return opened


def _require_may_start(course: Course, history: rules.History, now: datetime) -> None:
    if history.has_passed:
        raise AlreadyPassedError()
    if rules.attempts_left(course.final, history) == 0:
        raise NoAttemptsLeftError()
    until = rules.next_start_at(course.final, history)
    if until is not None and now < until:
        raise WaitError(until)


def _open_for_answers(
    session: Session, user_id: int, course: Course, attempt_id: int, now: datetime
) -> FinalAttempt:
    """The learner's attempt, if it still accepts answers (else 409, nothing changes)."""
    policy.require_enrolment(policy.Standing(session, user_id, course))
    attempt = own_attempt(session, user_id, attempt_id)
    if not attempt.is_open:
        raise TimeUpError() if attempt.closed_by == "time" else AttemptClosedError()
    if not rules.accepts(attempt, now):
        raise TimeUpError()
    return attempt


def save_answers(
    session: Session,
    user_id: int,
    course: Course,
    attempt_id: int,
    letters: Mapping[str, Sequence[str]],
    now: datetime,
) -> FinalAttempt:
    """Keep the answers as the learner gives them (letters as shown; empty: no answer)."""
    attempt = _open_for_answers(session, user_id, course, attempt_id, now)
    _store(session, attempt, letters, now)
    return attempt


def _store(
    session: Session, attempt: FinalAttempt, letters: Mapping[str, Sequence[str]], now: datetime
) -> None:
    shown = review.by_position(attempt)
    if set(letters) - set(shown):
        raise OutsideAttemptError()
    places = {item.id: place for place, item in shown.items()}
    saved = queries.saved_answers(session, attempt.id)
    rows = []
    for question_id, option_ids in review.answers_from_letters(attempt, letters).items():
        if not option_ids or saved.get(question_id) == option_ids:
            continue  # nothing chosen (an earlier answer stays), or saved already
        try:
            grade(shown[places[question_id]].question, option_ids)  # validates only
        except InvalidAnswer as error:
            raise InvalidChoiceError(places[question_id]) from error
        rows.append(
            {
                "attempt_id": attempt.id,
                "question_id": question_id,
                "answer": option_ids,
                "saved_at": now,
            }
        )
    if rows:  # one statement, so a submit with the whole form holds the lock briefly
        upsert(
            session,
            FinalAnswer.__table__,
            rows,
            ["attempt_id", "question_id"],
            ["answer", "saved_at"],
        )


def submit_final(
    session: Session,
    user_id: int,
    course: Course,
    attempt_id: int,
    letters: Mapping[str, Sequence[str]],
    client_key: str,
    now: datetime,
) -> FinalAttempt:
    """Save the posted answers, then grade the attempt from its snapshot, once."""
    attempt = _open_for_answers(session, user_id, course, attempt_id, now)
    key = learning_ops.event_key(user_id, client_key)
    _store(session, attempt, letters, now)
    _grade(session, attempt, course, now, "submit", key)
    return attempt


def close_expired(
    session: Session, course: Course, now: datetime, user_id: int | None = None
) -> int:
    """Grade the open attempts past their limit and grace from their saved answers (for
    one learner, or for everyone: a report calls it so); returns how many it closed."""
    closed = 0
    for attempt in queries.expired_attempts(session, now, course.id, user_id):
        try:
            _grade(session, attempt, course, now, "time", None)
            closed += 1
        except AttemptClosedError:
            continue  # another request closed it first
    return closed


def _grade(
    session: Session,
    attempt: FinalAttempt,
    course: Course,
    now: datetime,
    closed_by: str,
    key: str | None,
) -> None:
    """Score every drawn question from the saved answers; unanswered counts as wrong."""
    saved = queries.saved_answers(session, attempt.id)
    scores = {}
    for question in review.questions_of(attempt):
        try:
            scores[question.id] = grade(question, saved[question.id]).score
        except (KeyError, InvalidAnswer):
            scores[question.id] = 0.0
    score = sum(scores.values()) / len(scores) if scores else 0.0
    graded = session.execute(
        update(FinalAttempt)
        .where(FinalAttempt.id == attempt.id, FinalAttempt.status == OPEN)
        .values(
            status=GRADED,
            closed_at=now,
            closed_by=closed_by,
            submit_key=key,
            scores=scores,
            score=score,
            is_passed=rules.is_passing(course.final, score),
        )
        .execution_options(synchronize_session="fetch")
    )
    if not graded.rowcount:
        raise AttemptClosedError()  # the first submit wins; this one changes nothing
    if rules.is_passing(course.final, score):  # in the same transaction as the grade
        issue_if_earned(session, attempt.user_id, course, now)


def grant_extra_attempt(session: Session, actor: User, learner: User, course: Course) -> None:
    """One more attempt, from an admin or the learner's coordinator; audited."""
    if not actor.has_role(Role.ADMIN):
        if actor.coordinated_judiciary_id is None:
            raise ForbiddenError(_l("Only an administrator or a coordinator can do this."))
        if actor.coordinated_judiciary_id != learner.judiciary_id:
            raise NotFoundError(_l("There is no such member of your judiciary."))
    if actor.id == learner.id:
        raise ForbiddenError(_l("Another administrator or coordinator must grant you this."))
    if not rules.may_grant(course.final, queries.history(session, learner.id, course.id)):
        raise GrantNotNeededError()
    session.add(FinalGrant(user_id=learner.id, course_id=course.id, granted_by_id=actor.id))
    record_audit(
        session,
        "final.attempt_granted",
        actor=actor,
        subject=learner,
        judiciary_id=learner.judiciary_id,
        course=course.id,
    )
