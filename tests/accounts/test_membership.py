"""Joining a judiciary: requests, approval in scope only, invitations, admin moves."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from app.accounts.models import Judiciary, MembershipRequest, MembershipStatus, Role, User
from app.audit.models import AuditEntry
from tests.accounts.test_registration import link_in
from tests.conftest import login, post


def ask_to_join(client, app, judiciary):
    return post(client, app, "/account/judiciary", {"judiciary_id": str(judiciary.id)})


@dataclass
class Pending:
    judiciary: Judiciary
    judge: User
    request: MembershipRequest


@pytest.fixture
def pending(app, db_session, make_user, make_judiciary) -> Pending:
    """A judge who asked, through the web, to join judiciary X."""
    x = make_judiciary("Judiciary X")
    judge = make_user(name="Pending Person")
    judge_client = app.test_client()
    login(judge_client, judge)
    assert ask_to_join(judge_client, app, x).status_code == 302
    return Pending(x, judge, db_session.scalar(select(MembershipRequest)))


def decide(client, app, url, decision="approve"):
    return post(client, app, url, {"decision": decision})


def test_judge_asks_and_coordinator_approves(app, db_session, make_user, make_judiciary):
    x = make_judiciary("Judiciary X")
    judge = make_user()
    coordinator = make_user(Role.COORDINATOR, judiciary=x)
    judge_client, coord_client = app.test_client(), app.test_client()
    login(judge_client, judge)
    login(coord_client, coordinator)
    assert ask_to_join(judge_client, app, x).status_code == 302
    request = db_session.scalar(
        select(MembershipRequest).where(MembershipRequest.user_id == judge.id)
    )
    page = coord_client.get("/judiciary/members")
    assert judge.full_name.encode() in page.data
    decided = post(coord_client, app, f"/judiciary/requests/{request.id}", {"decision": "approve"})
    assert decided.status_code == 302
    db_session.refresh(judge)
    assert judge.judiciary_id == x.id
    actions = db_session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["membership.requested", "membership.approved"]


def test_unverified_judge_cannot_ask(client, app, db_session, make_user, make_judiciary):
    x = make_judiciary()
    login(client, make_user(verified=False))
    response = ask_to_join(client, app, x)
    assert response.status_code == 403
    assert b"Verify your e-mail address" in response.data
    assert db_session.scalars(select(MembershipRequest)).all() == []


def test_coordinator_of_another_judiciary_cannot_approve(
    client, app, db_session, make_user, make_judiciary, pending
):
    login(client, make_user(Role.COORDINATOR, judiciary=make_judiciary()))
    response = decide(client, app, f"/judiciary/requests/{pending.request.id}")
    assert response.status_code == 404
    assert b"no such membership request in your judiciary" in response.data
    db_session.refresh(pending.request)
    db_session.refresh(pending.judge)
    assert pending.request.status == MembershipStatus.PENDING
    assert pending.judge.judiciary_id is None


def test_a_decided_request_cannot_be_decided_again(client, app, db_session, make_user, pending):
    login(client, make_user(Role.COORDINATOR, judiciary=pending.judiciary))
    url = f"/judiciary/requests/{pending.request.id}"
    assert decide(client, app, url, "reject").status_code == 302
    assert decide(client, app, url, "approve").status_code == 422
    db_session.refresh(pending.judge)
    assert pending.judge.judiciary_id is None


def test_second_pending_request_is_refused(client, app, db_session, make_user, make_judiciary):
    x, y = make_judiciary(), make_judiciary()
    login(client, make_user())
    ask_to_join(client, app, x)
    response = ask_to_join(client, app, y)
    assert response.status_code == 422
    assert b"already have a request waiting" in response.data
    assert len(db_session.scalars(select(MembershipRequest)).all()) == 1


def test_invitation_by_email_token(app, db_session, make_user, make_judiciary, mails):
    x = make_judiciary()
    coordinator = make_user(Role.COORDINATOR, judiciary=x)
    invitee = make_user(email="invited@court.example", verified=False)
    coord_client, client = app.test_client(), app.test_client()
    login(coord_client, coordinator)
    assert (
        post(
            coord_client, app, "/judiciary/invitations", {"email": "Invited@court.example"}
        ).status_code
        == 302
    )
    link = link_in(mails[-1])
    login(client, invitee)
    assert client.get(link).status_code == 200
    assert post(client, app, link).status_code == 302
    db_session.refresh(invitee)
    assert invitee.judiciary_id == x.id
    assert invitee.is_email_verified
    assert post(client, app, link).status_code == 404, "an invitation is used once"


def test_invitation_for_someone_else_is_refused(app, db_session, make_user, make_judiciary, mails):
    x = make_judiciary()
    coordinator = make_user(Role.COORDINATOR, judiciary=x)
    stranger = make_user()
    coord_client, client = app.test_client(), app.test_client()
    login(coord_client, coordinator)
    post(coord_client, app, "/judiciary/invitations", {"email": "someone@court.example"})
    login(client, stranger)
    response = post(client, app, link_in(mails[-1]))
    assert response.status_code == 403
    db_session.refresh(stranger)
    assert stranger.judiciary_id is None


def test_admin_moves_a_user_and_coordinator_role_is_dropped(
    client, app, db_session, make_user, make_judiciary
):
    x, y = make_judiciary(), make_judiciary()
    admin = make_user(Role.ADMIN)
    coordinator = make_user(Role.COORDINATOR, judiciary=x)
    login(client, admin)
    response = post(
        client, app, f"/admin/users/{coordinator.id}/judiciary", {"judiciary_id": str(y.id)}
    )
    assert response.status_code == 302
    moved = db_session.get(User, coordinator.id)
    db_session.refresh(moved)
    assert moved.judiciary_id == y.id
    assert Role.COORDINATOR not in moved.roles, (
        "coordination does not follow a person to another judiciary"
    )
    entry = db_session.scalar(select(AuditEntry).where(AuditEntry.action == "membership.moved"))
    assert entry.actor_id == admin.id and entry.detail["previous_judiciary_id"] == x.id


def test_admin_decides_any_request_in_the_admin_area(client, app, db_session, make_user, pending):
    login(client, make_user(Role.ADMIN))
    page = client.get("/admin/requests").data
    assert b"Pending Person" in page and b"Judiciary X" in page
    assert decide(client, app, f"/admin/requests/{pending.request.id}").status_code == 302
    db_session.refresh(pending.judge)
    assert pending.judge.judiciary_id == pending.judiciary.id


def test_decision_must_be_approve_or_reject(client, app, db_session, make_user, pending):
    login(client, make_user(Role.COORDINATOR, judiciary=pending.judiciary))
    response = decide(client, app, f"/judiciary/requests/{pending.request.id}", "maybe")
    assert response.status_code == 400
    assert b"Choose approve or reject" in response.data
    db_session.refresh(pending.request)
    assert pending.request.status == MembershipStatus.PENDING
