"""Defects found in review, each pinned by a test."""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import select

from app import create_app
from app.accounts import operations as ops
from app.accounts import passwords
from app.accounts.models import Invitation, Judiciary, LoginFailure, Role, User
from app.audit.models import AuditEntry
from app.database import Database
from app.extensions import db
from app.mail import outbox
from config import ConfigError
from tests.accounts.test_registration import link_in
from tests.conftest import PASSWORD, csrf_token, login, make_app, post


@pytest.mark.parametrize("url", ["/admin/users", "/admin/audit", "/admin/requests"])
def test_options_on_admin_pages_is_not_a_server_error(client, url):
    # Flask-Login's login_required lets OPTIONS through to the role check.
    response = client.open(url, method="OPTIONS")
    assert response.status_code == 403


@pytest.mark.parametrize("number", [2**31, 2**63, 10**30])
def test_an_id_too_large_for_the_database_is_a_404(client, app, make_user, make_judiciary, number):
    judiciary = make_judiciary()
    login(client, make_user(Role.ADMIN, Role.COORDINATOR, judiciary=judiciary))
    assert client.get(f"/admin/users/{number}").status_code == 404
    decision = {"decision": "approve"}
    assert post(client, app, f"/admin/requests/{number}", decision).status_code == 404
    assert post(client, app, f"/judiciary/requests/{number}", decision).status_code == 404


def test_refused_move_still_shows_the_users_roles(client, app, make_user, make_judiciary):
    judiciary = make_judiciary()
    target = make_user(Role.TRAINER, Role.COORDINATOR, judiciary=judiciary)
    login(client, make_user(Role.ADMIN))
    response = post(client, app, f"/admin/users/{target.id}/judiciary", {"judiciary_id": "424242"})
    assert response.status_code == 422
    checked = set(
        re.findall(
            r'<input checked id="roles-\d" name="roles" type="checkbox" value="(\w+)"',
            response.get_data(as_text=True),
        )
    )
    # The roles form must show the user's roles, not the (absent) roles of the move form's post.
    assert checked == {"trainer", "coordinator"}


def test_country_code_with_a_trailing_newline_is_refused(client, app, make_user):
    # `$` matches before a final newline: "KE\n" passed, then overflowed VARCHAR(2) on PostgreSQL.
    login(client, make_user(Role.ADMIN))
    response = post(client, app, "/admin/judiciaries", {"name": "Newline", "country": "KE\n"})
    assert response.status_code == 422
    assert db.session.scalar(select(Judiciary).where(Judiciary.name == "Newline")) is None


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/login", {"email": "a\x00b@court.example", "password": "whatever123"}),
        ("/password/forgot", {"email": "a\x00b@court.example"}),
        (
            "/register",
            {
                "full_name": "Nul\x00Name",
                "email": "nul@court.example",
                "password": PASSWORD,
                "password_confirm": PASSWORD,
                "preferred_language": "en",
            },
        ),
    ],
)
def test_nul_characters_in_a_form_are_a_400(client, app, url, data):
    # PostgreSQL refuses NUL in text: these were 500s there (and stored as is on SQLite).
    assert post(client, app, url, data).status_code == 400
    assert db.session.scalar(select(User).where(User.email == "nul@court.example")) is None


def test_nul_characters_in_the_query_string_are_a_400(client, app, make_user):
    login(client, make_user(Role.ADMIN))
    assert client.get("/admin/users?q=a%00b").status_code == 400


def register(client, app, email):
    data = {
        "full_name": "Ölaf Ångström",
        "email": email,
        "password": PASSWORD,
        "password_confirm": PASSWORD,
        "preferred_language": "en",
    }
    return post(client, app, "/register", data)


def test_an_address_with_a_non_ascii_capital_can_sign_in(client, app):
    assert register(client, app, "Ölaf@court.example").status_code == 302
    for typed in ("Ölaf@court.example", "ölaf@court.example", " ÖLAF@COURT.EXAMPLE "):
        other = app.test_client()
        response = post(other, app, "/login", {"email": typed, "password": PASSWORD})
        assert response.status_code == 302, typed


