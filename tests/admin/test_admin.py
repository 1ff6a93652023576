"""The admin area: roles, activation, judiciaries and the audit log."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import Judiciary, Role
from app.audit.models import AuditEntry
from tests.conftest import login, post


def test_admin_grants_roles_and_the_audit_log_shows_it(
    client, app, db_session, make_user, make_judiciary
):
    admin = make_user(Role.ADMIN, name="Ada Admin")
    user = make_user(judiciary=make_judiciary(), name="Tomas Trainee")
    login(client, admin)
    response = post(
        client, app, f"/admin/users/{user.id}/roles", {"roles": ["trainer", "coordinator"]}
    )
    assert response.status_code == 302
    db_session.refresh(user)
    assert user.roles == {Role.TRAINER, Role.COORDINATOR}
    page = client.get("/admin/audit").data.decode()
    assert "Roles changed" in page and "Ada Admin" in page and "Tomas Trainee" in page


def test_coordinator_role_needs_a_judiciary(client, app, db_session, make_user):
    admin = make_user(Role.ADMIN)
    user = make_user()
    login(client, admin)
    response = post(client, app, f"/admin/users/{user.id}/roles", {"roles": ["coordinator"]})
    assert response.status_code == 422
    assert b"must belong to a judiciary" in response.data
    db_session.refresh(user)
    assert user.roles == frozenset()


def test_unknown_role_is_refused(client, app, db_session, make_user):
    admin = make_user(Role.ADMIN)
    user = make_user()
    login(client, admin)
    response = post(client, app, f"/admin/users/{user.id}/roles", {"roles": ["superuser"]})
    assert response.status_code == 422
    assert b"Choose one of the options in the list." in response.data
    db_session.refresh(user)
    assert user.roles == frozenset()


def test_admin_cannot_lock_themselves_out(client, app, db_session, make_user):
    admin = make_user(Role.ADMIN)
    login(client, admin)
    assert post(client, app, f"/admin/users/{admin.id}/roles", {"roles": []}).status_code == 422
    assert post(client, app, f"/admin/users/{admin.id}/active", {"active": "0"}).status_code == 422
    db_session.refresh(admin)
    assert admin.is_active and Role.ADMIN in admin.roles


def test_deactivate_and_reactivate_are_audited(client, app, db_session, make_user):
    admin = make_user(Role.ADMIN)
    user = make_user()
    login(client, admin)
    post(client, app, f"/admin/users/{user.id}/active", {"active": "0"})
    post(client, app, f"/admin/users/{user.id}/active", {"active": "1"})
    actions = db_session.scalars(
        select(AuditEntry.action).where(AuditEntry.subject_id == user.id)
    ).all()
    assert actions == ["account.deactivated", "account.reactivated"]


def test_create_judiciary_and_refuse_duplicates_and_bad_codes(client, app, db_session, make_user):
    login(client, make_user(Role.ADMIN))
    assert (
        post(
            client, app, "/admin/judiciaries", {"name": "Judiciary of Kenya", "country": "ke"}
        ).status_code
        == 302
    )
    duplicate = post(
        client, app, "/admin/judiciaries", {"name": "judiciary of kenya", "country": "KE"}
    )
    assert duplicate.status_code == 422 and b"already exists" in duplicate.data
    bad_code = post(client, app, "/admin/judiciaries", {"name": "Another", "country": "Kenya"})
    assert bad_code.status_code == 422 and b"two-letter country code" in bad_code.data
    assert db_session.scalars(select(Judiciary.country)).all() == ["KE"]


def test_user_search(client, app, make_user):
    login(client, make_user(Role.ADMIN))
    make_user(name="Findable Person", email="findme@court.example")
    make_user(name="Hidden Person", email="hidden@court.example")
    page = client.get("/admin/users?q=findme").data
    assert b"Findable Person" in page and b"Hidden Person" not in page


def test_judiciary_name_with_a_line_break_is_refused(client, app, db_session, make_user):
    login(client, make_user(Role.ADMIN))
    response = post(
        client, app, "/admin/judiciaries", {"name": "Bad\r\nBcc: x@evil.example", "country": "KE"}
    )
    assert response.status_code == 422
    assert b"Remove line breaks" in response.data
    assert db_session.scalars(select(Judiciary)).all() == []


def test_admin_user_page_has_unique_element_ids(client, app, make_user):
    import re

    admin = make_user(Role.ADMIN)
    login(client, admin)
    html = client.get(f"/admin/users/{admin.id}").data.decode()
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
