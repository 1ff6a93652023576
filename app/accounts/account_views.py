"""The signed-in person's own account: profile, password, data, judiciary, deletion."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from app.accounts import operations as ops
from app.accounts.auth_views import throttle_limits
from app.accounts.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    JoinJudiciaryForm,
    ProfileForm,
)
from app.assessment.queries import export_final_attempts
from app.certificates.queries import export_certificates
from app.extensions import db
from app.quizzes.queries import export_self_tests
from app.web import add_form_error, form_page, json_download, keep_changes

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.before_request
@login_required
def _signed_in_only() -> None:
    """Every page here belongs to the signed-in person."""


@bp.route("/", methods=["GET", "POST"])
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        ops.update_profile(
            current_user,
            full_name=form.full_name.data,
            preferred_language=form.preferred_language.data,
            court=form.court.data,
            region=form.region.data,
        )
        flash(_("Your details are saved."), "success")
        return redirect(url_for("account.profile"))
    pending = ops.pending_request_of(db.session, current_user)
    return form_page("account/profile.html", form, pending=pending)


@bp.route("/password", methods=["GET", "POST"])
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            ops.change_password(
                db.session,
                current_user,
                form.current_password.data,
                form.password.data,
                request.remote_addr or "unknown",
                throttle_limits(),
            )
        except ops.AccountError as error:
            keep_changes()  # a wrong password counts as a failed sign-in
            add_form_error(form, error.message)
            return form_page("account/password.html", form, status=error.status)
        logout_user()
        flash(
            _("Your password is changed and every session is signed out. Sign in again."), "success"
        )
        return redirect(url_for("auth.login"))
    return form_page("account/password.html", form)


@bp.get("/export.json")
def export_data():
    data = ops.export_user_data(db.session, current_user)
    data["self_test_attempts"] = export_self_tests(db.session, current_user.id)
    data["final_assessment_attempts"] = export_final_attempts(db.session, current_user.id)
    data["certificates"] = export_certificates(db.session, current_user.id)
    return json_download(data, "my-data.json")


@bp.route("/delete", methods=["GET", "POST"])
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            ops.delete_account(
                db.session,
                current_user,
                form.password.data,
                request.remote_addr or "unknown",
                throttle_limits(),
            )
        except ops.AccountError as error:
            keep_changes()  # a wrong password counts as a failed sign-in
            add_form_error(form, error.message)
            return form_page("account/delete.html", form, status=error.status)
        logout_user()
        flash(_("Your account is deleted."), "info")
        return redirect(url_for("main.index"))
    return form_page("account/delete.html", form)


@bp.route("/judiciary", methods=["GET", "POST"])
def judiciary():
    form = JoinJudiciaryForm()
    form.judiciary_id.choices = [(j.id, j.name) for j in ops.list_judiciaries(db.session)]
    if form.validate_on_submit():
        try:
            ops.request_membership(db.session, current_user, form.judiciary_id.data)
        except ops.AccountError as error:
            add_form_error(form, error.message)
            return form_page(
                "account/judiciary.html",
                form,
                status=error.status,
                pending=ops.pending_request_of(db.session, current_user),
            )
        flash(_("Your request is sent. A coordinator of that judiciary will review it."), "success")
        return redirect(url_for("account.judiciary"))
    pending = ops.pending_request_of(db.session, current_user)
    return form_page("account/judiciary.html", form, pending=pending)


@bp.post("/judiciary/withdraw")
def withdraw_request():
    ops.withdraw_membership_request(db.session, current_user)
    flash(_("Your request is withdrawn."), "info")
    return redirect(url_for("account.judiciary"))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    invitation = ops.invitation_for_token(db.session, token)
    if ops.normalize_email(invitation.email) != ops.normalize_email(current_user.email):
        raise ops.Forbidden(_("This invitation was sent to another e-mail address."))
    if request.method == "POST":
        ops.accept_invitation(db.session, current_user, token)
        flash(_("You are now a member of %(name)s.", name=invitation.judiciary.name), "success")
        return redirect(url_for("account.profile"))
    return render_template("account/invitation.html", invitation=invitation)
