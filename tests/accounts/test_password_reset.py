"""Password reset by e-mailed token: one use, one hour, same answer for unknown e-mails."""

from __future__ import annotations

from freezegun import freeze_time

from tests.accounts.test_registration import link_in
from tests.conftest import PASSWORD, post

NEW = {"password": "a fresh long password", "password_confirm": "a fresh long password"}


def ask_reset(client, app, email):
    return post(client, app, "/password/forgot", {"email": email})


def test_reset_link_sets_a_new_password_once(client, app, make_user, mails):
    user = make_user()
    assert ask_reset(client, app, user.email).status_code == 302
    link = link_in(mails[-1])
    assert client.get(link).status_code == 200
    assert post(client, app, link, NEW).status_code == 302
    signed_in = post(client, app, "/login", {"email": user.email, "password": NEW["password"]})
    assert signed_in.status_code == 302
    again = post(
        client,
        app,
        link,
        {"password": "yet another password", "password_confirm": "yet another password"},
    )
    assert again.status_code == 404, "a used link stops working"


def test_unknown_address_gets_the_same_answer_and_no_mail(client, app, db_session, mails):
    response = ask_reset(client, app, "nobody@court.example")
    assert response.status_code == 302
    assert mails == []


def test_unknown_token_is_refused(client, app, db_session):
    response = post(client, app, "/password/reset/made-up-token", NEW)
    assert response.status_code == 404
    assert b"not valid" in response.data


def test_expired_token_is_refused_and_password_unchanged(client, app, make_user, mails):
    user = make_user()
    with freeze_time("2026-05-01 08:00"):
        ask_reset(client, app, user.email)
    link = link_in(mails[-1])
    with freeze_time("2026-05-01 09:01"):
        response = post(client, app, link, NEW)
    assert response.status_code == 410
    assert b"expired" in response.data
    old = post(app.test_client(), app, "/login", {"email": user.email, "password": PASSWORD})
    assert old.status_code == 302


def test_reset_with_mismatched_passwords_is_refused(client, app, make_user, mails):
    user = make_user()
    ask_reset(client, app, user.email)
    link = link_in(mails[-1])
    response = post(
        client, app, link, {"password": "a fresh long password", "password_confirm": "different!!"}
    )
    assert response.status_code == 422
    assert b"do not match" in response.data


def test_reset_mails_to_one_address_are_limited(client, app, make_user, mails):
    user = make_user()
    for _ in range(5):
        response = ask_reset(client, app, user.email.upper())
        assert response.status_code == 302, "the same answer every time"
    assert len(mails) == app.config["RESET_MAILS_PER_ACCOUNT"] == 3
