"""The real course: it passes the checker, meets the exemplar's counts, and the app uses it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import create_app
from app.content.errors import ContentError
from app.content.loader import load_course
from app.content.outputs import Output, module_view
from app.content.render import render_lesson
from app.content.stats import course_stats
from tests.content.conftest import edit

COURSE = Path(__file__).resolve().parents[2] / "courses" / "bangalore_principles"


@pytest.fixture(scope="module")
def course():
    return load_course(COURSE)


def test_the_course_passes_the_checker(course):
    assert course.id == "bangalore-principles"
    assert course.edition


def test_the_exemplar_module_meets_its_counts(course):
    stats = {m.id: m for m in course_stats(course).modules}
    independence = stats["independence"]
    assert independence.value == 1
    assert 4 <= independence.lessons <= 5
    assert independence.scenarios >= 3
    assert independence.quiz_questions >= 8
    assert independence.has_reflection
    assert independence.has_session_plan and independence.trainer_minutes > 0
    assert independence.has_handout and independence.has_exercise
    assert independence.learner_words >= 2500
    assert independence.trainer_words >= 800


def test_every_exemplar_question_has_feedback_for_every_option(course):
    module = course.module("independence")
    for question in module.quiz.questions:
        assert all(option.feedback_html.strip() for option in question.options), question.id


def test_the_final_bank_covers_every_value(course):
    values = [q.value for q in course.final.questions]
    assert len(values) >= 40
    for value in range(1, 7):
        assert values.count(value) >= 5, f"value {value} has {values.count(value)} questions"
    assert course.final.draw == 20 and course.final.stratify_by == "value"
    for question in course.final.questions:
        assert all("principle-cite" in o.feedback_html for o in question.options), question.id


def test_the_course_meets_its_minimums(course):
    stats = course_stats(course)
    assert len(stats.modules) == 8
    value_modules = [m for m in stats.modules if m.value]
    assert sorted(m.value for m in value_modules) == [1, 2, 3, 4, 5, 6]
    for module in value_modules:
        assert module.lessons >= 3, module.id
        assert module.scenarios >= 3, module.id
        assert module.quiz_questions >= 8, module.id
        assert module.has_session_plan and module.has_handout, module.id
        assert module.has_reflection and module.has_exercise, module.id
    for module in (stats.modules[0], stats.modules[-1]):
        assert module.value is None and module.lessons >= 1
        assert module.scenarios >= 1 and module.quiz_questions >= 3, module.id
    assert stats.learner_words >= 22_000


def test_glossary_and_further_reading(course):
    assert len(course.glossary) >= 30
    assert all(term.definition_html for term in course.glossary)
    titles = " ".join(r.title for r in course.further_reading).lower()
    expected_titles = ("commentary", "measures", "social media", "gender", "against corruption")
    for expected in expected_titles:
        assert expected in titles, expected


def test_the_introduction_has_a_skeleton(course):
    intro = course.module("introduction")
    assert intro is not None and intro.lessons and intro.value is None


def test_no_trainer_text_in_the_learner_edition_of_the_real_course(course):
    module = course.module("independence")
    trainer_text = module.trainer.body[0].children[0]
    sample = trainer_text.text.split("\n")[0][:40] if hasattr(trainer_text, "text") else None
    learner = "".join(str(render_lesson(ls, Output.PRINT_LEARNER)) for ls in module.lessons)
    assert module_view(module, Output.PRINT_LEARNER).trainer is None
    if sample:
        assert sample not in learner


def test_the_app_refuses_to_start_on_invalid_content(course_copy):
    edit(course_copy / "modules/01-basics/02-second.md", "::: discussion", "::: sidebar")
    with pytest.raises(ContentError) as caught:
        create_app(
            {"APP_CONFIG": "testing", "DATABASE_URL": "sqlite://", "COURSE_PATH": str(course_copy)}
        )
    assert "02-second.md:" in str(caught.value) and "unknown block type 'sidebar'" in str(
        caught.value
    )


def test_the_app_loads_the_course_once_at_start(course_copy):
    app = create_app(
        {"APP_CONFIG": "testing", "DATABASE_URL": "sqlite://", "COURSE_PATH": str(course_copy)}
    )
    assert app.extensions["course"].id == "fixture-course"


def test_flask_course_check_command(course_copy):
    app = create_app(
        {"APP_CONFIG": "testing", "DATABASE_URL": "sqlite://", "COURSE_PATH": str(course_copy)}
    )
    runner = app.test_cli_runner()
    assert runner.invoke(args=["course", "check"]).exit_code == 0
    edit(course_copy / "modules/01-basics/01-first.md", "[[1.1]] and", "[[1.9]] and")
    result = runner.invoke(args=["course", "check", str(course_copy)])
    assert result.exit_code == 1
    assert "01-first.md:6: no such principle paragraph: 1.9" in result.output
    stats = runner.invoke(args=["course", "stats"])
    assert stats.exit_code != 0 and "run `course check`" in stats.output