@pytest.mark.parametrize("again", ["Ölaf@court.example", "ölaf@court.example"])
def test_an_address_with_a_non_ascii_capital_is_registered_once(client, app, again):
    assert register(client, app, "Ölaf@court.example").status_code == 302
    response = register(app.test_client(), app, again)
    assert response.status_code == 422
    assert b"An account with this e-mail address already exists." in response.data


def test_production_refuses_to_start_without_trusted_hosts(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    with pytest.raises(ConfigError, match="TRUSTED_HOSTS"):
        create_app({"APP_CONFIG": "production"})


@pytest.fixture
def production_app(monkeypatch, database_url, committed):
    """The production configuration behind one proxy, mail kept in the outbox."""
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("TRUSTED_HOSTS", "ethics.example.org")
    application = make_app(database_url, APP_CONFIG="production", SERVER_NAME=None)
    application.config["MAIL_BACKEND"] = "outbox"
    yield application
    Database.engine_of(application).dispose()


def ask_for_reset(client, email, headers):
    base = "https://ethics.example.org"
    # The attacker sends the Referer that CSRF's strict HTTPS check expects for that host.
    host = headers.get("X-Forwarded-Host") or headers.get("Host") or "ethics.example.org"
    headers = {"Referer": f"https://{host}/", **headers}
    page = client.get("/password/forgot", base_url=base, headers=headers)
    if page.status_code != 200:
        return page
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    data = {"csrf_token": token, "email": email}
    return client.post("/password/forgot", data=data, base_url=base, headers=headers)


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"},
        {"Host": "evil.example", "X-Forwarded-Proto": "https"},
    ],
)
def test_reset_link_cannot_point_to_another_host(production_app, make_user, headers):
    make_user(email="victim@court.example")
    response = ask_for_reset(production_app.test_client(), "victim@court.example", headers)
    assert response.status_code == 400
    assert outbox(production_app) == []


def test_reset_link_uses_the_trusted_host(production_app, make_user):
    make_user(email="judge@court.example")
    headers = {"X-Forwarded-Proto": "https"}
    response = ask_for_reset(production_app.test_client(), "judge@court.example", headers)
    assert response.status_code == 302
    [mail] = outbox(production_app)
    assert "https://ethics.example.org/password/reset/" in mail.body


def change_password(client, app, current):
    data = {
        "current_password": current,
        "password": "a new secret!!",
        "password_confirm": "a new secret!!",
    }
    return post(client, app, "/account/password", data)


@pytest.mark.parametrize(
    "attempt",
    [
        lambda client, app, password: change_password(client, app, password),
        lambda client, app, password: post(client, app, "/account/delete", {"password": password}),
    ],
    ids=["change-password", "delete-account"],
)
def test_password_confirmation_is_throttled_like_sign_in(client, app, make_user, attempt):
    # A stolen session must not be an unlimited oracle for guessing the password.
    user = make_user()
    login(client, user)
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        assert attempt(client, app, "not my password").status_code == 422
    refused = attempt(client, app, PASSWORD)  # even the right password, now
    assert refused.status_code == 429
    assert b"Too many failed sign-in attempts" in refused.data
    db.session.refresh(user)
    assert user.deleted_at is None
    assert passwords.verify_password(user.password_hash, PASSWORD)
    signin = post(app.test_client(), app, "/login", {"email": user.email, "password": PASSWORD})
    assert signin.status_code == 429, "the same count as sign-in"


def test_deleting_an_account_removes_its_address_everywhere(
    app, db_session, make_user, make_judiciary
):
    judiciary = make_judiciary()
    coordinator = make_user(Role.COORDINATOR, judiciary=judiciary)
    user = make_user(email="leaver@court.example")
    coordinator_client, client = app.test_client(), app.test_client()
    login(coordinator_client, coordinator)
    invite = {"email": "Leaver@court.example"}
    assert post(coordinator_client, app, "/judiciary/invitations", invite).status_code == 302
    wrong = {"email": "leaver@court.example", "password": "not my password"}
    assert post(app.test_client(), app, "/login", wrong).status_code == 401
    login(client, user)
    assert post(client, app, "/account/delete", {"password": PASSWORD}).status_code == 302

    left = [
        *db.session.scalars(select(Invitation.email)),
        *(str(detail) for detail in db.session.scalars(select(AuditEntry.detail))),
        *db.session.scalars(select(LoginFailure.account_key)),
    ]
    assert not [value for value in left if "leaver" in value.lower()]


