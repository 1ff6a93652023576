"""A judge's course journey in a real browser: with JavaScript, without it, and by keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

PASSWORD = "a judge's password"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


class Judge:
    """Drives the page with the mouse, or with the keyboard alone."""

    def __init__(self, page: Page, keyboard: bool) -> None:
        self.page = page
        self.keyboard = keyboard

    def focus(self, target: Locator) -> None:
        for _ in range(400):
            self.page.keyboard.press("Tab")
            if target.evaluate("element => element === document.activeElement"):
                return
        raise AssertionError(f"Tab never reached {target}")

    def activate(self, target: Locator) -> None:
        if self.keyboard:
            self.focus(target)
            self.page.keyboard.press("Enter")
        else:
            target.click()

    def fill(self, target: Locator, text: str) -> None:
        if self.keyboard:
            self.focus(target)
            self.page.keyboard.type(text)
        else:
            target.fill(text)

    def choose(self, group: Locator, index: int) -> None:
        """Pick the option at index in a radio group."""
        options = group.locator("input[type=radio]")
        if self.keyboard:
            self.focus(options.first)
            self.page.keyboard.press("Space")
            for _ in range(index):
                self.page.keyboard.press("ArrowDown")
        else:
            options.nth(index).check()

    def sign_in(self, email: str) -> None:
        self.page.goto("/login")
        self.fill(self.page.get_by_label("E-mail address"), email)
        self.fill(self.page.get_by_label("Password"), PASSWORD)
        self.activate(self.page.get_by_role("button", name="Sign in"))
        expect(self.page.get_by_role("button", name="Sign out")).to_be_visible()

    def submit(self, section: Locator) -> None:
        self.activate(section.get_by_role("button"))


def block(page: Page, block_id: str) -> Locator:
    return page.locator(f"#block-{block_id}")


def axe_problems(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    rules = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']"
    result = page.evaluate(f"async () => await axe.run(document, {{runOnly: {rules}}})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("mode", ["javascript", "no-javascript", "keyboard"])
def test_judge_learns_leaves_and_resumes(browser: Browser, live_app, make_user, committed, mode):
    user = make_user(email=f"{mode}@court.example", password=PASSWORD)
    committed.commit()
    context = browser.new_context(
        base_url=live_app.config["LIVE_URL"],
        java_script_enabled=mode != "no-javascript",
        bypass_csp=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    judge = Judge(page, keyboard=mode == "keyboard")
    checks: dict[str, list[str]] = {}

    judge.sign_in(user.email)
    judge.activate(page.get_by_role("link", name="My course"))
    judge.activate(page.get_by_role("button", name="Enrol in the course"))
    expect(page.get_by_text("You are enrolled.")).to_be_visible()
    judge.activate(page.get_by_role("link", name="Value 1: Independence", exact=True))
    judge.activate(page.get_by_role("link", name="Why independence matters"))

    # Lesson 1: answer the knowledge check, read to the end.
    check = block(page, "ind-check-privilege")
    judge.choose(check, 1)
    judge.submit(check)
    expect(block(page, "ind-check-privilege").locator(".verdict")).to_be_visible()
    judge.activate(page.get_by_role("button", name="Continue to the next lesson"))

    # Lesson 2: the minister's call; the judge picks the best course and reads why.
    expect(page.get_by_role("heading", level=1)).to_have_text("Pressure from outside the court")
    scenario = block(page, "ind-sc-minister-call")
    judge.choose(scenario, 1)
    judge.submit(scenario)
    feedback = block(page, "ind-sc-minister-call").locator(".feedback")
    expect(feedback).to_contain_text("This is the best course of action.")
    expect(feedback).to_contain_text("The other choices")
    checks["scenario after answering"] = axe_problems(page) if mode == "javascript" else []
    media = block(page, "ind-sc-media-campaign")
    judge.choose(media, 0)
    judge.submit(media)
    expect(block(page, "ind-sc-media-campaign").locator(".verdict")).to_be_visible()
    judge.activate(page.get_by_role("button", name="Continue to the next lesson"))

    # Lesson 3: a private reflection, then leave.
    expect(page.get_by_role("heading", level=1)).to_have_text("Independence inside the judiciary")
    reflection = block(page, "ind-reflect-inside")
    judge.fill(reflection.get_by_role("textbox"), f"Written with {mode}.")
    judge.submit(reflection)
    expect(block(page, "ind-reflect-inside").locator(".saved")).to_be_visible()
    checks["lesson with a reflection"] = axe_problems(page) if mode == "javascript" else []
    judge.activate(page.get_by_role("button", name="Sign out"))
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()

    # Back again: the dashboard shows the progress and resumes at lesson 3.
    judge.sign_in(user.email)
    judge.activate(page.get_by_role("link", name="My course"))
    independence = page.locator(
        "li", has=page.get_by_role("link", name="Value 1: Independence", exact=True)
    )
    expect(independence).to_contain_text("2 of 5 lessons")
    if mode == "javascript":
        checks["dashboard"] = axe_problems(page)
    judge.activate(page.get_by_role("link", name="Resume"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Independence inside the judiciary")
    expect(page.get_by_role("textbox")).to_have_value(f"Written with {mode}.")
    judge.activate(page.get_by_role("link", name="My course"))
    judge.activate(page.get_by_role("link", name="My reflections"))
    expect(page.get_by_text(f"Written with {mode}.")).to_be_visible()
    if mode == "javascript":
        checks["reflections page"] = axe_problems(page)
    context.close()
    assert all(not problems for problems in checks.values()), checks
