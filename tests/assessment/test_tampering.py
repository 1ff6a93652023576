"""What a judge can never get, or change, while an attempt is open.

The fixture course's final bank is rewritten here with a canary in every feedback
text (the key travels only as flags and feedback); with an attempt open, no response
the judge can reach may carry one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.assessment import review
from app.assessment.models import FinalAttempt
from app.content.service import get_course
from app.publishing.editions import edition_html, load_edition
from tests.assessment.conftest import complete_course, database_state, keyed_letters
from tests.conftest import login, post
from tests.content.conftest import FIXTURE

CANARY = "CANARY-FEEDBACK"

BANK = """id: fixture-bank
questions:
  - id: fb-one
    type: single
    value: 1
    prompt: Which paragraph concerns influence from outside?
    cites: ["1.3"]
    options:
      - id: a
        text: Application 1.3
        correct: true
        feedback: CANARY-FEEDBACK-KEYED right, [[1.3]].
      - id: b
        text: Application 4.14
        feedback: CANARY-FEEDBACK-OTHER no, that one is about gifts.
  - id: fb-two
    type: true-false
    value: 2
    prompt: Impartiality covers the process as well as the decision.
    cites: ["2.2"]
    answer: true
    feedback:
      "true": CANARY-FEEDBACK-TRUE yes, [[2.2]].
      "false": CANARY-FEEDBACK-FALSE it covers both, [[2.2]].
  - id: fb-scenario
    type: scenario
    value: 2
    prompt: A party's lawyer sends you a case of wine during the trial.
    choices:
      - id: a
        text: Return it with a note, and record it on the file.
        quality: best
        cites: ["4.14"]
        feedback: CANARY-FEEDBACK-BEST, [[4.14]].
      - id: b
        text: Keep it until the case is over.
        quality: poor
        cites: ["4.14"]
        feedback: CANARY-FEEDBACK-POOR, [[4.14]].
"""

MODULE_BANK = """id: basics-bank
questions:
  - id: fb-module-one
    type: true-false
    prompt: A judge may discuss a pending case with a minister.
    answer: false
    feedback:
      "true": CANARY-FEEDBACK-MODULE-TRUE no, [[1.3]].
      "false": CANARY-FEEDBACK-MODULE-FALSE right, [[1.3]].