def test_an_http_error_without_our_message_shows_no_werkzeug_english(client):
    response = client.get("/static/css/app.css", headers={"Range": "bytes=999999-"})
    assert response.status_code == 416
    assert b"The server cannot provide the requested range." not in response.data
    assert b"The request could not be understood. Go back and try again." in response.data


def test_method_not_allowed_says_which_methods_are(client, app):
    response = post(client, app, "/privacy")
    assert response.status_code == 405
    assert {"GET", "HEAD"} <= {m.strip() for m in response.headers.get("Allow", "").split(",")}
    assert response.mimetype == "text/html"


def test_each_reject_button_names_the_person(client, app, db_session, make_user, make_judiciary):
    # Screen-reader users list the buttons of a page: "Reject" x N says nothing about whom.
    judiciary = make_judiciary()
    coordinator = make_user(Role.COORDINATOR, judiciary=judiciary)
    for name in ("Amina Okafor", "Tomas Ruiz"):
        ops.request_membership(db_session, make_user(name=name), judiciary.id)
    login(client, coordinator)
    page = client.get("/judiciary/members").get_data(as_text=True)
    rejects = re.findall(r'<button[^>]*value="reject"[^>]*>([^<]*)</button>', page)
    assert sorted(rejects) == ["Reject Amina Okafor", "Reject Tomas Ruiz"]


def test_the_data_export_is_not_cached(client, make_user):
    # HTML pages are no-store; the one response that holds all of a person's data was not.
    login(client, make_user())
    response = client.get("/account/export.json")
    assert response.status_code == 200
    assert response.headers.get("Cache-Control") == "no-store"


def test_concurrent_wrong_passwords_do_not_pass_the_limit_together(
    app, committed, make_user, database_url
):
    """Twenty guesses at once, over four workers: no more than the limit are tried."""
    make_user(email="race@court.example")
    workers = [make_app(database_url) for _ in range(4)]
    clients = [(instance, instance.test_client()) for instance in workers * 5]
    tokens = [csrf_token(client, instance) for instance, client in clients]
    start = threading.Barrier(len(clients))
    statuses = []

    def guess(number):
        _instance, client = clients[number]
        data = {"csrf_token": tokens[number], "email": "race@court.example"}
        start.wait()
        response = client.post("/login", data={**data, "password": f"guess number {number}"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for instance in workers:
        Database.engine_of(instance).dispose()
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    assert statuses.count(401) == limit, sorted(statuses)
    assert statuses.count(429) == len(clients) - limit


@pytest.mark.parametrize(
    "lose_authority",
    [
        lambda session, admin, coordinator: ops.set_roles(session, admin, coordinator, []),
        lambda session, admin, coordinator: ops.set_active(session, admin, coordinator, False),
        lambda session, admin, coordinator: ops.move_user(session, admin, coordinator, None),
    ],
    ids=["role-removed", "deactivated", "moved-out"],
)
def test_an_invitation_lapses_with_its_coordinators_authority(
    app, db_session, make_user, make_judiciary, mails, lose_authority
):
    judiciary = make_judiciary()
    admin = make_user(Role.ADMIN)
    coordinator = make_user(Role.COORDINATOR, judiciary=judiciary)
    invitee = make_user(email="friend@court.example")
    coordinator_client, client = app.test_client(), app.test_client()
    login(coordinator_client, coordinator)
    invite = {"email": "friend@court.example"}
    assert post(coordinator_client, app, "/judiciary/invitations", invite).status_code == 302
    link = link_in(mails[-1])
    lose_authority(db_session, admin, coordinator)
    db_session.commit()
    login(client, invitee)
    assert client.get(link).status_code == 404
    assert post(client, app, link).status_code == 404
    db_session.refresh(invitee)
    assert invitee.judiciary_id is None
