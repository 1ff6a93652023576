"""The learner rules (app/learning/policy.py), through the operations that enforce them."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.content.loader import load_course
from app.learning import operations as ops
from app.learning import policy
from app.learning.models import (
    BlockResponse,
    Enrolment,
    LessonProgress,
    ModuleCompletion,
    ProgressEvent,
    ReflectionNote,
)
from app.quizzes import operations as quiz_ops
from app.quizzes.models import QuizAttempt
from tests.conftest import as_letters
from tests.content.conftest import copy_course, edit

RIGHT = {"first-scenario": ["b"], "first-check": ["a"]}
PASSING = {"quiz-multi": ["a", "b"], "quiz-scenario": ["c"]}  # 100%
FAILING = {"quiz-multi": ["c"], "quiz-scenario": ["a"]}  # 0%
NEW_SCENARIO = """
::: scenario id=added-scenario title="Added later"
question: What now?
choices:
  - id: a
    text: Go on.
    quality: poor
    cites: ["1.3"]
    feedback: No, [[1.3]].
  - id: b
    text: Stop.
    quality: best
    cites: ["1.3"]
    feedback: Yes, [[1.3]].
:::

::: reflection id=first-reflection"""


@pytest.fixture
def fixture_course(tmp_path):
    return load_course(copy_course(tmp_path / "course"))


@pytest.fixture
def two_modules(tmp_path) -> Path:
    """The fixture course with a second module, without a self-test."""
    root = copy_course(tmp_path / "two")
    more = root / "modules" / "02-more"
    more.mkdir()
    (more / "module.yml").write_text("id: more\ntitle: More\nlessons:\n  - 01-more.md\n")
    (more / "01-more.md").write_text("---\nid: more-lesson\ntitle: More\n---\nMore text.\n")
    edit(root / "course.yml", "  - 01-basics\n", "  - 01-basics\n  - 02-more\n")
    return root


@pytest.fixture
def learner(db_session, make_user, fixture_course):
    user = make_user()
    ops.enrol(db_session, user.id, fixture_course)
    return user


def count(session, model, **where) -> int:
    query = select(func.count()).select_from(model)
    for key, value in where.items():
        query = query.where(getattr(model, key) == value)
    return session.scalar(query)


def finish_lesson(session, user, course, lesson_id, answers=RIGHT, key="") -> None:
    lesson = course.lesson(lesson_id)
    for block in policy.interactive_blocks(lesson):
        ops.answer_block(
            session, user.id, course, lesson, block, answers[block.id], f"{key}{block.id}"
        )
    ops.record_event(session, user.id, course, lesson, "reached_end", f"{key}end-{lesson_id}")


def take_self_test(session, user, course, module_id, answers) -> QuizAttempt:
    module = course.module(module_id)
    attempt = quiz_ops.start_self_test(session, user.id, course, module)
    letters = as_letters(module.quiz, attempt.seed, answers)
    return quiz_ops.submit_self_test(
        session, user.id, course, attempt.id, letters, f"k{attempt.id}"
    )


def standing(session, user, course) -> policy.Standing:
    return policy.Standing(session, user.id, course)


def test_a_module_completes_when_its_lessons_are_complete_and_its_self_test_passed(
    db_session, learner, fixture_course
):
    course = fixture_course
    module = course.module("basics")
    for lesson_id in ("first-lesson", "second-lesson"):
        finish_lesson(db_session, learner, course, lesson_id)
    assert policy.lessons_done(standing(db_session, learner, course), module) == 2
    assert not policy.is_module_complete(standing(db_session, learner, course), module)
    assert count(db_session, ModuleCompletion, user_id=learner.id) == 0

    failed = take_self_test(db_session, learner, course, "basics", FAILING)
    assert failed.is_passed is False
    assert not policy.is_module_complete(standing(db_session, learner, course), module)

    take_self_test(db_session, learner, course, "basics", PASSING)
    assert policy.is_module_complete(standing(db_session, learner, course), module)
    assert count(db_session, ModuleCompletion, user_id=learner.id, module_id="basics") == 1
    enrolment = db_session.scalar(select(Enrolment).where(Enrolment.user_id == learner.id))
    assert enrolment.completed_at is not None, "the course has one module: now complete"


def test_a_self_test_passed_before_the_lessons_completes_the_module_with_the_last_lesson(
    db_session, learner, fixture_course
):
    course = fixture_course
    take_self_test(db_session, learner, course, "basics", PASSING)
    finish_lesson(db_session, learner, course, "first-lesson")
    assert count(db_session, ModuleCompletion, user_id=learner.id) == 0, "a lesson is left"
    finish_lesson(db_session, learner, course, "second-lesson")
    assert count(db_session, ModuleCompletion, user_id=learner.id) == 1


@pytest.mark.parametrize(
    ("pass_mark", "answers", "passed"),
    [
        ("0.7", {"quiz-multi": ["a"], "quiz-scenario": ["c"]}, True),  # 0.5 and 1: 75%
        ("0.8", {"quiz-multi": ["a"], "quiz-scenario": ["c"]}, False),  # 75% < 80%
        ("0.7", {"quiz-multi": ["a"], "quiz-scenario": ["b"]}, False),  # 0.5 and 0.5: 50%
        ("0.5", {"quiz-multi": ["a"], "quiz-scenario": ["b"]}, True),  # exactly the mark
    ],
)
def test_the_self_test_is_passed_at_the_quizs_own_pass_mark(
    db_session, make_user, tmp_path, pass_mark, answers, passed
):
    root = copy_course(tmp_path / "marked")
    edit(root / "modules/01-basics/quiz.yml", "pass_mark: 0.7", f"pass_mark: {pass_mark}")
    course = load_course(root)
    user = make_user()
    ops.enrol(db_session, user.id, course)
    attempt = take_self_test(db_session, user, course, "basics", answers)
    assert attempt.is_passed is passed
    assert (
        policy.self_test_is_passed(
            course.module("basics"), standing(db_session, user, course).self_tests
        )
        is passed
    )


def test_the_course_is_complete_when_every_module_is(db_session, make_user, two_modules):
    course = load_course(two_modules)
    user = make_user()
    ops.enrol(db_session, user.id, course)
    finish_lesson(db_session, user, course, "more-lesson")
    assert count(db_session, ModuleCompletion, user_id=user.id, module_id="more") == 1
    assert not policy.is_course_complete(standing(db_session, user, course))
    for lesson_id in ("first-lesson", "second-lesson"):
        finish_lesson(db_session, user, course, lesson_id)
    take_self_test(db_session, user, course, "basics", PASSING)
    assert policy.is_course_complete(standing(db_session, user, course))
    enrolment = db_session.scalar(select(Enrolment).where(Enrolment.user_id == user.id))
    assert enrolment.completed_at is not None


def test_an_operation_refuses_a_locked_lesson_whoever_calls_it(db_session, make_user, two_modules):
    edit(two_modules / "course.yml", "sequential: false", "sequential: true")
    course = load_course(two_modules)
    user = make_user()
    ops.enrol(db_session, user.id, course)
    locked = course.lesson("more-lesson")
    with pytest.raises(policy.LockedError):
        ops.record_event(db_session, user.id, course, locked, "viewed", "v1")
    with pytest.raises(policy.LockedError):
        ops.record_event(db_session, user.id, course, locked, "reached_end", "e1")
    assert count(db_session, ProgressEvent, user_id=user.id) == 0
    assert count(db_session, LessonProgress, user_id=user.id) == 0
    assert not policy.is_module_open(standing(db_session, user, course), course.module("more"))


def test_an_answer_a_reflection_or_a_self_test_in_a_locked_module_is_refused(
    db_session, make_user, tmp_path
):
    """The locked module here has a scenario, a reflection and a self-test of its own."""
    root = copy_course(tmp_path / "locked")
    second = root / "modules" / "00-first"
    second.mkdir()
    (second / "module.yml").write_text("id: first\ntitle: First\nlessons:\n  - 01-a.md\n")
    (second / "01-a.md").write_text("---\nid: opening\ntitle: Opening\n---\nText.\n")
    edit(root / "course.yml", "  - 01-basics\n", "  - 00-first\n  - 01-basics\n")
    edit(root / "course.yml", "sequential: false", "sequential: true")
    course = load_course(root)
    user = make_user()
    ops.enrol(db_session, user.id, course)
    lesson = course.lesson("first-lesson")
    scenario, _check = policy.interactive_blocks(lesson)
    reflection = next(b for b in lesson.body if getattr(b, "kind", "") == "reflection")
    with pytest.raises(policy.LockedError):
        ops.answer_block(db_session, user.id, course, lesson, scenario, ["b"], "a1")
    with pytest.raises(policy.LockedError):
        ops.save_reflection(db_session, user.id, course, lesson, reflection, "A note.", "r1")
    with pytest.raises(policy.LockedError):
        quiz_ops.start_self_test(db_session, user.id, course, course.module("basics"))
    for model in (BlockResponse, ReflectionNote, ProgressEvent, QuizAttempt):
        assert count(db_session, model, user_id=user.id) == 0, model.__name__
    finish_lesson(db_session, user, course, "opening")
    ops.answer_block(db_session, user.id, course, lesson, scenario, ["b"], "a2")
    assert count(db_session, BlockResponse, user_id=user.id) == 1, "open once the first is done"


def test_operations_refuse_a_learner_who_is_not_enrolled(db_session, make_user, fixture_course):
    user = make_user()
    lesson = fixture_course.lesson("first-lesson")
    scenario = policy.interactive_blocks(lesson)[0]
    with pytest.raises(policy.NotEnrolledError):
        ops.answer_block(db_session, user.id, fixture_course, lesson, scenario, ["b"], "n1")
    with pytest.raises(policy.NotEnrolledError):
        quiz_ops.start_self_test(db_session, user.id, fixture_course, fixture_course.modules[0])
    assert count(db_session, BlockResponse, user_id=user.id) == 0
    assert count(db_session, QuizAttempt, user_id=user.id) == 0


def test_a_scenario_added_to_a_completed_lesson_leaves_it_complete(
    db_session, make_user, fixture_course, tmp_path
):
    course = fixture_course
    done, halfway = make_user(), make_user()
    for user in (done, halfway):
        ops.enrol(db_session, user.id, course)
    for lesson_id in ("first-lesson", "second-lesson"):
        finish_lesson(db_session, done, course, lesson_id)
    take_self_test(db_session, done, course, "basics", PASSING)
    lesson = course.lesson("first-lesson")
    scenario, check = policy.interactive_blocks(lesson)
    ops.answer_block(db_session, halfway.id, course, lesson, scenario, ["b"], "h1")
    ops.record_event(db_session, halfway.id, course, lesson, "reached_end", "h2")

    root = copy_course(tmp_path / "second-edition")
    for name in ("01-first.md", "01-first.fr.md"):  # the French lesson keeps up
        edit(
            root / "modules/01-basics" / name, "\n::: reflection id=first-reflection", NEW_SCENARIO
        )
    changed = load_course(root)
    lesson = changed.lesson("first-lesson")
    assert len(policy.interactive_blocks(lesson)) == 3

    after = standing(db_session, done, changed)
    assert policy.is_lesson_complete(after, lesson), "a recorded completion stays"
    assert policy.is_module_complete(after, changed.module("basics"))
    assert policy.is_course_complete(after)
    ops.record_event(db_session, done.id, changed, lesson, "viewed", "d3")
    assert policy.is_lesson_complete(standing(db_session, done, changed), lesson)

    # What is not complete yet is measured against the current content.
    ops.answer_block(db_session, halfway.id, changed, lesson, check, ["a"], "h3")
    assert not policy.is_lesson_complete(standing(db_session, halfway, changed), lesson)
    added = policy.interactive_blocks(lesson)[2]
    assert added.id == "added-scenario"
    ops.answer_block(db_session, halfway.id, changed, lesson, added, ["b"], "h4")
    assert policy.is_lesson_complete(standing(db_session, halfway, changed), lesson)


def test_one_enrolment_per_course_across_editions(db_session, make_user, fixture_course, tmp_path):
    user = make_user()
    ops.enrol(db_session, user.id, fixture_course)
    root = copy_course(tmp_path / "next")
    edit(root / "course.yml", 'edition: "2026.1"', 'edition: "2027.1"')
    next_edition = load_course(root)
    ops.enrol(db_session, user.id, next_edition)
    rows = list(db_session.scalars(select(Enrolment).where(Enrolment.user_id == user.id)))
    assert [row.edition for row in rows] == ["2026.1"], "it records the edition they started"
    finish_lesson(db_session, user, next_edition, "second-lesson")
    assert policy.is_lesson_complete(
        standing(db_session, user, next_edition), next_edition.lesson("second-lesson")
    )
