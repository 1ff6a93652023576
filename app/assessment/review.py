"""An attempt as its pages show it: the questions it drew, in its order, and after
grading, per question right or wrong, what to revisit, and (when the rules allow)
the key."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from app.assessment.models import FinalAttempt
from app.content.display import ShownQuestion, show
from app.content.model import Course, Module, Question
from app.content.questions import restore
from app.quizzes.review import ReviewItem, revisit

_RESTORED: dict[tuple, tuple[Question, ...]] = {}
_RESTORED_LIMIT = 4096  # attempts kept restored in this process


def questions_of(attempt: FinalAttempt) -> tuple[Question, ...]:
    """The attempt's questions as they were drawn (the snapshot, never the content).

    A snapshot never changes once drawn, so each process keeps it restored, and a save
    or a page of the attempt neither reads nor parses it again.
    """
    key = (attempt.id, attempt.seed, attempt.started_at)
    found = _RESTORED.get(key)
    if found is None:
        if len(_RESTORED) >= _RESTORED_LIMIT:
            _RESTORED.clear()
        found = tuple(restore(data) for data in attempt.questions)
        _RESTORED[key] = found
    return found


def shown_questions(attempt: FinalAttempt) -> list[ShownQuestion]:
    """Numbered, lettered in the attempt's order (the snapshot is stored in it)."""
    return [show(q, number=n) for n, q in enumerate(questions_of(attempt), start=1)]


def by_position(attempt: FinalAttempt) -> dict[str, ShownQuestion]:
    """The attempt's questions by their place ("1", "2"...): the page names them so, never
    by id (an author's id could hint at the key)."""
    return {str(item.number): item for item in shown_questions(attempt)}


def answers_from_letters(
    attempt: FinalAttempt, letters: Mapping[str, Sequence[str]]
) -> dict[str, list[str]]:
    """Question id -> option ids, from the letters a form posted by question position
    (positions of the attempt only: the caller refuses others)."""
    shown = by_position(attempt)
    return {
        shown[place].id: list(shown[place].ids_of(chosen))
        for place, chosen in letters.items()
        if place in shown
    }


def answers_as_shown(attempt: FinalAttempt, saved: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Saved option ids -> the letters the learner saw, by question position."""
    return {
        place: list(item.letters_of(saved[item.id]))
        for place, item in by_position(attempt).items()
        if item.id in saved
    }


def review(
    course: Course, attempt: FinalAttempt, saved: Mapping[str, list[str]]
) -> list[ReviewItem]:
    """One item per question of a graded attempt, in its order (no feedback: the key and
    its feedback are shown apart, when the rules allow)."""
    scores = attempt.scores or {}
    return [
        ReviewItem(
            shown=item,
            chosen=item.shown(saved.get(item.id, ())),
            score=float(scores.get(item.id, 0.0)),
            feedback=(),
            revisit=revisit(_module_of_value(course, item.question.value), item.question),
        )
        for item in shown_questions(attempt)
    ]


def _module_of_value(course: Course, value: int | None) -> Module | None:
    return next((m for m in course.modules if value is not None and m.value == value), None)
