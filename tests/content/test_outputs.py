"""Each output receives only what it may contain, and the same text everywhere."""

from __future__ import annotations

import pytest

from app.content.loader import load_course
from app.content.model import Question
from app.content.outputs import Output, module_view
from app.content.render import render_key, render_lesson
from tests.content.conftest import FIXTURE

TRAINER_CANARIES = ("TRAINER-CANARY-NOTE", "TRAINER-CANARY-DISCUSSION", "TRAINER-CANARY-FILE")


@pytest.fixture(scope="module")
def course():
    return load_course(FIXTURE)


def everything(course, output: Output) -> str:
    """All an output could show of the course: every lesson, the trainer file, keys."""
    module = course.modules[0]
    lessons = [*module.lessons, module.trainer]
    html = "\n".join(str(render_lesson(lesson, output)) for lesson in lessons)
    view = module_view(module, output)
    if view.trainer:
        html += str(render_lesson(view.trainer, output))
    return html


@pytest.mark.parametrize("output", [Output.WEB_LEARNER, Output.PRINT_LEARNER])
def test_trainer_material_never_reaches_a_learner_output(course, output):
    html = everything(course, output)
    for canary in TRAINER_CANARIES:
        assert canary not in html
    assert module_view(course.modules[0], output).trainer is None


@pytest.mark.parametrize("output", [Output.WEB_TRAINER, Output.PRINT_TRAINER])
def test_trainer_outputs_carry_the_trainer_material(course, output):
    html = everything(course, output)
    for canary in TRAINER_CANARIES:
        assert canary in html
    assert "Basics session" in html and "<td>60</td>" in html  # the plan and its total minutes


def test_final_bank_questions_appear_in_no_output(course):
    assert course.final.questions, "the fixture has a final bank"
    for output in Output:
        assert "FINAL-BANK-CANARY" not in everything(course, output)


def test_medium_labels_choose_web_or_print(course):
    web = everything(course, Output.WEB_LEARNER)
    printed = everything(course, Output.PRINT_LEARNER)
    assert "WEB-ONLY-TEXT" in web and "PRINT-ONLY-TEXT" not in web
    assert "PRINT-ONLY-TEXT" in printed and "WEB-ONLY-TEXT" not in printed


def test_web_scenario_shows_no_answer_before_answering(course):
    html = str(render_lesson(course.lesson("first-lesson"), Output.WEB_LEARNER))
    assert 'name="answer" value="b"' in html
    for secret in ("best", "poor", "This invites influence", "Right,", "Yes, ", "No, "):
        assert secret not in html


def test_printed_key_has_every_choice_with_its_feedback(course):
    lesson = course.lesson("first-lesson")
    scenario = next(
        node.data for node in lesson.body if isinstance(getattr(node, "data", None), Question)
    )
    key = str(render_key(scenario))
    assert "This invites influence" in key and "Best course of action" in key and "Weak" in key


def test_citations_render_the_same_everywhere(course):
    for output in Output:
        html = everything(course, output)
        assert '<a class="principle-cite" href="#application-1-1">application 1.1</a>' in html
        assert "applications 4.14–4.16" in html


def test_translation_falls_back_to_english_with_a_flag(course):
    lesson = course.lesson("first-lesson")
    french, fell_back = lesson.in_language("fr")
    assert (french.title, fell_back) == ("La première leçon", False)
    spanish, fell_back = lesson.in_language("es")
    assert (spanish.title, fell_back) == ("The first lesson", True)
    second, fell_back = course.lesson("second-lesson").in_language("fr")
    assert fell_back and second.title == "The second lesson"


def test_objects_are_immutable(course):
    with pytest.raises(AttributeError):
        course.modules[0].title = "changed"


def test_a_typo_changes_the_hash_not_the_edition(course, course_copy):
    from tests.content.conftest import edit

    edit(
        course_copy / "modules/01-basics/02-second.md",
        "Second lesson prose.",
        "Second lesson prose!",
    )
    edited = load_course(course_copy)
    assert edited.edition == course.edition
    assert edited.content_hash != course.content_hash
    assert [ls.id for ls in edited.modules[0].lessons] == [
        ls.id for ls in course.modules[0].lessons
    ]


def test_glossary_terms_link_to_the_glossary(course):
    html = everything(course, Output.WEB_LEARNER)
    assert '<a class="glossary-term" href="#term-independence">Judicial independence</a>' in html
    assert '<a class="glossary-term" href="#term-recusal">standing aside</a>' in html
    assert [t.id for t in course.glossary] == ["recusal", "independence"]  # sorted by term
    assert "application 2.5" in course.glossary[0].definition_html


def test_further_reading_is_loaded(course):
    (reading,) = course.further_reading
    assert (reading.publisher, reading.year) == ("UNODC", "2007")
    assert "paragraph by paragraph" in reading.what_for_html


def test_module_final_bank_questions_join_the_final_assessment(course):
    ids = {q.id: q.value for q in course.final.questions}
    assert ids["fb-module-one"] == 1, "value defaults to the module's value"
    assert {"fb-one", "fb-two"} <= set(ids)
    for output in Output:
        assert "FINAL-BANK-CANARY-MODULE" not in everything(course, output)


def test_links_cannot_run_script(course_copy):
    from tests.content.conftest import edit

    edit(
        course_copy / "modules/01-basics/02-second.md",
        "Second lesson prose.",
        "Second lesson prose [click](javascript:alert(1)) and [site](https://example.org/x).",
    )
    html = str(render_lesson(load_course(course_copy).lesson("second-lesson"), Output.WEB_LEARNER))
    assert "javascript:" not in html and ">click</a>" in html
    assert 'href="https://example.org/x"' in html
