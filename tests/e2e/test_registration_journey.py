"""A judge's first visit, end to end in a real browser."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from app.accounts.models import Role
from app.mail import outbox

PASSWORD = "my first password"
NEW_PASSWORD = "my second password"


def link_from(mail) -> str:
    return re.search(r"https?://\S+", mail.body).group(0)


def sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()


def test_register_verify_join_approve_and_change_password(
    page: Page, live_app, make_user, make_judiciary, committed
):
    judiciary = make_judiciary("Judiciary of Atlantis")
    make_user(Role.COORDINATOR, judiciary=judiciary, email="coord@court.example", password=PASSWORD)
    committed.commit()

    # Register as a judge.
    page.goto("/register")
    page.get_by_label("Full name, as it should appear on your certificate").fill("Nadia Okafor")
    page.get_by_label("E-mail address").fill("nadia@court.example")
    page.get_by_label("Password (at least 10 characters)").fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_label("Court (optional)").fill("High Court")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("is not confirmed yet")).to_be_visible()

    # Verify the e-mail address from the outbox.
    mails = [m for m in outbox(live_app) if m.to == "nadia@court.example"]
    assert len(mails) == 1
    page.goto(link_from(mails[0]))
    page.get_by_role("button", name="Confirm my e-mail address").click()
    expect(page.get_by_text("Your e-mail address is confirmed.")).to_be_visible()

    # Ask to join the judiciary.
    page.get_by_role("link", name="Join a judiciary").click()
    page.get_by_label("Judiciary").select_option(label="Judiciary of Atlantis")
    page.get_by_role("button", name="Ask to join").click()
    expect(page.get_by_text("Your request is sent.")).to_be_visible()
    sign_out(page)

    # The coordinator approves.
    sign_in(page, "coord@court.example", PASSWORD)
    page.get_by_role("link", name="My judiciary").click()
    page.get_by_role("button", name="Approve Nadia Okafor").click()
    expect(page.get_by_text("Nadia Okafor is now a member.")).to_be_visible()
    sign_out(page)

    # The judge signs in and sees the membership.
    sign_in(page, "nadia@court.example", PASSWORD)
    page.get_by_role("link", name="My account", exact=True).click()
    expect(page.get_by_text("You are a member of Judiciary of Atlantis.")).to_be_visible()

    # Change the password: every session ends, the new password works, the old does not.
    page.get_by_role("link", name="Change my password").click()
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password (at least 10 characters)").fill(NEW_PASSWORD)
    page.get_by_label("Repeat the password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change my password").click()
    expect(page.get_by_text("Sign in again")).to_be_visible()
    sign_in(page, "nadia@court.example", PASSWORD)
    expect(page.get_by_text("The e-mail address or password is not correct.")).to_be_visible()
    sign_in(page, "nadia@court.example", NEW_PASSWORD)
    page.get_by_role("link", name="My account", exact=True).click()
    expect(page.get_by_role("heading", name="My account")).to_be_visible()
