"""Admin pages: thin views over the account operations."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts import operations as ops
from app.accounts import queries
from app.accounts.access import roles_required
from app.accounts.coordinator_views import apply_decision
from app.accounts.models import Role
from app.admin.forms import JudiciaryForm, MoveForm, RolesForm
from app.assessment import queries as final_queries
from app.certificates import queries as certificate_queries
from app.content.service import get_course
from app.extensions import db
from app.web import add_form_error, form_page

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@roles_required(Role.ADMIN)
def _admins_only() -> None:
    """Every page here is for administrators."""


@bp.get("/users")
def users():
    term = request.args.get("q", "").strip()[:100]
    return render_template("admin/users.html", users=queries.search_users(db.session, term), q=term)


def _user_forms(user: ops.User) -> tuple[RolesForm, MoveForm]:
    """Both forms filled from the user, never from what another form posted."""
    roles_form = RolesForm(formdata=None, roles=[role.value for role in user.roles])
    move_form = MoveForm(formdata=None, judiciary_id=user.judiciary_id or 0)
    _set_judiciary_choices(move_form)
    return roles_form, move_form


def _set_judiciary_choices(form: MoveForm) -> None:
    form.judiciary_id.choices = [(0, _("No judiciary"))] + [
        (j.id, j.name) for j in ops.list_judiciaries(db.session)
    ]


def _user_page(user: ops.User, roles_form: RolesForm, move_form: MoveForm, status: int = 200):
    finals = final_queries.summaries(db.session, get_course(), [user.id])
    certificates = certificate_queries.certificates_of(db.session, user.id)
    page = render_template(
        "admin/user.html",
        user=user,
        member=user,
        finals=finals,
        certificates=certificates,
        roles_form=roles_form,
        move_form=move_form,
    )
    return page, status


@bp.get("/users/<int:user_id>")
def user(user_id: int):
    target = ops.get_user(db.session, user_id)
    return _user_page(target, *_user_forms(target))


@bp.post("/users/<int:user_id>/roles")
def user_roles(user_id: int):
    target = ops.get_user(db.session, user_id)
    form = RolesForm()
    if form.validate_on_submit():
        try:
            ops.set_roles(db.session, current_user, target, [Role(r) for r in form.roles.data])
        except ops.AccountError as error:
            add_form_error(form, error.message)
            return _user_page(target, form, _user_forms(target)[1], status=error.status)
        flash(_("Roles saved."), "success")
        return redirect(url_for("admin.user", user_id=target.id))
    return _user_page(target, form, _user_forms(target)[1], status=422)


@bp.post("/users/<int:user_id>/judiciary")
def user_judiciary(user_id: int):
    target = ops.get_user(db.session, user_id)
    form = MoveForm()
    _set_judiciary_choices(form)
    if form.validate_on_submit():
        ops.move_user(db.session, current_user, target, form.judiciary_id.data or None)
        flash(_("Judiciary saved."), "success")
        return redirect(url_for("admin.user", user_id=target.id))
    return _user_page(target, _user_forms(target)[0], form, status=422)


@bp.post("/users/<int:user_id>/active")
def user_active(user_id: int):
    target = ops.get_user(db.session, user_id)
    active = request.form.get("active")
    if active not in ("0", "1"):
        abort(400, description=_("Choose to activate or deactivate."))
    ops.set_active(db.session, current_user, target, active == "1")
    flash(_("Account activated.") if active == "1" else _("Account deactivated."), "success")
    return redirect(url_for("admin.user", user_id=target.id))


@bp.route("/judiciaries", methods=["GET", "POST"])
def judiciaries():
    form = JudiciaryForm()
    if form.validate_on_submit():
        try:
            ops.create_judiciary(db.session, current_user, form.name.data, form.country.data)
        except ops.AccountError as error:
            add_form_error(form, error.message)
        else:
            flash(_("Judiciary created."), "success")
            return redirect(url_for("admin.judiciaries"))
    return form_page("admin/judiciaries.html", form, judiciaries=ops.list_judiciaries(db.session))


@bp.get("/requests")
def requests():
    pending = queries.pending_requests(db.session, None)
    return render_template("admin/requests.html", pending=pending)


@bp.post("/requests/<int:request_id>")
def decide_request(request_id: int):
    apply_decision(request_id)
    return redirect(url_for("admin.requests"))


@bp.get("/audit")
def audit():
    return render_template("admin/audit.html", entries=queries.audit_entries(db.session))
