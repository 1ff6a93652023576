"""Sign-up, e-mail verification, sign-in, sign-out and password reset."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.accounts import operations as ops
from app.accounts import tokens
from app.accounts.forms import (
    ForgotPasswordForm,
    LoginForm,
    RegistrationForm,
    ResetPasswordForm,
)
from app.accounts.throttle import ThrottleLimits
from app.extensions import db
from app.mail import send_mail
from app.security import safe_next_url
from app.web import add_form_error, form_page, keep_changes

bp = Blueprint("auth", __name__)


def throttle_limits() -> ThrottleLimits:
    config = current_app.config
    return ThrottleLimits(
        window_seconds=config["LOGIN_WINDOW_SECONDS"],
        per_account=config["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
        per_address=config["LOGIN_MAX_FAILURES_PER_ADDRESS"],
    )


def reset_limits() -> ThrottleLimits:
    """At most a few reset e-mails per address in the sign-in window."""
    config = current_app.config
    return ThrottleLimits(
        window_seconds=config["LOGIN_WINDOW_SECONDS"],
        per_account=config["RESET_MAILS_PER_ACCOUNT"],
        per_address=config["LOGIN_MAX_FAILURES_PER_ADDRESS"],
    )


def send_verification_mail(user: ops.User) -> None:
    link = url_for("auth.verify_email", token=tokens.make_verify_token(user), _external=True)
    send_mail(
        user.email,
        _("Confirm your e-mail address"),
        _(
            "Open this link to confirm your e-mail address:\n\n%(link)s\n\n"
            "If you did not create an account, ignore this message.",
            link=link,
        ),
    )


@bp.route("/register", methods=["GET", "POST"])
def register():
    form = RegistrationForm()
    if form.validate_on_submit():
        try:
            user = ops.register_user(
                db.session,
                full_name=form.full_name.data,
                email=form.email.data,
                password=form.password.data,
                preferred_language=form.preferred_language.data,
                court=form.court.data,
                region=form.region.data,
            )
        except ops.AccountError as error:
            add_form_error(form, error.message)
            return form_page("auth/register.html", form, status=error.status)
        send_verification_mail(user)
        login_user(user)
        flash(_("Welcome. We sent a confirmation link to %(email)s.", email=user.email), "success")
        return redirect(url_for("account.profile"))
    return form_page("auth/register.html", form)


@bp.route("/verify/<token>", methods=["GET", "POST"])
def verify_email(token: str):
    """GET shows a confirm button; the POST marks the address verified."""
    if request.method == "POST":
        ops.verify_email(db.session, token)
        flash(_("Your e-mail address is confirmed."), "success")
        return redirect(
            url_for("account.profile" if current_user.is_authenticated else "auth.login")
        )
    tokens.read_verify_token(token)  # a bad or expired link is refused before the button
    return render_template("auth/verify.html")


@bp.post("/verify/resend")
@login_required
def resend_verification():
    if not current_user.is_email_verified:
        send_verification_mail(current_user)
    flash(_("We sent a new confirmation link to %(email)s.", email=current_user.email), "info")
    return redirect(url_for("account.profile"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    next_url = safe_next_url(request.args.get("next"))
    if form.validate_on_submit():
        address = request.remote_addr or "unknown"
        try:
            user = ops.authenticate(
                db.session, form.email.data, form.password.data, address, throttle_limits()
            )
        except ops.AccountError as error:
            keep_changes()  # the failure must be counted even though we refuse
            add_form_error(form, error.message)
            return form_page("auth/login.html", form, status=error.status, next_url=next_url)
        login_user(user)
        return redirect(next_url or url_for("main.index"))
    return form_page("auth/login.html", form, next_url=next_url)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        ops.revoke_sessions(current_user)
        logout_user()
        flash(_("You are signed out."), "info")
    return redirect(url_for("main.index"))


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = ops.find_user_by_email(db.session, form.email.data)
        allowed = ops.may_send_reset_mail(
            db.session, form.email.data, request.remote_addr or "unknown", reset_limits()
        )
        if allowed and user is not None and user.is_active and user.deleted_at is None:
            link = url_for(
                "auth.reset_password", token=tokens.make_reset_token(user), _external=True
            )
            send_mail(
                user.email,
                _("Reset your password"),
                _(
                    "Open this link within one hour to choose a new password:\n\n%(link)s\n\n"
                    "If you did not ask for this, ignore this message.",
                    link=link,
                ),
            )
        # The same answer whether or not the address has an account.
        flash(
            _("If an account uses that address, we sent it a link to reset the password."), "info"
        )
        return redirect(url_for("auth.login"))
    return form_page("auth/forgot_password.html", form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    ops.user_for_reset_token(db.session, token)  # unknown, used or expired: 404/410
    form = ResetPasswordForm()
    if form.validate_on_submit():
        ops.reset_password(db.session, token, form.password.data)
        logout_user()
        flash(_("Your password is changed. Sign in with the new one."), "success")
        return redirect(url_for("auth.login"))
    return form_page("auth/reset_password.html", form)


def render_token_error(error: tokens.TokenInvalid):
    """Invalid links are 404, expired ones 410; both say what to do next."""
    if error.expired:
        message = _("This link has expired. Ask for a new one.")
        return render_template("errors/error.html", title=_("Link expired"), message=message), 410
    message = _("This link is not valid or has already been used.")
    return render_template("errors/error.html", title=_("Link not valid"), message=message), 404
