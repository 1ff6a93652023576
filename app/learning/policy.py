"""The learner rules, in one place: enrolment, unlocking and completion.

Operations enforce these rules (an operation asked to record an answer in a locked
lesson refuses, whoever calls it); views only ask, and turn the domain errors into
responses. The rules, as the README states them:

- a lesson is complete when its end was reached and every scenario and check in it
  answered;
- a module is complete when its lessons are complete and its self-test has been
  passed once at the quiz's pass mark;
- the course is complete when every module is;
- a completion once recorded is never taken back by a later content change; what is
  not yet complete is measured against the current content.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import cached_property

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.content.model import Block, Course, Lesson, Module, Quiz
from app.content.outputs import Output, lesson_view, walk
from app.domain import DomainError, NotFoundError
from app.learning.models import Enrolment, LessonProgress, ModuleCompletion
from app.quizzes.models import QuizScore

INTERACTIVE = ("scenario", "check")


class LearningError(DomainError):
    """A rule of the course refused the request."""


class NotEnrolledError(LearningError):
    status = 403

    def __init__(self) -> None:
        super().__init__(_l("Enrol in the course first."))


class LockedError(LearningError):
    status = 403

    def __init__(self) -> None:
        super().__init__(_l("This module opens when you have completed the modules before it."))


# --- the rules, as plain functions of plain data ---------------------------------------


def interactive_blocks(lesson: Lesson) -> list[Block]:
    """The scenarios and checks a learner answers on this lesson's web page."""
    return [
        node
        for node in walk(lesson_view(lesson, Output.WEB_LEARNER).body)
        if isinstance(node, Block) and node.kind in INTERACTIVE and node.id
    ]


def lesson_is_done(lesson: Lesson, has_reached_end: bool, answered: Collection[str]) -> bool:
    """A lesson's requirements, against its current content: end reached, all answered."""
    return has_reached_end and all(b.id in answered for b in interactive_blocks(lesson))


def is_passing(quiz: Quiz, score: float) -> bool:
    """A self-test attempt passes at the quiz's own pass mark (rounding noise aside)."""
    return round(score, 6) >= quiz.pass_mark


def self_test_is_passed(module: Module, scores: Mapping[str, QuizScore]) -> bool:
    """A module without a self-test has nothing to pass."""
    if module.quiz is None:
        return True
    score = scores.get(module.quiz.id)
    return score is not None and score.is_passed


# --- one learner's standing, read lazily (each table at most once) ---------------------


class Standing:
    """What the rules need to know about one learner in one course."""

    def __init__(self, session: Session, user_id: int, course: Course) -> None:
        self.session = session
        self.user_id = user_id
        self.course = course

    def _mine(self, model: type) -> Select:
        """This learner's rows, fresh from the database (writes in this session included)."""
        query = select(model).where(
            model.user_id == self.user_id, model.course_id == self.course.id
        )
        return query.execution_options(populate_existing=True)

    @cached_property
    def enrolment(self) -> Enrolment | None:
        return self.session.scalar(self._mine(Enrolment))

    @cached_property
    def lessons(self) -> dict[str, LessonProgress]:
        """Progress rows by lesson id."""
        return {row.lesson_id: row for row in self.session.scalars(self._mine(LessonProgress))}

    @cached_property
    def completed_modules(self) -> frozenset[str]:
        return frozenset(
            row.module_id for row in self.session.scalars(self._mine(ModuleCompletion))
        )

    @cached_property
    def self_tests(self) -> dict[str, QuizScore]:
        """Score summaries by quiz id."""
        return {row.quiz_id: row for row in self.session.scalars(self._mine(QuizScore))}


def is_enrolled(standing: Standing) -> bool:
    """Whether the learner has enrolled in the course (in any edition)."""
    return standing.enrolment is not None


def is_lesson_complete(standing: Standing, lesson: Lesson) -> bool:
    """Recorded complete: the rule held when the learner last acted in the lesson."""
    row = standing.lessons.get(lesson.id)
    return row is not None and row.completed_at is not None


def lessons_done(standing: Standing, module: Module) -> int:
    """How many of the module's current lessons are complete."""
    return sum(is_lesson_complete(standing, lesson) for lesson in module.lessons)


def is_module_complete(standing: Standing, module: Module) -> bool:
    """Recorded once, or its lessons complete and its self-test passed."""
    if module.id in standing.completed_modules:
        return True
    return lessons_done(standing, module) == len(module.lessons) and self_test_is_passed(
        module, standing.self_tests
    )


def is_course_complete(standing: Standing) -> bool:
    """Recorded once on the enrolment, or every module complete."""
    enrolment = standing.enrolment
    if enrolment is None:
        return False
    if enrolment.completed_at is not None:
        return True
    return all(is_module_complete(standing, module) for module in standing.course.modules)


def is_module_open(standing: Standing, module: Module) -> bool:
    """Sequential gating: a module opens when every module before it is complete."""
    if not standing.course.is_sequential:
        return True
    before = standing.course.modules[: standing.course.modules.index(module)]
    return all(is_module_complete(standing, m) for m in before)


def module_of(course: Course, lesson: Lesson) -> Module:
    """The module a lesson belongs to (NotFoundError for a lesson of no module)."""
    found = next((m for m in course.modules if any(ls.id == lesson.id for ls in m.lessons)), None)
    if found is None:
        raise NotFoundError(_l("There is no such lesson in this course."))
    return found


def require_enrolment(standing: Standing) -> Enrolment:
    """The learner's enrolment, or NotEnrolledError."""
    if standing.enrolment is None:
        raise NotEnrolledError()
    return standing.enrolment


def require_module_open(standing: Standing, module: Module) -> None:
    """The learner may work in this module now: enrolled, and the module unlocked."""
    require_enrolment(standing)
    if not is_module_open(standing, module):
        raise LockedError()


def require_lesson_open(standing: Standing, lesson: Lesson) -> Module:
    """The learner may work in this lesson now; returns its module."""
    module = module_of(standing.course, lesson)
    require_module_open(standing, module)
    return module


# --- what the pages show --------------------------------------------------------------


class ModuleProgress:
    """A module as the pages show it; each figure is read only if a page asks for it
    (the lesson outline needs lesson counts, not self-test scores)."""

    def __init__(self, standing: Standing, module: Module) -> None:
        self.standing = standing
        self.module = module
        self.total = len(module.lessons)

    @cached_property
    def done(self) -> int:
        return lessons_done(self.standing, self.module)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @cached_property
    def is_locked(self) -> bool:
        return not is_module_open(self.standing, self.module)

    @cached_property
    def is_complete(self) -> bool:
        return is_module_complete(self.standing, self.module)

    @cached_property
    def self_test(self) -> QuizScore | None:
        """The learner's scores on the module's self-test; None if not taken (or none)."""
        quiz = self.module.quiz
        return self.standing.self_tests.get(quiz.id) if quiz else None


def module_progress(standing: Standing, module: Module) -> ModuleProgress:
    """One module as the pages show it."""
    return ModuleProgress(standing, module)


def course_progress(standing: Standing) -> list[ModuleProgress]:
    """Every module of the course as the pages show it."""
    return [module_progress(standing, module) for module in standing.course.modules]
