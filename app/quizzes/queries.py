"""Reads for the self-test pages: a learner's attempts and score summaries."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.quizzes.models import QuizAttempt

HISTORY = 10  # attempts listed on a self-test's page


def open_attempt(
    session: Session, user_id: int, course_id: str, quiz_id: str
) -> QuizAttempt | None:
    """The attempt the learner started and has not submitted yet (at most one)."""
    query = select(QuizAttempt).where(
        QuizAttempt.user_id == user_id,
        QuizAttempt.course_id == course_id,
        QuizAttempt.quiz_id == quiz_id,
        QuizAttempt.submitted_at.is_(None),
    )
    return session.scalar(query.execution_options(populate_existing=True))


def attempt_of(session: Session, user_id: int, attempt_id: int) -> QuizAttempt | None:
    """One of this learner's attempts; another learner's attempt does not exist for them."""
    query = select(QuizAttempt).where(QuizAttempt.id == attempt_id, QuizAttempt.user_id == user_id)
    return session.scalar(query.execution_options(populate_existing=True))


def submitted_attempts(
    session: Session, user_id: int, course_id: str, quiz_id: str, limit: int = HISTORY
) -> list[QuizAttempt]:
    """The learner's latest submitted attempts at a quiz, newest first."""
    query = (
        select(QuizAttempt)
        .where(
            QuizAttempt.user_id == user_id,
            QuizAttempt.course_id == course_id,
            QuizAttempt.quiz_id == quiz_id,
            QuizAttempt.submitted_at.is_not(None),
        )
        .order_by(QuizAttempt.submitted_at.desc(), QuizAttempt.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def all_attempts(session: Session, user_id: int) -> list[QuizAttempt]:
    """Every attempt of a learner, for their data export."""
    query = select(QuizAttempt).where(QuizAttempt.user_id == user_id).order_by(QuizAttempt.id)
    return list(session.scalars(query))


def export_self_tests(session: Session, user_id: int) -> list[dict]:
    """Every self-test attempt of a learner, with answers and scores, for their data export."""
    return [
        {
            "course": a.course_id,
            "edition": a.edition,
            "self_test": a.quiz_id,
            "started_at": _iso(a.started_at),
            "submitted_at": _iso(a.submitted_at),
            "answers": a.answers,
            "scores": a.scores,
            "score": a.score,
            "pass_mark": a.pass_mark,
            "passed": a.is_passed,
        }
        for a in all_attempts(session, user_id)
    ]


def _iso(value) -> str | None:
    return value.isoformat() + "Z" if value is not None else None
