"""Lesson pages, interactive blocks and reflections, as a judge uses them."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from app.learning.models import BlockResponse, Enrolment, ProgressEvent, ReflectionNote
from tests.conftest import login, post
from tests.learning.conftest import (
    CHECK,
    CHECK_LESSON,
    LESSON,
    REFLECTION,
    REFLECTION_LESSON,
    SCENARIO,
    SECOND_SCENARIO,
)


def count(session, model, **where) -> int:
    query = select(func.count()).select_from(model)
    for key, value in where.items():
        query = query.where(getattr(model, key) == value)
    return session.scalar(query)


def answer_url(lesson=LESSON, block=SCENARIO) -> str:
    return f"/learn/lessons/{lesson}/answers/{block}"


def test_enrolment_is_one_click_and_records_the_edition(app, db_session, make_user, course):
    client = app.test_client()
    user = make_user()
    login(client, user)
    assert b"Enrol in the course" in client.get("/learn/").data
    assert post(client, app, "/learn/enrol").status_code == 302
    assert post(client, app, "/learn/enrol").status_code == 302
    row = db_session.scalar(select(Enrolment).where(Enrolment.user_id == user.id))
    assert row.edition == course.edition and count(db_session, Enrolment, user_id=user.id) == 1


def test_lesson_needs_enrolment(app, db_session, make_user):
    client = app.test_client()
    login(client, make_user())
    response = client.get(f"/learn/lessons/{LESSON}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/learn/")


def test_lesson_page_shows_the_text_and_no_answers_before_answering(learner, course):
    html = learner.get(f"/learn/lessons/{LESSON}").get_data(as_text=True)
    assert "Pressure from outside the court" in html
    assert 'href="/principles#application-1-1"' in html, "citations link to the principles page"
    question = course.lesson(LESSON)
    scenario = next(b.data for b in question.body if getattr(b, "id", None) == SCENARIO)
    for option in scenario.options:
        assert option.feedback_html[:60] not in html, "no feedback before the answer"
    assert "best" not in html.lower().split("<main")[1].split("</main>")[0].replace(
        "best course", ""
    )


def test_trainer_material_never_reaches_the_lesson_page(learner, course):
    html = learner.get("/learn/lessons/ind-institution-confidence").get_data(as_text=True)
    assert "Ask participants who, in their own courts, controls the allocation" not in html
    for question in course.final.questions[:10]:
        assert question.prompt_html[:50] not in html


def test_answering_a_scenario_shows_its_feedback_and_the_others(
    app, learner, judge, db_session, course
):
    response = post(learner, app, answer_url(), {"answer": "b", "key": "k1"})
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"#block-{SCENARIO}"
    )
    html = learner.get(response.headers["Location"]).get_data(as_text=True)
    assert "This is the best course of action." in html
    assert "The other choices" in html and "(Weak)" in html
    assert count(db_session, BlockResponse, user_id=judge.id) == 1
    assert count(db_session, ProgressEvent, user_id=judge.id, kind="answered") == 1


def test_with_javascript_the_answer_returns_just_the_block(app, learner):
    response = post(
        learner,
        app,
        answer_url(),
        {"answer": "a", "key": "k2"},
        headers={"X-Requested-With": "fetch"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<section class="block block-scenario" id="block-{SCENARIO}"')
    assert "<html" not in html and "This is a weak course of action." in html


def test_knowledge_check_is_graded(app, learner):
    post(learner, app, answer_url(CHECK_LESSON, CHECK), {"answer": "b", "key": "k3"})
    html = learner.get(f"/learn/lessons/{CHECK_LESSON}").get_data(as_text=True)
    assert "Correct." in html or "Not correct." in html


def test_a_retried_answer_counts_once(app, learner, judge, db_session):
    for _ in range(3):
        post(learner, app, answer_url(), {"answer": "b", "key": "same-key"})
    assert count(db_session, ProgressEvent, user_id=judge.id, kind="answered") == 1


def test_the_same_form_sent_again_with_another_choice_leaves_the_first_answer(
    app, learner, judge, db_session
):
    post(learner, app, answer_url(), {"answer": "b", "key": "one-form"})
    post(learner, app, answer_url(), {"answer": "a", "key": "one-form"})
    row = db_session.scalar(select(BlockResponse).where(BlockResponse.user_id == judge.id))
    assert row.answer == ["b"]
    post(learner, app, answer_url(), {"answer": "a", "key": "a-new-form"})
    db_session.refresh(row)
    assert row.answer == ["a"], "answering again from a fresh form replaces it"


def test_bad_answers_are_refused_and_nothing_is_written(app, learner, judge, db_session):
    for data in ({"key": "k4"}, {"answer": "z", "key": "k5"}, {"answer": ["a", "b"], "key": "k6"}):
        response = post(learner, app, answer_url(), data, headers={"X-Requested-With": "fetch"})
        assert response.status_code == 422
        assert "Choose one of the options" in response.get_data(as_text=True)
    no_key = post(
        learner, app, answer_url(), {"answer": "b"}, headers={"X-Requested-With": "fetch"}
    )
    assert no_key.status_code == 422
    assert count(db_session, BlockResponse, user_id=judge.id) == 0
    assert count(db_session, ProgressEvent, user_id=judge.id) == 0


def test_unknown_lesson_or_block_is_404(app, learner):
    assert learner.get("/learn/lessons/no-such-lesson").status_code == 404
    assert (
        post(
            learner, app, answer_url(block="no-such-block"), {"answer": "a", "key": "k"}
        ).status_code
        == 404
    )
    # A reflection is not a question, and a question is not a reflection.
    assert (
        post(
            learner, app, answer_url(REFLECTION_LESSON, REFLECTION), {"answer": "a", "key": "k"}
        ).status_code
        == 404
    )


def test_reflections_are_saved_listed_exported_and_deleted(app, learner, judge, db_session):
    url = f"/learn/lessons/{REFLECTION_LESSON}/reflections/{REFLECTION}"
    assert post(learner, app, url, {"text": "A first thought.", "key": "r1"}).status_code == 302
    assert post(learner, app, url, {"text": "A better thought.", "key": "r2"}).status_code == 302
    assert count(db_session, ReflectionNote, user_id=judge.id) == 1
    assert "A better thought." in learner.get(f"/learn/lessons/{REFLECTION_LESSON}").get_data(
        as_text=True
    )
    assert "A better thought." in learner.get("/learn/reflections").get_data(as_text=True)
    exported = json.loads(learner.get("/learn/reflections/export.json").data)
    assert [n["text"] for n in exported["reflections"]] == ["A better thought."]
    note = db_session.scalar(select(ReflectionNote).where(ReflectionNote.user_id == judge.id))
    assert post(learner, app, f"/learn/reflections/{note.id}/delete").status_code == 302
    assert count(db_session, ReflectionNote, user_id=judge.id) == 0


def test_bad_reflections_are_refused(app, learner, judge, db_session):
    url = f"/learn/lessons/{REFLECTION_LESSON}/reflections/{REFLECTION}"
    for text in ("", "   ", "x" * 10_001):
        response = post(
            learner, app, url, {"text": text, "key": "rx"}, headers={"X-Requested-With": "fetch"}
        )
        assert response.status_code == 422
    assert count(db_session, ReflectionNote, user_id=judge.id) == 0


def test_a_judge_cannot_read_or_delete_another_judges_reflection(
    app, learner, db_session, make_user, course
):
    from app.learning import operations as ops
    from app.learning import queries

    other = make_user()
    ops.enrol(db_session, other.id, course)
    lesson = course.lesson(REFLECTION_LESSON)
    block = queries.find_block(lesson, REFLECTION, ("reflection",))
    ops.save_reflection(db_session, other.id, course, lesson, block, "Someone else's secret.", "o1")
    db_session.commit()
    note = db_session.scalar(select(ReflectionNote).where(ReflectionNote.user_id == other.id))
    for url in (
        "/learn/reflections",
        "/learn/reflections/export.json",
        f"/learn/lessons/{REFLECTION_LESSON}",
    ):
        assert "Someone else's secret." not in learner.get(url).get_data(as_text=True)
    assert post(learner, app, f"/learn/reflections/{note.id}/delete").status_code == 404
    assert count(db_session, ReflectionNote, user_id=other.id) == 1


def test_a_stored_answer_the_content_no_longer_offers_does_not_break_the_lesson(
    app, learner, judge, db_session, course
):
    """After a content update removes an option, the judge's old answer must not 500."""
    db_session.add(
        BlockResponse(
            user_id=judge.id,
            course_id=course.id,
            lesson_id=LESSON,
            block_id=SCENARIO,
            answer=["option-removed-since"],
            score=0.0,
        )
    )
    db_session.commit()
    page = learner.get(f"/learn/lessons/{LESSON}")
    assert page.status_code == 200
    fragment = post(
        learner,
        app,
        answer_url(block=SECOND_SCENARIO),
        {"answer": "a", "key": "k-stale"},
        headers={"X-Requested-With": "fetch"},
    )
    assert fragment.status_code == 200


def test_a_refused_answer_names_its_error_on_the_question(app, learner):
    response = post(
        learner, app, answer_url(), {"key": "k-err"}, headers={"X-Requested-With": "fetch"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="error-{SCENARIO}"' in html
    assert f'<fieldset aria-describedby="error-{SCENARIO}">' in html


def test_content_links_follow_the_mount_point(app, judge):
    """Behind a proxy that mounts the app under /ethics, citations still reach the pages."""
    client = app.test_client()
    login(client, judge)
    response = client.get(f"/learn/lessons/{LESSON}", base_url="http://localhost/ethics")
    html = response.get_data(as_text=True)
    assert 'href="/ethics/principles#application-1-1"' in html
    assert 'href="/principles#' not in html
