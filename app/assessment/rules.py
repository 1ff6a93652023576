"""The final-assessment rules as plain functions: who may start, until when answers
count, and when the key may be shown. Operations enforce them; pages ask them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.assessment.models import FinalAttempt
from app.content.model import FinalAssessment

GRACE = timedelta(seconds=30)  # a submit in flight at the time limit still counts


@dataclass(frozen=True)
class History:
    """A learner's attempts (by number) and the extra attempts granted to them."""

    attempts: Sequence[FinalAttempt]
    grants: int = 0

    @property
    def open(self) -> FinalAttempt | None:
        return next((a for a in self.attempts if a.is_open), None)

    @property
    def has_passed(self) -> bool:
        return any(a.is_passed for a in self.attempts)

    @property
    def seen(self) -> set[str]:
        """Question ids drawn in earlier attempts (a new draw prefers the others)."""
        return {question_id for a in self.attempts for question_id in a.question_ids}


def allowed(final: FinalAssessment, history: History) -> int:
    """Attempts allowed: the course's number plus the ones granted."""
    return final.attempts + history.grants


def attempts_left(final: FinalAssessment, history: History) -> int:
    """Attempts the learner may still start (the open one counts as used)."""
    return max(0, allowed(final, history) - len(history.attempts))


def ended_at(attempt: FinalAttempt) -> datetime | None:
    """When an attempt ended: its submit, or for one left open, its limit and grace
    (however much later it was closed)."""
    if attempt.closed_at is None:
        return None
    if attempt.closed_by == "time" and attempt.deadline_at is not None:
        return min(attempt.closed_at, attempt.deadline_at + GRACE)
    return attempt.closed_at


def next_start_at(final: FinalAssessment, history: History) -> datetime | None:
    """When the waiting period after the last graded attempt ends (None: no wait)."""
    ends = [end for a in history.attempts if (end := ended_at(a)) is not None]
    if not final.wait_minutes or not ends:
        return None
    return max(ends) + timedelta(minutes=final.wait_minutes)


def may_grant(final: FinalAssessment, history: History) -> bool:
    """One more attempt can be granted to a learner who has not passed and has none left."""
    return may_grant_counts(final, len(history.attempts), history.grants, history.has_passed)


def may_grant_counts(final: FinalAssessment, used: int, grants: int, has_passed: bool) -> bool:
    """The same rule from the counts a staff page reads for many learners at once."""
    return not has_passed and used >= final.attempts + grants


def deadline(final: FinalAssessment, started_at: datetime) -> datetime | None:
    """The time limit of an attempt started then (None: untimed)."""
    if final.time_limit_minutes is None:
        return None
    return started_at + timedelta(minutes=final.time_limit_minutes)


def accepts(attempt: FinalAttempt, now: datetime) -> bool:
    """Answers and a submit count up to the time limit plus the grace."""
    return attempt.is_open and (attempt.deadline_at is None or now <= attempt.deadline_at + GRACE)


def is_expired(attempt: FinalAttempt, now: datetime) -> bool:
    """Open, but past its limit and the grace: to be closed from its saved answers."""
    return attempt.is_open and attempt.deadline_at is not None and now > attempt.deadline_at + GRACE


def is_passing(final: FinalAssessment, score: float) -> bool:
    """A pass at the course's pass mark (rounding noise aside)."""
    return round(score, 6) >= final.pass_mark


def reveals_key(final: FinalAssessment, history: History) -> bool:
    """Correct options and feedback are shown once the learner has passed or used every
    attempt, and never while an attempt is open."""
    if history.open is not None:
        return False
    return history.has_passed or attempts_left(final, history) == 0


def shows_details(history: History) -> bool:
    """Per-question results of past attempts stay hidden while an attempt is open:
    a right answer would tell the key of a question drawn again."""
    return history.open is None
