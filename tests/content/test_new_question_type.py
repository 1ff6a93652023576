"""A question type added in a test (a registry entry plus a partial) shows everywhere.

Nothing outside this file and its partial (fixtures/question-types/dropdown.html)
knows the type: the lesson page, the self-test page and print find its partial
through the registry.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.content.questions import QUESTION_TYPES, SingleChoice
from app.content.service import get_course
from app.database import Database
from app.extensions import db
from app.publishing.editions import edition_html, load_edition
from app.quizzes.models import QuizAttempt
from tests.conftest import as_letters, login, make_app, post
from tests.content.conftest import copy_course, edit

PARTIAL = Path(__file__).parent / "fixtures" / "question-types" / "dropdown.html"

CHECK = """
::: check id=dropdown-check
type: dropdown
prompt: Which paragraph covers outside influence?
options:
  - id: x
    text: Application 1.1
    correct: true
    feedback: Yes, [[1.1]].
  - id: y
    text: Application 4.14
    feedback: No, that one is about gifts.
:::
"""

QUIZ_QUESTION = """
  - id: quiz-dropdown
    type: dropdown
    prompt: Pick the paragraph on the appearance of independence.
    options:
      - id: p
        text: Application 1.3
        correct: true
        feedback: Yes, [[1.3]].
      - id: q
        text: Application 6.1
        feedback: No, that is equality.
"""


class Dropdown(SingleChoice):
    """Graded as a single choice; shown as a drop-down list."""

    name = "dropdown"

    @property
    def partial(self) -> Path:
        return PARTIAL


@pytest.fixture
def dropdown_course(tmp_path, monkeypatch) -> Path:
    monkeypatch.setitem(QUESTION_TYPES, "dropdown", Dropdown())
    root = copy_course(tmp_path / "course")
    for name in ("01-first.md", "01-first.fr.md"):
        edit(
            root / "modules/01-basics" / name,
            "\n::: reflection id=first-reflection",
            CHECK + "\n::: reflection id=first-reflection",
        )
    quiz = root / "modules/01-basics/quiz.yml"
    quiz.write_text(quiz.read_text() + QUIZ_QUESTION)
    return root


@pytest.fixture
def dropdown_app(database_url, dropdown_course, db_session):
    application = make_app(database_url, COURSE_PATH=str(dropdown_course))
    with db.bound_to(application, db_session.connection()):
        yield application
    Database.engine_of(application).dispose()


def test_the_new_type_renders_on_the_lesson_page_and_grades(dropdown_app, make_user):
    client = dropdown_app.test_client()
    login(client, make_user())
    post(client, dropdown_app, "/learn/enrol")
    html = client.get("/learn/lessons/first-lesson").get_data(as_text=True)
    assert '<select class="dropdown-question" name="answer" id="dropdown-check-list"' in html
    assert '<option value="a">a. Application 1.1</option>' in html
    answered = post(
        client,
        dropdown_app,
        "/learn/lessons/first-lesson/answers/dropdown-check",
        {"answer": "a", "key": "d1"},
        headers={"X-Requested-With": "fetch"},
    )
    assert answered.status_code == 200 and "Correct." in answered.get_data(as_text=True)


def test_the_new_type_renders_on_the_self_test_page_and_grades(dropdown_app, make_user, db_session):
    client = dropdown_app.test_client()
    user = make_user()
    login(client, user)
    post(client, dropdown_app, "/learn/enrol")
    post(client, dropdown_app, "/learn/modules/basics/self-test")
    html = client.get("/learn/modules/basics/self-test").get_data(as_text=True)
    assert '<select class="dropdown-question" name="q-quiz-dropdown"' in html
    attempt = db_session.scalar(select(QuizAttempt).where(QuizAttempt.user_id == user.id))
    keyed = {"quiz-multi": ["a", "b"], "quiz-scenario": ["c"], "quiz-dropdown": ["p"]}
    with dropdown_app.app_context():
        quiz = get_course().module("basics").quiz
    letters = as_letters(quiz, attempt.seed, keyed)
    answers = {f"q-{qid}": chosen for qid, chosen in letters.items()}
    response = post(
        client, dropdown_app, f"/learn/self-tests/{attempt.id}", {"key": "s", **answers}
    )
    assert response.status_code == 303
    result = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You scored 100%" in result


def test_the_new_type_renders_in_print(dropdown_app):
    with dropdown_app.app_context():
        html = edition_html(get_course(), load_edition("self-directed"))
    assert html.count("DROPDOWN-PRINTED") == 2, "the lesson's check and the self-test question"
    assert "Which paragraph covers outside influence?" in html


def test_without_its_registry_entry_the_type_is_unknown(tmp_path):
    from app.content.errors import ContentError
    from app.content.loader import load_course

    root = copy_course(tmp_path / "course")
    edit(root / "modules/01-basics/quiz.yml", "questions:\n", "questions:" + QUIZ_QUESTION)
    with pytest.raises(ContentError, match="unknown question type 'dropdown'"):
        load_course(root)
