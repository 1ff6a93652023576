"""The judge's own data: profile edits, export, deletion."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from app.accounts.models import MembershipRequest, Role, User
from app.audit.models import AuditEntry
from tests.conftest import PASSWORD, login, post

PROFILE = {
    "full_name": "Grace W. Mwangi",
    "preferred_language": "fr",
    "court": "Court of Appeal",
    "region": "Coast",
}


def test_profile_edit_saves_details(client, app, db_session, make_user):
    user = make_user()
    login(client, user)
    assert post(client, app, "/account/", PROFILE).status_code == 302
    db_session.refresh(user)
    assert (user.full_name, user.preferred_language, user.court) == (
        "Grace W. Mwangi",
        "fr",
        "Court of Appeal",
    )


def test_posting_roles_or_judiciary_to_own_account_is_refused(
    client, app, db_session, make_user, make_judiciary
):
    user = make_user()
    judiciary = make_judiciary()
    login(client, user)
    for extra in ({"roles": "admin"}, {"judiciary_id": str(judiciary.id)}):
        response = post(client, app, "/account/", {**PROFILE, **extra})
        assert response.status_code == 422
        assert b"does not accept these fields" in response.data
    db_session.refresh(user)
    assert user.roles == frozenset()
    assert user.judiciary_id is None
    assert user.full_name != PROFILE["full_name"], "nothing of the refused form is written"


def test_empty_and_overlong_profile_fields_are_refused(client, app, db_session, make_user):
    user = make_user(name="Original Name")
    login(client, user)
    for bad in ({"full_name": ""}, {"full_name": "n" * 121}, {"region": "r" * 121}):
        response = post(client, app, "/account/", {**PROFILE, **bad})
        assert response.status_code == 422
    db_session.refresh(user)
    assert user.full_name == "Original Name"


def test_export_contains_my_data_and_nobody_elses(client, app, make_user, make_judiciary):
    judiciary = make_judiciary("Judiciary of Export")
    me = make_user(judiciary=judiciary, email="me@court.example")
    make_user(email="other@court.example")
    login(client, me)
    response = client.get("/account/export.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["account"]["email"] == "me@court.example"
    assert data["account"]["judiciary"] == "Judiciary of Export"
    assert b"other@court.example" not in response.data


def test_delete_account_anonymizes_and_keeps_aggregates(
    client, app, db_session, make_user, make_judiciary
):
    judiciary = make_judiciary()
    user = make_user(Role.TRAINER, judiciary=judiciary, email="gone@court.example")
    login(client, user)
    assert post(client, app, "/account/delete", {"password": PASSWORD}).status_code == 302
    row = db_session.get(User, user.id)
    db_session.refresh(row)
    assert row.deleted_at is not None and not row.is_active
    assert row.full_name == "" and "gone" not in row.email and row.court is None
    assert row.roles == frozenset()
    assert row.judiciary_id == judiciary.id, "counted in its judiciary's figures"
    members = db_session.scalar(
        select(func.count()).select_from(User).where(User.judiciary_id == judiciary.id)
    )
    assert members == 1
    assert (
        db_session.scalar(select(AuditEntry.action).where(AuditEntry.subject_id == user.id))
        == "account.deleted"
    )
    assert client.get("/account/").status_code == 302
    relogin = post(
        app.test_client(), app, "/login", {"email": "gone@court.example", "password": PASSWORD}
    )
    assert relogin.status_code == 401


def test_delete_needs_the_password(client, app, db_session, make_user):
    user = make_user()
    login(client, user)
    response = post(client, app, "/account/delete", {"password": "not my password"})
    assert response.status_code == 422
    db_session.refresh(user)
    assert user.deleted_at is None


def test_deleting_withdraws_a_pending_request(client, app, db_session, make_user, make_judiciary):
    x = make_judiciary()
    user = make_user()
    login(client, user)
    post(client, app, "/account/judiciary", {"judiciary_id": str(x.id)})
    post(client, app, "/account/delete", {"password": PASSWORD})
    request = db_session.scalar(select(MembershipRequest))
    db_session.refresh(request)
    assert request.status == "withdrawn"


def test_the_only_admin_cannot_delete_their_account(client, app, db_session, make_user):
    admin = make_user(Role.ADMIN)
    login(client, admin)
    response = post(client, app, "/account/delete", {"password": PASSWORD})
    assert response.status_code == 422
    assert b"only administrator" in response.data
    db_session.refresh(admin)
    assert admin.deleted_at is None
    make_user(Role.ADMIN)
    assert post(client, app, "/account/delete", {"password": PASSWORD}).status_code == 302
