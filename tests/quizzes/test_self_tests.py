"""Module self-tests as a judge takes them: start, answer on one form, read the review."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select, update

from app.content.service import get_course
from app.quizzes.models import QuizAttempt, QuizScore
from tests.conftest import as_letters, post

MODULE = "independence"
PAGE = f"/learn/modules/{MODULE}/self-test"
FETCH = {"X-Requested-With": "fetch"}


def quiz(course):
    return course.module(MODULE).quiz


def right(course) -> dict[str, list[str]]:
    return {q.id: [o.id for o in q.options if o.is_correct] for q in quiz(course).questions}


def wrong(course) -> dict[str, list[str]]:
    return {
        q.id: [next(o.id for o in q.options if not o.is_correct)] for q in quiz(course).questions
    }


def form(attempt, answers: dict[str, list[str]], key: str = "k1") -> dict:
    """The form as the page posts it: each chosen option by the letter it shows."""
    letters = as_letters(attempt_quiz(), attempt.seed, answers)
    return {"key": key, **{f"q-{qid}": chosen for qid, chosen in letters.items()}}


def attempt_quiz():
    return get_course().module(MODULE).quiz


def start(app, client) -> QuizAttempt:
    response = post(client, app, PAGE)
    assert response.status_code == 303 and response.headers["Location"].endswith(PAGE)
    return open_attempt()


def open_attempt() -> QuizAttempt | None:
    from app.extensions import db

    query = select(QuizAttempt).where(QuizAttempt.submitted_at.is_(None))
    return db.session.scalar(query.execution_options(populate_existing=True))


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def submit(app, client, attempt, data, **kwargs):
    return post(client, app, f"/learn/self-tests/{attempt.id}", data, **kwargs)


def question_order(html: str) -> list[str]:
    return re.findall(r'<div class="quiz-question" id="question-([a-z0-9-]+)">', html)


def option_order(html: str, question_id: str) -> list[str]:
    """The options of a question as the page shows them, by their text."""
    block = html.split(f'id="question-{question_id}"')[1].split('class="quiz-question"')[0]
    return re.findall(
        r'<label for="[^"]+"><span class="option-letter">\w</span> <span lang="en">(.*?)</span>',
        block,
    )


def test_the_page_introduces_the_self_test_and_get_writes_nothing(learner, db_session, course):
    html = learner.get(PAGE).get_data(as_text=True)
    assert "Start the self-test" in html and "10 questions" in html and "70%" in html
    assert count(db_session, QuizAttempt) == 0


def test_starting_twice_opens_one_attempt(app, learner, db_session):
    first = start(app, learner)
    second = start(app, learner)
    assert first.id == second.id and count(db_session, QuizAttempt) == 1


def test_the_attempt_shows_every_question_lettered_by_position_and_no_answer(app, learner, course):
    start(app, learner)
    html = learner.get(PAGE).get_data(as_text=True)
    assert sorted(question_order(html)) == sorted(q.id for q in quiz(course).questions)
    for question in quiz(course).questions:
        for option in question.options:
            assert option.feedback_html[:60] not in html, "no feedback before submitting"
    main = html.split("<main")[1]
    assert "Correct" not in main and "Best course" not in main
    first = quiz(course).questions[0]
    letters = re.findall(
        rf'id="q-{first.id}-[a-z0-9-]+"[^>]*>\s*<label[^>]*><span class="option-letter">(\w)<',
        html,
    )
    assert letters == ["a", "b", "c", "d"][: len(first.options)], "labels follow display order"


def test_the_order_is_the_same_on_reload_and_differs_across_seeds(app, learner, db_session, course):
    attempt = start(app, learner)
    page = learner.get(PAGE).get_data(as_text=True)
    assert question_order(learner.get(PAGE).get_data(as_text=True)) == question_order(page)
    orders, option_orders = set(), set()
    for seed in (1, 2, 3, 4, 5):
        db_session.execute(
            update(QuizAttempt).where(QuizAttempt.id == attempt.id).values(seed=seed)
        )
        db_session.commit()
        html = learner.get(PAGE).get_data(as_text=True)
        orders.add(tuple(question_order(html)))
        single = next(q for q in quiz(course).questions if q.type == "single")
        option_orders.add(tuple(option_order(html, single.id)))
    assert len(orders) > 1 and len(option_orders) > 1


def test_right_answers_pass_with_feedback_and_what_to_revisit(app, learner, db_session, course):
    attempt = start(app, learner)
    response = submit(app, learner, attempt, form(attempt, right(course)))
    assert response.status_code == 303
    html = learner.get(response.headers["Location"]).get_data(as_text=True)
    assert "You scored 100%: 10 of 10 questions fully right." in html
    assert "Passed: the pass mark is 70%." in html
    assert html.count("</span> Right</span>") == 10
    assert 'href="/principles#application-1-1"' in html and "in the lesson" in html
    keyed = next(o for o in quiz(course).questions[0].options if o.is_correct)
    assert keyed.feedback_html[:60] in html
    score = db_session.scalar(select(QuizScore))
    assert (score.attempts, score.best_score, score.latest_score) == (1, 1.0, 1.0)
    assert score.passed_at is not None


def test_a_wrong_answer_shows_its_own_feedback_not_the_key(app, learner, course):
    attempt = start(app, learner)
    answers = wrong(course)
    html = learner.get(
        submit(app, learner, attempt, form(attempt, answers)).headers["Location"]
    ).get_data(as_text=True)
    assert "Not passed yet" in html and "</span> Wrong</span>" in html
    single = next(q for q in quiz(course).questions if q.type == "single")
    chosen = single.option(answers[single.id][0])
    keyed = next(o for o in single.options if o.is_correct)
    assert chosen.feedback_html[:60] in html
    assert keyed.feedback_html[:60] not in html, "the review does not give the answer away"


def test_best_and_latest_scores_are_kept_and_shown(app, learner, db_session, course):
    first = start(app, learner)
    submit(app, learner, first, form(first, right(course), "k1"))
    second = start(app, learner)
    submit(app, learner, second, form(second, wrong(course), "k2"))
    score = db_session.scalar(select(QuizScore).execution_options(populate_existing=True))
    assert (score.attempts, score.best_score, score.latest_score) == (2, 1.0, 0.0)
    assert score.passed_at is not None, "passed once stays passed"
    expected = "Self-test passed (best 100%, latest 0%)."
    assert expected in learner.get(f"/learn/modules/{MODULE}").get_data(as_text=True)
    assert expected in learner.get("/learn/").get_data(as_text=True)
    history = learner.get(PAGE).get_data(as_text=True)
    assert history.count("/learn/self-tests/") >= 2 and "not passed" in history


def _bad_forms(attempt, course) -> dict[str, tuple[dict, str]]:
    answers = right(course)
    first = quiz(course).questions[0]
    missing = dict(answers)
    missing.pop(first.id)
    return {
        "a letter the question does not show": (
            {**form(attempt, answers), f"q-{first.id}": "z"},
            "Choose",
        ),
        "an option id instead of a letter": (
            {**form(attempt, answers), f"q-{first.id}": first.options[0].id * 2},
            "Choose",
        ),
        "a question not in the quiz": (
            form(attempt, {**answers, "no-such-question": ["a"]}),
            "not in this self-test",
        ),
        "an empty submission": ({"key": "k-empty"}, "Answer the questions, then submit."),
        "a question left unanswered": (form(attempt, missing), "Answer this question."),
        "a field the form never had": (
            {**form(attempt, answers), "score": "1.0"},
            "not in this self-test",
        ),
        "no idempotency key": (form(attempt, answers, key=""), "missing its key"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "a letter the question does not show",
        "an option id instead of a letter",
        "a question not in the quiz",
        "an empty submission",
        "a question left unanswered",
        "a field the form never had",
        "no idempotency key",
    ],
)
@pytest.mark.parametrize("headers", [{}, FETCH], ids=["plain", "script"])
def test_bad_submissions_are_refused_and_nothing_is_written(
    app, learner, db_session, course, case, headers
):
    attempt = start(app, learner)
    data, message = _bad_forms(attempt, course)[case]
    response = submit(app, learner, attempt, data, headers=headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 422, html[:300]
    assert message in html
    assert 'role="alert"' in html
    assert (headers == FETCH) == ("<html" not in html), "a script gets just the section"
    assert open_attempt().id == attempt.id, "the attempt is still open"
    assert count(db_session, QuizScore) == 0


def test_a_refused_form_keeps_the_choices_and_marks_the_question(app, learner, course):
    attempt = start(app, learner)
    answers = right(course)
    first = quiz(course).questions[0]
    answers.pop(first.id)
    posted = form(attempt, answers)
    html = submit(app, learner, attempt, posted).get_data(as_text=True)
    assert f'href="#question-{first.id}"' in html and f'id="error-{first.id}"' in html
    other = quiz(course).questions[1]
    checked = re.findall(rf'name="q-{other.id}" value="([a-z])" checked', html)
    assert checked == posted[f"q-{other.id}"]


def test_a_doubled_post_counts_once_and_answers_409_with_the_results(
    app, learner, db_session, course
):
    attempt = start(app, learner)
    data = form(attempt, right(course), "same")
    assert submit(app, learner, attempt, data).status_code == 303
    again = submit(app, learner, attempt, form(attempt, wrong(course), "same"))
    html = again.get_data(as_text=True)
    assert again.status_code == 409
    assert "had already been received" in html and "You scored 100%" in html
    other_window = submit(app, learner, attempt, form(attempt, wrong(course), "other"))
    assert other_window.status_code == 409
    assert "already submitted" in other_window.get_data(as_text=True)
    score = db_session.scalar(select(QuizScore).execution_options(populate_existing=True))
    assert (score.attempts, score.latest_score) == (1, 1.0)
    assert count(db_session, QuizAttempt) == 1


def test_with_a_script_start_and_submit_return_the_section(app, learner, course):
    started = post(learner, app, PAGE, headers=FETCH)
    html = started.get_data(as_text=True)
    assert started.status_code == 200 and html.lstrip().startswith('<section id="self-test"')
    assert "<html" not in html and len(question_order(html)) == 10
    attempt = open_attempt()
    done = submit(app, learner, attempt, form(attempt, right(course)), headers=FETCH)
    html = done.get_data(as_text=True)
    assert done.status_code == 200 and "Your result" in html and "<html" not in html


def test_an_unsubmitted_attempt_has_no_result_page_yet(app, learner):
    attempt = start(app, learner)
    response = learner.get(f"/learn/self-tests/{attempt.id}")
    assert response.status_code == 302 and response.headers["Location"].endswith(PAGE)


def test_a_module_without_self_test_or_unknown_is_404(learner):
    assert learner.get("/learn/modules/no-such-module/self-test").status_code == 404


def test_the_last_lesson_of_a_module_leads_to_its_self_test(app, learner, course):
    last = course.module(MODULE).lessons[-1]
    html = learner.get(f"/learn/lessons/{last.id}").get_data(as_text=True)
    assert "take the module self-test" in html and f'href="{PAGE}"' in html
    response = post(learner, app, f"/learn/lessons/{last.id}/continue", {"key": "end"})
    assert response.status_code == 302 and response.headers["Location"].endswith(PAGE)


def test_the_self_test_needs_enrolment(app, db_session, make_user):
    from tests.conftest import login

    client = app.test_client()
    login(client, make_user())
    for response in (client.get(PAGE), post(client, app, PAGE)):
        assert response.status_code == 302 and response.headers["Location"].endswith("/learn/")
    assert count(db_session, QuizAttempt) == 0


def test_the_data_export_holds_my_attempts_and_nobody_elses(
    app, learner, judge, db_session, make_user, course
):
    import json

    from app.learning import operations as learning_ops
    from app.quizzes import operations as ops

    other = make_user()
    learning_ops.enrol(db_session, other.id, course)
    theirs = ops.start_self_test(db_session, other.id, course, course.module(MODULE))
    theirs_letters = as_letters(quiz(course), theirs.seed, wrong(course))
    ops.submit_self_test(db_session, other.id, course, theirs.id, theirs_letters, "theirs")
    db_session.commit()
    mine_attempt = start(app, learner)
    submit(app, learner, mine_attempt, form(mine_attempt, right(course)))
    exported = json.loads(learner.get("/account/export.json").data)
    (mine,) = exported["self_test_attempts"]
    assert (mine["self_test"], mine["score"], mine["passed"]) == (quiz(course).id, 1.0, True)
    assert {q: sorted(ids) for q, ids in mine["answers"].items()} == right(course)


def test_the_page_source_names_options_by_position_never_by_id(app, learner, db_session, course):
    """Stored ids follow the source order, so posting them would tell where the key was."""
    attempt = start(app, learner)
    db_session.execute(update(QuizAttempt).where(QuizAttempt.id == attempt.id).values(seed=1))
    db_session.commit()
    html = learner.get(PAGE).get_data(as_text=True)
    moved = 0
    for question in quiz(course).questions:
        values = re.findall(rf'name="q-{question.id}" value="([^"]+)"', html)
        assert values == list("abcdefgh"[: len(question.options)]), question.id
        texts = option_order(html, question.id)
        moved += texts != [o.html for o in question.options]
    assert moved > 0, "the seed moved some options away from their source places"


def test_a_submitted_attempt_stays_submitted_whatever_the_form_holds(app, learner, course):
    attempt = start(app, learner)
    assert submit(app, learner, attempt, form(attempt, right(course))).status_code == 303
    odd = submit(app, learner, attempt, {"key": "k9", "bogus": "1"})
    assert odd.status_code == 409 and "Your result" in odd.get_data(as_text=True)


def test_an_attempt_at_a_self_test_replaced_since_is_refused_with_a_409(
    app, learner, db_session, course
):
    attempt = start(app, learner)
    db_session.execute(
        update(QuizAttempt).where(QuizAttempt.id == attempt.id).values(quiz_id="old-quiz")
    )
    db_session.commit()
    response = submit(app, learner, attempt, form(attempt, right(course)))
    html = response.get_data(as_text=True)
    assert response.status_code == 409 and "has changed since you started it" in html
    assert "Start the self-test" in html
    assert count(db_session, QuizScore) == 0
