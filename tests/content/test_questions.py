"""Question types grade answers purely, from option ids."""

from __future__ import annotations

import pytest

from app.content.loader import load_course
from app.content.questions import QUESTION_TYPES, InvalidAnswer, grade
from tests.content.conftest import FIXTURE


@pytest.fixture(scope="module")
def questions():
    course = load_course(FIXTURE)
    found = {q.id: q for q in course.modules[0].quiz.questions}
    found.update({q.id: q for q in course.final.questions})
    for lesson in course.modules[0].lessons:
        for node in lesson.body:
            if getattr(node, "data", None) is not None and hasattr(node.data, "options"):
                found[node.id] = node.data
    return found


def test_the_registry_knows_four_types():
    assert set(QUESTION_TYPES) == {"single", "multiple", "true-false", "scenario"}


def test_single_choice(questions):
    q = questions["first-check"]
    assert grade(q, ["a"]).score == 1.0 and grade(q, ["a"]).is_correct
    wrong = grade(q, ["b"])
    assert wrong.score == 0.0 and not wrong.is_correct
    assert wrong.feedback[0][0] == "b" and "No" in wrong.feedback[0][1]


def test_multiple_response_with_partial_credit(questions):
    q = questions["quiz-multi"]
    assert grade(q, ["a", "b"]).score == 1.0
    assert grade(q, ["a"]).score == 0.5
    assert grade(q, ["a", "c"]).score == 0.0
    assert grade(q, ["a", "b", "c"]).score == 0.5
    assert len(grade(q, ["a", "b", "c"]).feedback) == 3


def test_multiple_response_without_partial_credit(questions):
    from dataclasses import replace

    q = replace(questions["quiz-multi"], has_partial_credit=False)
    assert grade(q, ["a"]).score == 0.0
    assert grade(q, ["b", "a"]).score == 1.0


def test_true_false(questions):
    q = questions["fb-two"]
    assert grade(q, ["true"]).is_correct
    assert not grade(q, ["false"]).is_correct


def test_scenario_choice_credits_best_and_acceptable(questions):
    q = questions["quiz-scenario"]
    assert grade(q, ["c"]).score == 1.0
    assert grade(q, ["b"]).score == 0.5
    assert grade(q, ["a"]).score == 0.0


@pytest.mark.parametrize("answer", [[], ["z"], ["a", "b"], ["a", "zz"]])
def test_invalid_answers_are_refused(questions, answer):
    with pytest.raises(InvalidAnswer):
        grade(questions["first-check"], answer)


def test_multiple_refuses_unknown_options(questions):
    with pytest.raises(InvalidAnswer):
        grade(questions["quiz-multi"], ["a", "nope"])
