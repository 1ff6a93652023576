"""Sign-in, sign-out, throttling and session revocation."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from app.accounts import operations as ops
from app.accounts.models import Role
from tests.conftest import PASSWORD, login, post


def sign_in(client, app, email, password=PASSWORD, next_url=None):
    url = f"/login?next={next_url}" if next_url else "/login"
    return post(client, app, url, {"email": email, "password": password})


def test_sign_in_with_any_letter_case(client, app, make_user):
    user = make_user(email="Judge@Court.Example")
    response = sign_in(client, app, "JUDGE@court.example")
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200
    assert user.email.encode() in client.get("/account/").data


def test_unknown_user_and_wrong_password_get_the_same_message(client, app, make_user):
    make_user(email="known@court.example")
    unknown = sign_in(client, app, "nobody@court.example")
    wrong = sign_in(client, app, "known@court.example", "wrong password!")
    assert unknown.status_code == wrong.status_code == 401
    message = b"The e-mail address or password is not correct."
    assert message in unknown.data and message in wrong.data


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/account/password", "/account/password"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_next_redirect_stays_on_site(client, app, make_user, next_url, expected):
    user = make_user()
    response = sign_in(client, app, user.email, next_url=next_url)
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_logout_is_a_post_and_revokes_the_old_cookie(client, app, make_user):
    user = make_user()
    sign_in(client, app, user.email)
    assert client.get("/logout").status_code == 405
    stolen = client.get_cookie("session").value
    post(client, app, "/logout")
    assert client.get("/account/").status_code == 302
    client.set_cookie("session", stolen)
    assert client.get("/account/").status_code == 302, "a replayed cookie must be refused"


def test_password_change_revokes_other_sessions(client, app, make_user):
    user = make_user()
    other = app.test_client()
    sign_in(other, app, user.email)
    sign_in(client, app, user.email)
    data = {
        "current_password": PASSWORD,
        "password": "a brand new secret",
        "password_confirm": "a brand new secret",
    }
    assert post(client, app, "/account/password", data).status_code == 302
    assert other.get("/account/").status_code == 302
    assert sign_in(client, app, user.email, "a brand new secret").status_code == 302


def test_wrong_current_password_changes_nothing(client, app, make_user):
    user = make_user()
    login(client, user)
    data = {
        "current_password": "not my password",
        "password": "a brand new secret",
        "password_confirm": "a brand new secret",
    }
    response = post(client, app, "/account/password", data)
    assert response.status_code == 422
    assert b"current password is not correct" in response.data
    assert client.get("/account/").status_code == 200, "still signed in"
    assert sign_in(app.test_client(), app, user.email).status_code == 302


def test_role_change_revokes_sessions(client, app, db_session, make_user):
    admin = make_user(Role.ADMIN)
    user = make_user()
    login(client, user)
    assert client.get("/account/").status_code == 200
    ops.set_roles(db_session, admin, user, [Role.TRAINER])
    db_session.commit()
    assert client.get("/account/").status_code == 302


def test_deactivation_revokes_sessions_and_blocks_sign_in(client, app, db_session, make_user):
    admin = make_user(Role.ADMIN)
    user = make_user()
    login(client, user)
    ops.set_active(db_session, admin, user, False)
    db_session.commit()
    assert client.get("/account/").status_code == 302
    response = sign_in(client, app, user.email)
    assert response.status_code == 403
    assert b"deactivated" in response.data


def test_eleventh_bad_password_is_refused_on_either_instance(app, committed, make_user, other_app):
    """Two app instances (two workers) share the failure count through the database."""
    user = make_user()
    clients = [(app, app.test_client()), (other_app, other_app.test_client())]
    with freeze_time("2026-03-01 09:00"):
        for attempt in range(10):
            instance, client = clients[attempt % 2]
            assert sign_in(client, instance, user.email, "wrong password!").status_code == 401
        for instance, client in clients:
            refused = sign_in(client, instance, user.email)  # even the right password
            assert refused.status_code == 429
            assert b"Too many failed sign-in attempts" in refused.data
    with freeze_time("2026-03-01 09:16"):
        instance, client = clients[1]
        assert sign_in(client, instance, user.email).status_code == 302, "the window has passed"


def test_failures_per_address_are_counted_across_accounts(app, committed, make_user):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    try:
        client = app.test_client()
        users = [make_user() for _ in range(4)]
        for user in users[:3]:
            assert sign_in(client, app, user.email, "wrong password!").status_code == 401
        assert sign_in(client, app, users[3].email).status_code == 429
    finally:
        app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 50