"""


@pytest.fixture
def canary_app(course_copy_app, tmp_path):
    root = tmp_path / "canary-source"
    import shutil

    shutil.copytree(FIXTURE, root)
    (root / "final-bank.yml").write_text(BANK)
    (root / "modules/01-basics/final-bank.yml").write_text(MODULE_BANK)
    return course_copy_app(root=root)


@pytest.fixture
def open_attempt(canary_app, db_session, make_user, start_attempt):
    """A judge with a failed first attempt and a second one open."""
    user = make_user()
    with canary_app.app_context():
        complete_course(db_session, user, get_course())
    client = canary_app.test_client()
    login(client, user)
    first = start_attempt(client, canary_app)
    fields = keyed_letters(first, wrong=True)
    post(client, canary_app, f"/learn/final/attempts/{first.id}/submit", {"key": "k1", **fields})
    second = start_attempt(client, canary_app)
    assert second.number == 2 and second.is_open
    return client, user, first, second


def sample_values(user, first, second) -> dict[str, object]:
    return {
        "module_id": "basics",
        "lesson_id": "first-lesson",
        "attempt_id": second.id,
        "note_id": 1,
        "user_id": user.id,
        "request_id": 1,
        "token": "not-a-token",
        "judiciary_id": 1,
        "filename": "css/app.css",
        "code": "ABCD-EFGH-JKMN-PQRS-TUVW-XYZ2-3456",
        "certificate_id": 1,
    }


def test_no_reachable_page_carries_a_final_bank_key_or_feedback(canary_app, open_attempt):
    client, user, first, second = open_attempt
    adapter = canary_app.url_map.bind("localhost")
    values = sample_values(user, first, second)
    visited = []
    for rule in canary_app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        missing = set(rule.arguments) - set(values)
        assert not missing, f"give {rule.endpoint} a sample value for {missing}"
        args = {name: values[name] for name in rule.arguments}
        urls = [adapter.build(rule.endpoint, args)]
        if rule.endpoint == "assessment.attempt":
            urls.append(adapter.build(rule.endpoint, {"attempt_id": first.id}))
        for target in urls:
            response = client.get(target)
            body = response.get_data(as_text=True)
            response.close()
            assert CANARY not in body, f"{target} ({response.status_code}) leaks the key"
            visited.append((target, response.status_code, body))
    pages = {target: (status, body) for target, status, body in visited}
    status, body = pages[f"/learn/final/attempts/{second.id}"]
    assert status == 200 and "Question 2 of 2" in body, "the open attempt was really shown"
    status, body = pages[f"/learn/final/attempts/{first.id}"]
    assert status == 200 and "hidden while another attempt is open" in body
    assert sum(status == 200 for status, _body in pages.values()) > 15


def test_no_fetch_response_or_refusal_carries_one_either(canary_app, open_attempt):
    client, _user, first, second = open_attempt
    base = f"/learn/final/attempts/{second.id}"
    fields = keyed_letters(second)
    name = next(iter(fields))
    responses = [
        post(
            client,
            canary_app,
            f"{base}/answers",
            {name: fields[name]},
            headers={"X-Requested-With": "fetch"},
        ),
        post(client, canary_app, f"{base}/answers", {name: "z"}),
        post(client, canary_app, f"{base}/answers", {"score": "1"}),
        post(client, canary_app, f"/learn/final/attempts/{first.id}/submit", {"key": "again"}),
    ]
    for response in responses:
        assert CANARY not in response.get_data(as_text=True), response.status_code


def test_neither_static_files_nor_the_pdf_edition_carry_one(canary_app):
    static = Path(canary_app.static_folder)
    for path in static.rglob("*"):
        if path.is_file():
            assert CANARY.encode() not in path.read_bytes(), path
    with canary_app.app_context():
        html = edition_html(get_course(), load_edition("self-directed"))
    assert CANARY not in html and "fb-one" not in html


@pytest.mark.parametrize(
    ("action", "extra", "status"),
    [
        ("answers", {"score": "1.0"}, 422),
        ("answers", {"correct": "a"}, 422),
        ("answers", {"passed": "true"}, 422),
        ("submit", {"score": "1.0", "key": "t1"}, 422),
        ("submit", {"passed": "1", "key": "t2"}, 422),
        ("submit", {"correct": "a", "key": "t3"}, 422),
        ("answers", {"q-fb-not-a-question": "a"}, 400),
        ("answers", {"q-3": "a"}, 400),  # the attempt holds two questions
        ("answers", {"q-0": "a"}, 400),
        ("submit", {"q-fb-not-a-question": "a", "key": "t4"}, 400),
        ("answers", {"q-FIRST": "z"}, 422),
        ("submit", {"q-FIRST": "z", "key": "t5"}, 422),
        ("submit", {}, 422),  # no form key
    ],
)
def test_a_tampered_form_is_refused_and_changes_nothing(
    canary_app, open_attempt, db_session, action, extra, status
):
    client, _user, _first, second = open_attempt
    data = {k.replace("FIRST", "1"): v for k, v in extra.items()}
    before = database_state(db_session)
    response = post(client, canary_app, f"/learn/final/attempts/{second.id}/{action}", data)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert database_state(db_session) == before


def test_an_answer_to_a_bank_question_this_attempt_did_not_draw_is_a_400(
    canary_app, open_attempt, db_session
):
    client, _user, _first, second = open_attempt
    drawn = {q.id for q in review.questions_of(second)}
    with canary_app.app_context():
        undrawn = next(q.id for q in get_course().final.questions if q.id not in drawn)
    before = database_state(db_session)
    response = post(
        client, canary_app, f"/learn/final/attempts/{second.id}/answers", {f"q-{undrawn}": "a"}
    )
    assert response.status_code == 400 and database_state(db_session) == before


def test_a_second_submit_is_a_409_and_changes_nothing(canary_app, open_attempt, db_session):
    client, _user, _first, second = open_attempt
    url = f"/learn/final/attempts/{second.id}/submit"
    assert post(client, canary_app, url, {"key": "s1", **keyed_letters(second)}).status_code == 303
    before = database_state(db_session)
    wrong = keyed_letters(second, wrong=True)
    for key in ("s1", "s2"):
        assert post(client, canary_app, url, {"key": key, **wrong}).status_code == 409
    saved = f"/learn/final/attempts/{second.id}/answers"
    assert post(client, canary_app, saved, wrong).status_code == 409
    assert database_state(db_session) == before


def test_another_judges_attempt_does_not_exist_for_me(
    canary_app, open_attempt, db_session, make_user
):
    _client, _user, _first, second = open_attempt
    other = make_user()
    with canary_app.app_context():
        complete_course(db_session, other, get_course())
    client = canary_app.test_client()
    login(client, other)
    before = database_state(db_session)
    base = f"/learn/final/attempts/{second.id}"
    assert client.get(base).status_code == 404
    assert post(client, canary_app, f"{base}/answers", keyed_letters(second)).status_code == 404
    submitted = post(client, canary_app, f"{base}/submit", {"key": "x", **keyed_letters(second)})
    assert submitted.status_code == 404
    assert database_state(db_session) == before


def test_without_the_csrf_token_nothing_is_accepted(canary_app, open_attempt, db_session):
    client, _user, _first, second = open_attempt
    before = database_state(db_session)
    response = client.post(f"/learn/final/attempts/{second.id}/submit", data={"key": "c1"})
    assert response.status_code == 400 and database_state(db_session) == before
    assert isinstance(second, FinalAttempt)
