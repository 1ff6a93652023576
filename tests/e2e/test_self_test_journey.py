"""A judge takes a module self-test in a real browser, with JavaScript and without it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from app.content.service import get_course
from app.quizzes.models import QuizAttempt
from tests.conftest import as_letters
from tests.e2e.test_learning_journey import PASSWORD, Judge, axe_problems

MODULE = "independence"


def answer_everything(page: Page, committed, wrong_first: bool = False) -> None:
    """Tick the keyed options of every question (the first one wrong, if asked).

    The page names options by their letters in this attempt's order, so the test reads
    the attempt's seed to know which letter each keyed option carries.
    """
    quiz = get_course().module(MODULE).quiz
    seed = committed.scalar(select(QuizAttempt.seed).where(QuizAttempt.submitted_at.is_(None)))
    assert seed is not None, "an attempt is open"
    committed.rollback()  # end the read: on SQLite it would hold the lock the server needs
    keyed = {q.id: [o.id for o in q.options if o.is_correct] for q in quiz.questions}
    if wrong_first:
        first = quiz.questions[0]
        keyed[first.id] = [next(o.id for o in first.options if not o.is_correct)]
    for question_id, letters in as_letters(quiz, seed, keyed).items():
        for letter in letters:
            page.locator(f"#q-{question_id}-{letter}").check()


def no_reload_marker(page: Page, javascript: bool) -> None:
    if javascript:
        page.evaluate("window.stillTheSamePage = true")


def same_page(page: Page, javascript: bool) -> None:
    """With JavaScript, the self-test runs without reloading the page."""
    if javascript:
        assert page.evaluate("window.stillTheSamePage === true"), "the page was reloaded"


@pytest.mark.parametrize("mode", ["javascript", "no-javascript"])
def test_judge_takes_a_self_test(browser: Browser, live_app, make_user, committed, mode):
    javascript = mode == "javascript"
    user = make_user(email=f"self-test-{mode}@court.example", password=PASSWORD)
    committed.commit()
    context = browser.new_context(
        base_url=live_app.config["LIVE_URL"], java_script_enabled=javascript, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    judge = Judge(page, keyboard=False)
    checks: dict[str, list[str]] = {}

    judge.sign_in(user.email)
    judge.activate(page.get_by_role("link", name="My course"))
    judge.activate(page.get_by_role("button", name="Enrol in the course"))
    judge.activate(page.get_by_role("link", name="Value 1: Independence", exact=True))
    judge.activate(page.get_by_role("link", name="Take the self-test"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Self-test: independence")
    no_reload_marker(page, javascript)
    judge.activate(page.get_by_role("button", name="Start the self-test"))
    expect(page.get_by_role("heading", name="Question 1 of 10", exact=True)).to_be_visible()
    same_page(page, javascript)
    if javascript:
        checks["self-test questions"] = axe_problems(page)

    # Sent without answers: the form says so, and nothing is lost.
    judge.activate(page.get_by_role("button", name="Submit my answers"))
    expect(page.get_by_role("alert")).to_contain_text("Answer the questions, then submit.")
    same_page(page, javascript)

    answer_everything(page, committed, wrong_first=True)
    judge.activate(page.get_by_role("button", name="Submit my answers"))
    expect(page.get_by_role("heading", name="Your result")).to_be_visible()
    expect(page.locator(".result-summary")).to_contain_text("9 of 10 questions fully right")
    expect(page.locator(".review-item").filter(has_text="Wrong").first).to_contain_text("Revisit:")
    same_page(page, javascript)
    if javascript:
        checks["self-test result"] = axe_problems(page)

    # Try again: a new attempt, all right this time.
    judge.activate(page.get_by_role("button", name="Try again"))
    expect(page.get_by_role("heading", name="Question 1 of 10", exact=True)).to_be_visible()
    answer_everything(page, committed)
    judge.activate(page.get_by_role("button", name="Submit my answers"))
    expect(page.locator(".result-summary")).to_contain_text("You scored 100%")
    same_page(page, javascript)

    judge.activate(page.get_by_role("link", name="Back to the module"))
    expect(page.locator(".module-self-test")).to_contain_text(
        "Self-test passed (best 100%, latest 100%)."
    )
    judge.activate(page.get_by_role("link", name="My course"))
    independence = page.locator(
        "li", has=page.get_by_role("link", name="Value 1: Independence", exact=True)
    )
    expect(independence).to_contain_text("Self-test passed (best 100%, latest 100%).")
    context.close()
    assert all(not problems for problems in checks.values()), checks
