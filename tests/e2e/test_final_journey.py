"""A judge on a small course, in a real browser: completes the module, fails the final,
leaves in the middle of the second attempt, comes back to it, and passes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from app.assessment.models import FinalAttempt
from app.quizzes.models import QuizAttempt
from tests.assessment.conftest import keyed_letters
from tests.conftest import as_letters
from tests.e2e.test_learning_journey import PASSWORD, Judge, axe_problems


def read(committed, query):
    """One value from the database, the transaction ended at once (SQLite's lock)."""
    committed.expire_all()
    value = committed.scalar(query)
    committed.rollback()
    return value


def tick(page: Page, fields: dict[str, list[str]], names=None) -> None:
    for name in names or fields:
        for letter in fields[name]:
            page.locator(f"#{name}-{letter}").check()


def complete_the_module(page: Page, judge: Judge, committed, app) -> None:
    judge.activate(page.get_by_role("link", name="The basics", exact=True))
    judge.activate(page.get_by_role("link", name="The first lesson"))
    for block_id in ("first-scenario", "first-check"):
        block = page.locator(f"#block-{block_id}")
        block.locator("input[type=radio]").first.check()
        judge.submit(block)
        expect(page.locator(f"#block-{block_id} .verdict")).to_be_visible()
    judge.activate(page.get_by_role("button", name="Continue to the next lesson"))
    judge.activate(
        page.get_by_role("button", name="Finish the lesson and take the module self-test")
    )
    judge.activate(page.get_by_role("button", name="Start the self-test"))
    expect(page.get_by_role("heading", name="Question 1 of 2", exact=True)).to_be_visible()
    seed = read(committed, select(QuizAttempt.seed).where(QuizAttempt.submitted_at.is_(None)))
    with app.app_context():
        from app.content.service import get_course

        quiz = get_course().module("basics").quiz
    keyed = {q.id: [o.id for o in q.options if o.is_correct] for q in quiz.questions}
    tick(page, {f"q-{k}": v for k, v in as_letters(quiz, seed, keyed).items()})
    judge.activate(page.get_by_role("button", name="Submit my answers"))
    expect(page.locator(".result-summary")).to_contain_text("You scored 100%")


def letters_of_open_attempt(committed, wrong: bool = False) -> dict[str, list[str]]:
    """The form fields answering the open attempt right (or wrong), read from its snapshot;
    the read ends before the browser goes on (SQLite's lock)."""
    committed.expire_all()
    attempt = committed.scalar(select(FinalAttempt).where(FinalAttempt.status == "open"))
    assert attempt is not None
    fields = keyed_letters(attempt, wrong=wrong)
    committed.rollback()
    return fields


@pytest.mark.parametrize("mode", ["javascript", "no-javascript"])
def test_judge_fails_the_final_resumes_and_passes(
    browser: Browser, small_course_app, make_user, committed, mode
):
    javascript = mode == "javascript"
    user = make_user(email=f"final-{mode}@court.example", password=PASSWORD)
    committed.commit()
    base = small_course_app.config["LIVE_URL"]
    context = browser.new_context(base_url=base, java_script_enabled=javascript, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    judge = Judge(page, keyboard=False)
    checks: dict[str, list[str]] = {}

    judge.sign_in(user.email)
    judge.activate(page.get_by_role("link", name="My course"))
    judge.activate(page.get_by_role("button", name="Enrol in the course"))
    complete_the_module(page, judge, committed, small_course_app)
    judge.activate(page.get_by_role("link", name="My course"))
    judge.activate(page.get_by_role("link", name="Take the final assessment"))

    # Attempt 1: every answer wrong.
    judge.activate(page.get_by_role("button", name="Start attempt 1"))
    expect(page.get_by_role("heading", name="Question 1 of 2", exact=True)).to_be_visible()
    if javascript:
        checks["final attempt"] = axe_problems(page)
    tick(page, letters_of_open_attempt(committed, wrong=True))
    judge.activate(page.get_by_role("button", name="Submit the final assessment"))
    expect(page.locator(".result-summary")).to_contain_text("You scored 0%")
    expect(page.get_by_text("shown once you pass or have used every attempt")).to_be_visible()
    if javascript:
        checks["final review"] = axe_problems(page)

    # Attempt 2: one answer, then the tab is closed.
    judge.activate(page.get_by_role("link", name="Back to the final assessment"))
    judge.activate(page.get_by_role("button", name="Start attempt 2"))
    right = letters_of_open_attempt(committed)
    first_name, second_name = list(right)
    tick(page, right, [first_name])
    if javascript:
        expect(page.locator(f"#question-{first_name[2:]} .save-status")).to_contain_text("Saved at")
    else:
        judge.activate(
            page.locator(f"#question-{first_name[2:]}").get_by_role(
                "button", name="Save my answers so far"
            )
        )
        expect(page.get_by_text("Your answers are saved.")).to_be_visible()
    page.close()

    # Back later, in a new tab: the same questions, order and saved answer.
    page = context.new_page()
    page.set_default_timeout(10_000)
    judge = Judge(page, keyboard=False)
    page.goto("/learn/")
    judge.activate(page.get_by_role("link", name="Continue the final assessment"))
    for letter in right[first_name]:
        expect(page.locator(f"#{first_name}-{letter}")).to_be_checked()
    tick(page, right, [second_name])
    judge.activate(page.get_by_role("button", name="Submit the final assessment"))
    expect(page.locator(".result-summary")).to_contain_text("You scored 100%")
    expect(page.get_by_text("Passed: the pass mark is 80%.")).to_be_visible()
    expect(page.locator(".answer-details").first).to_be_attached()
    context.close()
    assert all(not problems for problems in checks.values()), checks
