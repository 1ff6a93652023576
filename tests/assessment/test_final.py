"""The final assessment as a judge takes it: draw, save as you go, submit, review."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.assessment import review
from app.assessment.draw import per_value
from app.assessment.models import FinalAnswer, FinalAttempt, FinalGrant
from app.audit.models import AuditEntry
from tests.assessment.conftest import (
    complete_course,
    keyed_letters,
    snippet,
    text,
    use_every_attempt,
)
from tests.conftest import login, post

OVERVIEW = "/learn/final"
FETCH = {"X-Requested-With": "fetch"}


def url(attempt: FinalAttempt, action: str = "") -> str:
    return f"/learn/final/attempts/{attempt.id}{action}"


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def submit(app, client, attempt, fields, key="k-submit"):
    return post(client, app, url(attempt, "/submit"), {"key": key, **fields})


def test_the_final_opens_only_when_every_module_is_complete(app, db_session, make_user, course):
    from app.learning import operations as learning_ops

    client = app.test_client()
    user = make_user()
    learning_ops.enrol(db_session, user.id, course)
    db_session.commit()
    login(client, user)
    assert "opens when every module is complete" in client.get(OVERVIEW).get_data(as_text=True)
    response = post(client, app, "/learn/final/attempts")
    assert response.status_code == 403
    assert count(db_session, FinalAttempt) == 0


def test_an_attempt_draws_twenty_questions_evenly_across_the_values(
    app, judge_client, start_attempt, course
):
    attempt = start_attempt(judge_client)
    questions = review.questions_of(attempt)
    assert len(questions) == 20
    counts = sorted(per_value(questions).values())
    assert counts == [3, 3, 3, 3, 4, 4], "three from each value, a fourth from two"
    assert start_attempt(judge_client).id == attempt.id, "a doubled start finds the same one"


def test_the_attempt_page_carries_no_key_and_no_feedback(app, judge_client, start_attempt):
    attempt = start_attempt(judge_client)
    html = judge_client.get(url(attempt)).get_data(as_text=True)
    page = text(html)
    for question in review.questions_of(attempt):
        assert snippet(question.prompt_html) in page
        for option in question.options:
            assert snippet(option.feedback_html) not in page
    for marker in ('class="mark"', "Best course of action", "correct answer", "answer-details"):
        assert marker not in html.split("<main")[1], "the partials mark the key so"
    values = set(re.findall(r'name="q-[a-z0-9-]+" value="([^"]*)"', html))
    assert values <= set("abcdefgh") | {""}, "options go by letter only"


def test_answers_are_saved_as_the_judge_goes_and_come_back(
    app, judge_client, start_attempt, db_session
):
    attempt = start_attempt(judge_client)
    fields = keyed_letters(attempt)
    first, second = list(fields)[:2]
    saved = post(judge_client, app, url(attempt, "/answers"), {first: fields[first]})
    assert saved.status_code == 303
    script = post(
        judge_client, app, url(attempt, "/answers"), {second: fields[second]}, headers=FETCH
    )
    assert script.status_code == 200 and "Saved at" in script.get_data(as_text=True)
    assert count(db_session, FinalAnswer) == 2
    page = judge_client.get(url(attempt)).get_data(as_text=True)
    for name in (first, second):
        for letter in fields[name]:
            assert f'name="{name}" value="{letter}" checked' in page
    stale = post(judge_client, app, url(attempt, "/answers"), {first: ""}, headers=FETCH)
    assert stale.status_code == 200 and count(db_session, FinalAnswer) == 2, (
        "a form with nothing chosen (an older tab) never clears a saved answer"
    )


def test_a_failed_attempt_shows_right_and_wrong_but_not_the_key(
    app, judge_client, start_attempt, db_session
):
    attempt = start_attempt(judge_client)
    response = submit(app, judge_client, attempt, keyed_letters(attempt, wrong=True))
    assert response.status_code == 303
    html = judge_client.get(url(attempt)).get_data(as_text=True)
    assert "You scored 0%" in html and "Not passed" in html
    assert html.count("</span> Wrong</span>") == 20 and "Revisit:" in html
    assert "shown once you pass or have used every attempt" in html
    for question in review.questions_of(attempt):
        for option in question.options:
            assert snippet(option.feedback_html) not in text(html)


def test_a_pass_shows_the_key_with_its_feedback(app, judge_client, start_attempt, db_session):
    attempt = start_attempt(judge_client)
    submit(app, judge_client, attempt, keyed_letters(attempt))
    html = judge_client.get(url(attempt)).get_data(as_text=True)
    assert "You scored 100%" in html and "Passed: the pass mark is 80%." in html
    keyed = next(o for o in review.questions_of(attempt)[0].options if o.is_correct)
    assert snippet(keyed.feedback_html) in text(html)
    assert post(judge_client, app, "/learn/final/attempts").status_code == 409, "passed already"
    assert "You passed the final assessment." in judge_client.get("/learn/").get_data(as_text=True)


def test_three_attempts_then_the_key_then_a_grant_draws_unseen_questions(
    app, db_session, judge_client, start_attempt, ready_judge, make_user, make_judiciary
):
    first = start_attempt(judge_client)
    submit(app, judge_client, first, keyed_letters(first, wrong=True), "k1")
    second = start_attempt(judge_client)
    first_ids = {q.id for q in review.questions_of(first)}
    assert not first_ids & {q.id for q in review.questions_of(second)}, "unseen preferred"
    submit(app, judge_client, second, keyed_letters(second, wrong=True), "k2")
    html = judge_client.get(url(second)).get_data(as_text=True)
    assert "shown once you pass" in html, "an attempt is left: no key yet"
    third = start_attempt(judge_client)
    assert "hidden while another attempt is open" in judge_client.get(url(first)).get_data(
        as_text=True
    )
    submit(app, judge_client, third, keyed_letters(third, wrong=True), "k3")
    refused = post(judge_client, app, "/learn/final/attempts")
    assert refused.status_code == 409 and "used every attempt" in refused.get_data(as_text=True)
    keyed = next(o for o in review.questions_of(third)[0].options if o.is_correct)
    assert snippet(keyed.feedback_html) in text(judge_client.get(url(third)).get_data(as_text=True))

    judiciary = make_judiciary()
    ready_judge.judiciary_id = judiciary.id
    db_session.commit()
    coordinator = make_user(Role.COORDINATOR, judiciary=judiciary)
    staff = app.test_client()
    login(staff, coordinator)
    members = staff.get("/judiciary/members").get_data(as_text=True)
    assert "3 of 3 attempts used" in members and "Grant one more attempt" in members
    granted = post(staff, app, f"/final/grants/{ready_judge.id}", {"next": "/judiciary/members"})
    assert granted.status_code == 303 and granted.headers["Location"].endswith("/judiciary/members")
    twice = post(staff, app, f"/final/grants/{ready_judge.id}", {"next": "/judiciary/members"})
    assert twice.status_code == 409, "a doubled click grants once"
    assert count(db_session, FinalGrant) == 1
    entry = db_session.scalar(
        select(AuditEntry).where(AuditEntry.action == "final.attempt_granted")
    )
    assert entry.actor_id == coordinator.id and entry.subject_id == ready_judge.id
    fourth = start_attempt(judge_client)
    assert fourth.number == 4


def test_only_an_admin_or_the_judges_coordinator_may_grant_and_only_when_needed(
    app, db_session, ready_judge, make_user, make_judiciary, course
):
    home, elsewhere = make_judiciary(), make_judiciary()
    ready_judge.judiciary_id = home.id
    db_session.commit()
    coordinator = make_user(Role.COORDINATOR, judiciary=home)
    admin = make_user(Role.ADMIN)

    def grant(actor, target=ready_judge) -> int:
        client = app.test_client()
        login(client, actor)
        return post(client, app, f"/final/grants/{target.id}").status_code

    assert grant(admin) == 409, "attempts are left: nothing to grant"
    use_every_attempt(db_session, ready_judge, course)
    assert grant(make_user()) == 403
    assert grant(make_user(Role.TRAINER, judiciary=home)) == 403
    assert grant(make_user(Role.COORDINATOR, judiciary=elsewhere)) == 404
    assert grant(coordinator) == 303
    assert grant(admin) == 409, "the granted attempt is not used yet"
    assert count(db_session, FinalGrant) == 1
    complete_course(db_session, coordinator, course)
    use_every_attempt(db_session, coordinator, course)
    assert grant(coordinator, coordinator) == 403, "never to oneself"
    assert count(db_session, FinalGrant) == 1


def test_a_content_change_during_an_open_attempt_changes_nothing_in_it(
    db_session, make_user, course_copy_app, start_attempt
):
    from app.content.service import get_course as course_of

    original = course_copy_app()
    client = original.test_client()
    user = make_user()
    with original.app_context():
        complete_course(db_session, user, course_of())
    login(client, user)
    attempt = start_attempt(client, original)
    drawn = review.questions_of(attempt)[0]
    keyed = next(o for o in drawn.options if o.is_correct)
    fields = keyed_letters(attempt)

    # A new deploy rewrites that question and moves its key to another option.
    changed = course_copy_app()
    with changed.app_context():
        bank = course_of().final.questions
    rewritten = next(q for q in bank if q.id == drawn.id)
    assert {o.id for o in rewritten.options} == {o.id for o in drawn.options}
    from dataclasses import replace

    flipped = tuple(replace(o, is_correct=not o.is_correct) for o in rewritten.options)
    with changed.app_context():
        final = course_of().final
        index = final.questions.index(rewritten)
        questions = list(final.questions)
        questions[index] = replace(rewritten, prompt_html="CHANGED SINCE", options=flipped)
        changed.extensions["course"] = replace(
            course_of(), final=replace(final, questions=tuple(questions))
        )
    client2 = changed.test_client()
    login(client2, user)
    page = client2.get(url(attempt)).get_data(as_text=True)
    assert "CHANGED SINCE" not in page and snippet(drawn.prompt_html) in text(page)
    submit(changed, client2, attempt, fields)
    db_session.expire_all()
    graded = db_session.get(FinalAttempt, attempt.id)
    assert graded.scores[drawn.id] == 1.0, f"graded from the snapshot, key {keyed.id}"
    assert graded.score == 1.0


def test_the_data_export_holds_the_attempts_by_letter(app, judge_client, start_attempt):
    import json

    attempt = start_attempt(judge_client)
    fields = keyed_letters(attempt)
    name = next(iter(fields))
    post(judge_client, app, url(attempt, "/answers"), {name: fields[name]})
    exported = json.loads(judge_client.get("/account/export.json").data)
    (mine,) = exported["final_assessment_attempts"]
    assert mine["status"] == "open" and mine["score"] is None
    assert mine["answers"] == {name[2:]: fields[name]}


def test_a_snapshot_of_a_type_since_removed_still_shows_and_grades(
    app, judge_client, start_attempt, db_session, monkeypatch
):
    from app.assessment import review as review_module
    from app.content.questions import restore, snapshot

    attempt = start_attempt(judge_client)
    data = snapshot(review.questions_of(attempt)[0])
    data["type"] = "a-type-no-longer-registered"
    restored = restore(data)
    assert restored.type in ("single", "multiple") and restored.options
    questions = [dict(q) for q in attempt.questions]
    questions[0]["type"] = "a-type-no-longer-registered"
    attempt.questions = questions
    db_session.commit()
    monkeypatch.setattr(review_module, "_RESTORED", {})
    assert judge_client.get(url(attempt)).status_code == 200
    assert submit(app, judge_client, attempt, keyed_letters(attempt)).status_code == 303
    assert judge_client.get("/account/export.json").status_code == 200


def test_doubled_letters_count_once(app, judge_client, start_attempt, db_session):
    attempt = start_attempt(judge_client)
    name, letters = next(iter(keyed_letters(attempt).items()))
    post(judge_client, app, url(attempt, "/answers"), {name: letters * 2})
    saved = db_session.scalar(select(FinalAnswer.answer))
    assert len(saved) == len(set(saved)) == len(letters)


def test_while_an_attempt_is_open_the_export_leaves_out_earlier_answers(
    app, judge_client, start_attempt
):
    import json

    first = start_attempt(judge_client)
    submit(app, judge_client, first, keyed_letters(first, wrong=True))
    start_attempt(judge_client)
    exported = json.loads(judge_client.get("/account/export.json").data)
    earlier, current = exported["final_assessment_attempts"]
    assert earlier["answers"] is None and earlier["score"] == 0.0
    assert current["answers"] == {}


def test_a_course_without_a_final_bank_is_refused(tmp_path):
    from app.content.errors import ContentError
    from app.content.loader import load_course
    from tests.content.conftest import copy_course, edit

    root = copy_course(tmp_path / "no-bank")
    edit(root / "course.yml", "  bank: final-bank.yml\n", "")
    edit(root / "modules/01-basics/module.yml", "final_bank: final-bank.yml\n", "")
    (root / "final-bank.yml").unlink()
    (root / "modules/01-basics/final-bank.yml").unlink()
    with pytest.raises(ContentError, match="the final assessment has no questions"):
        load_course(root)
