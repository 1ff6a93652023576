"""A coordinator's page for their judiciary: requests to join, members, invitations."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts import operations as ops
from app.accounts import queries
from app.accounts.access import coordinator_required
from app.accounts.forms import InviteForm
from app.assessment import queries as final_queries
from app.content.service import get_course
from app.extensions import db
from app.mail import send_mail
from app.web import form_page

bp = Blueprint("coordinator", __name__, url_prefix="/judiciary")


def _members_page(form: InviteForm, status: int | None = None):
    judiciary_id = current_user.coordinated_judiciary_id
    members = queries.members(db.session, judiciary_id)
    return form_page(
        "coordinator/members.html",
        form,
        status=status,
        judiciary=current_user.judiciary,
        pending=queries.pending_requests(db.session, judiciary_id),
        members=members,
        finals=final_queries.summaries(db.session, get_course(), [m.id for m in members]),
    )


@bp.get("/members")
@coordinator_required
def members():
    return _members_page(InviteForm())


def apply_decision(request_id: int) -> None:
    """Approve or reject from the posted button, and tell the user what happened."""
    decision = request.form.get("decision")
    if decision not in ("approve", "reject"):
        abort(400, description=_("Choose approve or reject."))
    membership = ops.decide_membership(db.session, current_user, request_id, decision == "approve")
    if decision == "approve":
        flash(_("%(name)s is now a member.", name=membership.user.full_name), "success")
    else:
        flash(_("The request from %(name)s is rejected.", name=membership.user.full_name), "info")


@bp.post("/requests/<int:request_id>")
@coordinator_required
def decide(request_id: int):
    apply_decision(request_id)
    return redirect(url_for("coordinator.members"))


@bp.post("/invitations")
@coordinator_required
def invite():
    form = InviteForm()
    if not form.validate_on_submit():
        return _members_page(form)
    judiciary_id = current_user.coordinated_judiciary_id
    invitation, token = ops.invite_member(
        db.session,
        current_user,
        judiciary_id,
        form.email.data,
        current_app.config["INVITATION_MAX_AGE_DAYS"],
    )
    link = url_for("account.accept_invitation", token=token, _external=True)
    send_mail(
        invitation.email,
        _("Invitation to join %(name)s", name=invitation.judiciary.name),
        _(
            "%(coordinator)s invites you to join %(name)s on the judicial ethics "
            "training platform.\n\nSign in, or create an account with this e-mail "
            "address, then open this link:\n\n%(link)s",
            coordinator=current_user.full_name,
            name=invitation.judiciary.name,
            link=link,
        ),
    )
    flash(_("Invitation sent to %(email)s.", email=invitation.email), "success")
    return redirect(url_for("coordinator.members"))
