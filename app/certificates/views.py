"""Certificates: the judge's download, the public verification pages, the admin's changes."""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts.access import roles_required
from app.accounts.models import Judiciary, Role, User
from app.certificates import codes, queries
from app.certificates import operations as ops
from app.certificates.render import certificate_pdf
from app.clock import utcnow
from app.content.service import get_course
from app.extensions import db

bp = Blueprint("certificates", __name__, template_folder="templates")
bp.add_app_template_filter(codes.grouped, "certificate_code")


def verification_url(code: str) -> str:
    return url_for("certificates.verify", code=codes.grouped(code), _external=True)


@bp.get("/learn/certificate.pdf")
@login_required
def download():
    """The judge's valid certificate of the current edition, as a PDF."""
    course = get_course()
    certificate = queries.valid_certificate(db.session, current_user.id, course.id, course.edition)
    if certificate is None:
        abort(404, description=_("You have no valid certificate of this course yet."))
    path = certificate_pdf(certificate, course, verification_url(certificate.code))
    return send_file(
        path,
        mimetype="application/pdf",
        download_name=f"certificate-{codes.grouped(certificate.code)}.pdf",
        as_attachment=True,
        max_age=0,
    )


@bp.get("/certificates/")
def lookup():
    """A form to type a code; the typed code goes to its page."""
    typed = request.args.get("code")
    if typed is not None:
        code = codes.normalized(typed)
        target = codes.grouped(code) if code else (typed.strip() or "-")
        return redirect(url_for("certificates.verify", code=target))
    return render_template("certificates/lookup.html")


@bp.get("/certificates/<code>")
def verify(code: str):
    """The public page of a certificate: no sign-in; look-ups are rate limited per address
    (the one write of this GET, in its own short transaction)."""
    if _too_many_lookups():
        return render_template("certificates/lookup.html", limited=True), 429
    normal = codes.normalized(code)
    certificate = queries.by_code(db.session, normal) if normal else None
    if certificate is None:
        return render_template("certificates/lookup.html", not_found=code), 404
    return render_template("certificates/verify.html", **_public_view(certificate))


def _too_many_lookups() -> bool:
    config = current_app.config
    window = timedelta(seconds=config["CERTIFICATE_LOOKUP_WINDOW_SECONDS"])
    address = request.remote_addr or "unknown"
    now = utcnow()
    if queries.lookups_since(db.session, address, now - window) >= config["CERTIFICATE_LOOKUPS"]:
        return True
    with db.write_transaction():
        ops.record_lookup(db.session, address, now, window)
    return False


def _public_view(certificate) -> dict:
    """Exactly what the public page shows: nothing about the holder beyond these."""
    course = get_course()
    judiciary = None
    if course.certificate.shows_judiciary:
        holder = db.session.get(User, certificate.user_id)
        found = (
            db.session.get(Judiciary, holder.judiciary_id)
            if holder and holder.judiciary_id
            else None
        )
        judiciary = found.name if found else None
    newer = (
        queries.get(db.session, certificate.replaced_by_id) if certificate.replaced_by_id else None
    )
    return {
        "certificate": certificate,
        "code": codes.grouped(certificate.code),
        "course": course,
        "judiciary": judiciary,
        "newer_code": codes.grouped(newer.code) if newer else None,
    }


def _admin_certificate(certificate_id: int):
    certificate = queries.get(db.session, certificate_id)
    if certificate is None:
        abort(404)
    return certificate


@bp.post("/admin/certificates/<int:certificate_id>/revoke")
@roles_required(Role.ADMIN)
def revoke(certificate_id: int):
    certificate = _admin_certificate(certificate_id)
    ops.revoke(db.session, current_user, certificate, request.form.get("reason", ""), utcnow())
    flash(_("The certificate is revoked."), "success")
    return redirect(url_for("admin.user", user_id=certificate.user_id), 303)


@bp.post("/admin/certificates/<int:certificate_id>/reissue")
@roles_required(Role.ADMIN)
def reissue(certificate_id: int):
    certificate = _admin_certificate(certificate_id)
    ops.reissue(db.session, current_user, certificate, request.form.get("name", ""), utcnow())
    flash(_("A new certificate is issued; the old one says it was replaced."), "success")
    return redirect(url_for("admin.user", user_id=certificate.user_id), 303)
