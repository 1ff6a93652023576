"""Registration and e-mail verification, including bad input."""

from __future__ import annotations

import re

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from app.accounts.models import User
from tests.conftest import PASSWORD, post

VALID = {
    "full_name": "Grace Mwangi",
    "email": "grace@court.example",
    "password": PASSWORD,
    "password_confirm": PASSWORD,
    "preferred_language": "en",
    "court": "High Court, Nairobi",
    "region": "",
}


def user_count(session) -> int:
    return session.scalar(select(func.count()).select_from(User))


def link_in(mail) -> str:
    return re.search(r"https?://\S+", mail.body).group(0).replace("http://localhost", "")


def test_register_creates_account_and_sends_verification(client, app, db_session, mails):
    response = post(client, app, "/register", VALID)
    assert response.status_code == 302
    user = db_session.scalar(select(User).where(User.email == "grace@court.example"))
    assert user.full_name == "Grace Mwangi"
    assert user.password_hash.startswith("$argon2id$")
    assert user.roles == frozenset()
    assert not user.is_email_verified
    assert [m.to for m in mails] == ["grace@court.example"]


def test_verification_link_confirms_with_a_post(client, app, db_session, mails):
    post(client, app, "/register", VALID)
    link = link_in(mails[-1])
    page = client.get(link)
    assert page.status_code == 200
    user = db_session.scalar(select(User).where(User.email == "grace@court.example"))
    db_session.refresh(user)
    assert not user.is_email_verified, "GET must not change anything"
    assert post(client, app, link).status_code == 302
    db_session.refresh(user)
    assert user.is_email_verified


def test_expired_verification_link_is_refused(client, app, db_session, mails):
    with freeze_time("2026-01-01 10:00"):
        post(client, app, "/register", VALID)
    link = link_in(mails[-1])
    with freeze_time("2026-01-10 10:00"):
        response = post(client, app, link)
    assert response.status_code == 410
    assert b"expired" in response.data
    user = db_session.scalar(select(User).where(User.email == "grace@court.example"))
    db_session.refresh(user)
    assert not user.is_email_verified


def test_tampered_verification_link_is_refused(client, app, db_session):
    response = post(client, app, "/verify/not-a-real-token")
    assert response.status_code == 404
    assert b"not valid" in response.data


def test_duplicate_email_in_another_case_is_refused(client, app, db_session, make_user):
    make_user(email="Grace@Court.Example")
    before = user_count(db_session)
    response = post(client, app, "/register", {**VALID, "email": "GRACE@court.EXAMPLE"})
    assert response.status_code == 422
    assert b"already exists" in response.data
    assert user_count(db_session) == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", b"valid e-mail address"),
        ("email", "", b"Enter your e-mail address"),
        ("full_name", "", b"This field is required"),
        ("full_name", "x" * 121, b"at most 120 characters"),
        ("court", "c" * 121, b"at most 120 characters"),
        ("email", "a" * 250 + "@x.example", b"at most 254 characters"),
        ("password", "short", b"between 10 and 128"),
        ("password", "p" * 129, b"between 10 and 128"),
        ("password_confirm", "something else entirely", b"do not match"),
        ("preferred_language", "xx", b"Choose one of the options in the list"),
    ],
)
def test_bad_registration_input_is_refused(client, app, db_session, field, value, message):
    before = user_count(db_session)
    response = post(client, app, "/register", {**VALID, field: value})
    assert response.status_code == 422
    assert message in response.data
    assert user_count(db_session) == before


def test_registration_refuses_posted_roles_and_judiciary(client, app, db_session, make_judiciary):
    judiciary = make_judiciary()
    data = {**VALID, "roles": "admin", "judiciary_id": str(judiciary.id)}
    response = post(client, app, "/register", data)
    assert response.status_code == 422
    assert b"does not accept these fields: judiciary_id, roles" in response.data
    assert user_count(db_session) == 0


def test_wrong_csrf_token_is_refused(client, app, db_session):
    response = client.post("/register", data={**VALID, "csrf_token": "forged"})
    assert response.status_code == 400
    assert b"form has expired" in response.data
    assert user_count(db_session) == 0


def test_missing_csrf_token_is_refused(client, db_session):
    response = client.post("/register", data=VALID)
    assert response.status_code == 400
    assert user_count(db_session) == 0


def test_two_registrations_at_once_make_one_account_and_no_500(app, committed):
    """The database's unique index decides; the loser gets a clear 4xx, never a 500."""
    import threading

    from tests.conftest import csrf_token

    clients = [app.test_client() for _ in range(4)]
    tokens = [csrf_token(c, app) for c in clients]
    barrier = threading.Barrier(len(clients))
    statuses = []

    def register(client, token):
        barrier.wait()
        statuses.append(client.post("/register", data={**VALID, "csrf_token": token}).status_code)

    threads = [
        threading.Thread(target=register, args=pair) for pair in zip(clients, tokens, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses)[0] == 302 and statuses.count(302) == 1, statuses
    assert set(statuses) <= {302, 409, 422}, statuses
    assert user_count(committed) == 1


def test_name_with_a_line_break_is_refused(client, app, db_session):
    response = post(client, app, "/register", {**VALID, "full_name": "Grace\nMwangi"})
    assert response.status_code == 422
    assert b"Remove line breaks" in response.data
    assert user_count(db_session) == 0
