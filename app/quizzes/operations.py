"""Everything that changes self-test records. Functions flush, never commit."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, update
from sqlalchemy.orm import Session

from app.clock import utcnow
from app.content.model import Course, Module, Quiz
from app.content.questions import Grade, InvalidAnswer, grade, question_type
from app.domain import NotFoundError
from app.learning import operations as learning_ops
from app.learning import policy
from app.learning.policy import LearningError
from app.learning.upsert import insert_ignore
from app.quizzes import queries, review
from app.quizzes.errors import (
    AlreadySubmittedError,
    InvalidSubmission,
    SelfTestChangedError,
    invalid_fields,
)
from app.quizzes.models import OPEN, QuizAttempt, QuizScore

SEED_RANGE = 2**31  # fits an integer column on every database


def self_test_of(course: Course, module_id: str) -> tuple[Module, Quiz]:
    """A module and its self-test, or NotFoundError."""
    module = course.module(module_id)
    if module is None or module.quiz is None:
        raise NotFoundError(_l("This module has no self-test."))
    return module, module.quiz


def own_attempt(session: Session, user_id: int, attempt_id: int) -> QuizAttempt:
    """One of the learner's attempts; another learner's attempt does not exist for them."""
    attempt = queries.attempt_of(session, user_id, attempt_id)
    if attempt is None:
        raise NotFoundError(_l("There is no such self-test attempt among yours."))
    return attempt


def start_self_test(session: Session, user_id: int, course: Course, module: Module) -> QuizAttempt:
    """Open an attempt with a fresh seed, or return the one already open (a doubled start)."""
    policy.require_module_open(policy.Standing(session, user_id, course), module)
    _module, quiz = self_test_of(course, module.id)
    values = {
        "user_id": user_id,
        "course_id": course.id,
        "edition": course.edition,
        "module_id": module.id,
        "quiz_id": quiz.id,
        "seed": secrets.randbelow(SEED_RANGE),
        "started_at": utcnow(),
    }
    insert_ignore(
        session, QuizAttempt.__table__, values, ["user_id", "course_id", "quiz_id"], where=OPEN
    )
    attempt = queries.open_attempt(session, user_id, course.id, quiz.id)
    assert attempt is not None  # inserted now, or open already
    return attempt


def grade_submission(quiz: Quiz, answers: Mapping[str, Sequence[str]]) -> dict[str, Grade]:
    """Grade every question of the self-test, or refuse the whole submission with reasons."""
    if set(answers) - {q.id for q in quiz.questions}:
        raise InvalidSubmission(invalid_fields())
    if not any(answers.values()):
        raise InvalidSubmission(_l("Answer the questions, then submit."))
    grades: dict[str, Grade] = {}
    problems: dict[str, object] = {}
    for question in quiz.questions:
        chosen = answers.get(question.id) or []
        if not chosen:
            problems[question.id] = _l("Answer this question.")
            continue
        try:
            grades[question.id] = grade(question, chosen)
        except InvalidAnswer:
            problems[question.id] = (
                _l("Choose one of the options shown.")
                if question_type(question).is_single_answer
                else _l("Choose among the options shown.")
            )
    if problems:
        raise InvalidSubmission(
            _l("Some answers are missing or not valid: see the questions marked below."), problems
        )
    return grades


def submit_self_test(
    session: Session,
    user_id: int,
    course: Course,
    attempt_id: int,
    letters: Mapping[str, Sequence[str]],
    client_key: str,
) -> QuizAttempt:
    """Grade an open attempt on the server and record it; the first submission wins.

    `letters` are the learner's choices as the page showed them (question id -> the
    letters of the chosen options), read back through the attempt's own order.
    """
    attempt = own_attempt(session, user_id, attempt_id)
    module, quiz = self_test_of(course, attempt.module_id)
    policy.require_module_open(policy.Standing(session, user_id, course), module)
    if attempt.is_submitted:
        same = bool(client_key.strip()) and attempt.submit_key == _submit_key(user_id, client_key)
        raise AlreadySubmittedError(attempt.id, same)
    if quiz.id != attempt.quiz_id:
        raise SelfTestChangedError()
    key = _submit_key(user_id, client_key)
    grades = grade_submission(quiz, review.answers_from_letters(module, attempt, letters))
    score = sum(g.score for g in grades.values()) / len(quiz.questions)
    is_passed = policy.is_passing(quiz, score)
    now = utcnow()
    _record_submission(session, attempt, key, grades, score, quiz, now)
    _record_score(session, user_id, course, quiz, score, is_passed, now)
    if is_passed:
        learning_ops.record_completions(session, user_id, course, module)
    return attempt


def _record_submission(
    session: Session,
    attempt: QuizAttempt,
    key: str,
    grades: Mapping[str, Grade],
    score: float,
    quiz: Quiz,
    now: datetime,
) -> None:
    """A conditional update: only the first submission of an open attempt is recorded."""
    recorded = session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.submitted_at.is_(None))
        .values(
            submitted_at=now,
            submit_key=key,
            answers={qid: list(g.chosen) for qid, g in grades.items()},
            scores={qid: g.score for qid, g in grades.items()},
            score=score,
            pass_mark=quiz.pass_mark,
            is_passed=policy.is_passing(quiz, score),
        )
        .execution_options(synchronize_session="fetch")
    )
    if not recorded.rowcount:
        raise AlreadySubmittedError(attempt.id, False)  # another request submitted it first


def _submit_key(user_id: int, client_key: str) -> str:
    """The form's idempotency key, as progress events keep theirs; a form needs one."""
    try:
        return learning_ops.event_key(user_id, client_key)
    except LearningError as error:
        raise InvalidSubmission(error.message) from error


def _record_score(
    session: Session,
    user_id: int,
    course: Course,
    quiz: Quiz,
    score: float,
    is_passed: bool,
    now: datetime,
) -> None:
    """Best and latest score, attempts, and the first pass, in one summary row."""
    keys = {"user_id": user_id, "course_id": course.id, "quiz_id": quiz.id}
    insert_ignore(
        session,
        QuizScore.__table__,
        {**keys, "attempts": 0, "best_score": 0.0, "latest_score": 0.0, "latest_at": now},
        list(keys),
    )
    values = {
        "attempts": QuizScore.attempts + 1,
        "best_score": case((QuizScore.best_score < score, score), else_=QuizScore.best_score),
        "latest_score": score,
        "latest_at": now,
    }
    if is_passed:
        values["passed_at"] = func.coalesce(QuizScore.passed_at, now)
    where = [getattr(QuizScore, k) == v for k, v in keys.items()]
    session.execute(
        update(QuizScore)
        .where(*where)
        .values(**values)
        .execution_options(synchronize_session="fetch")
    )
