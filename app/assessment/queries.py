"""Reads for the final assessment: a learner's attempts, grants and saved answers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.assessment import rules
from app.assessment.models import OPEN, FinalAnswer, FinalAttempt, FinalGrant
from app.assessment.rules import GRACE, History
from app.content.model import Course


def history(session: Session, user_id: int, course_id: str) -> History:
    """Every attempt of the learner at the course's final (by number) and their grants."""
    attempts = session.scalars(
        select(FinalAttempt)
        .where(FinalAttempt.user_id == user_id, FinalAttempt.course_id == course_id)
        .order_by(FinalAttempt.number)
        .execution_options(populate_existing=True)
    )
    grants = session.scalar(
        select(func.count())
        .select_from(FinalGrant)
        .where(FinalGrant.user_id == user_id, FinalGrant.course_id == course_id)
    )
    return History(tuple(attempts), grants or 0)


def open_attempt(session: Session, user_id: int, course_id: str) -> FinalAttempt | None:
    """The learner's open attempt, if any (at most one)."""
    query = select(FinalAttempt).where(
        FinalAttempt.user_id == user_id,
        FinalAttempt.course_id == course_id,
        FinalAttempt.status == OPEN,
    )
    return session.scalar(query.execution_options(populate_existing=True))


def attempt_of(session: Session, user_id: int, attempt_id: int) -> FinalAttempt | None:
    """One of this learner's attempts; another learner's does not exist for them."""
    query = select(FinalAttempt).where(
        FinalAttempt.id == attempt_id, FinalAttempt.user_id == user_id
    )
    return session.scalar(query.execution_options(populate_existing=True))


def saved_answers(session: Session, attempt_id: int) -> dict[str, list[str]]:
    """Question id -> the option ids saved for it."""
    rows = session.execute(
        select(FinalAnswer.question_id, FinalAnswer.answer).where(
            FinalAnswer.attempt_id == attempt_id
        )
    )
    return {question_id: list(answer) for question_id, answer in rows}


def expired_attempts(
    session: Session, now: datetime, course_id: str, user_id: int | None = None
) -> list[FinalAttempt]:
    """Open attempts past their time limit and the grace (all learners, or one)."""
    query = select(FinalAttempt).where(
        FinalAttempt.status == OPEN,
        FinalAttempt.course_id == course_id,
        FinalAttempt.deadline_at.is_not(None),
        FinalAttempt.deadline_at < now - GRACE,
    )
    if user_id is not None:
        query = query.where(FinalAttempt.user_id == user_id)
    return list(session.scalars(query))


def export_final_attempts(session: Session, user_id: int) -> list[dict]:
    """A learner's attempts for their data export: times, score, answers by letter (by
    question position, as the page showed them)."""
    from app.assessment.review import answers_as_shown  # review reads these queries

    attempts = list(
        session.scalars(
            select(FinalAttempt).where(FinalAttempt.user_id == user_id).order_by(FinalAttempt.id)
        )
    )
    is_any_open = any(a.is_open for a in attempts)
    return [
        {
            "course": a.course_id,
            "edition": a.edition,
            "attempt": a.number,
            "status": a.status,
            "started_at": _iso(a.started_at),
            "closed_at": _iso(a.closed_at),
            "ended_by": a.closed_by,
            "score": a.score,
            "pass_mark": a.pass_mark,
            "passed": a.is_passed,
            # While an attempt is open, earlier answers stay out, as on the pages: with
            # their scores they would tell the key of a question drawn again.
            "answers": answers_as_shown(a, saved_answers(session, a.id))
            if a.is_open or not is_any_open
            else None,
        }
        for a in attempts
    ]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() + "Z" if value is not None else None


def summaries(session: Session, course: Course, user_ids: list[int]) -> dict[int, dict]:
    """Per learner: attempts used and allowed, passed or not (for staff pages)."""
    used = dict(
        session.execute(
            select(FinalAttempt.user_id, func.count())
            .where(FinalAttempt.course_id == course.id, FinalAttempt.user_id.in_(user_ids))
            .group_by(FinalAttempt.user_id)
        ).all()
    )
    passed = set(
        session.scalars(
            select(FinalAttempt.user_id).where(
                FinalAttempt.course_id == course.id,
                FinalAttempt.user_id.in_(user_ids),
                FinalAttempt.is_passed.is_(True),
            )
        )
    )
    grants = dict(
        session.execute(
            select(FinalGrant.user_id, func.count())
            .where(FinalGrant.course_id == course.id, FinalGrant.user_id.in_(user_ids))
            .group_by(FinalGrant.user_id)
        ).all()
    )
    return {
        user_id: {
            "used": used.get(user_id, 0),
            "allowed": course.final.attempts + grants.get(user_id, 0),
            "passed": user_id in passed,
            "may_grant": rules.may_grant_counts(
                course.final, used.get(user_id, 0), grants.get(user_id, 0), user_id in passed
            ),
        }
        for user_id in user_ids
    }
