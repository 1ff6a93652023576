"""The certificate as a PDF: one A4 landscape page, through the long-lived render worker,
cached by everything that appears on it (same input, same bytes)."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path

import segno
from flask import render_template
from flask_babel import force_locale, format_date, gettext

from app.accounts.models import User
from app.certificates.codes import grouped
from app.certificates.models import Certificate
from app.content.model import Course
from app.extensions import db
from app.publishing.editions import manuals_path
from app.publishing.service import cache_dir, fonts_fingerprint, limits
from app.publishing.worker import worker_for

TEMPLATE = Path(__file__).parent / "templates" / "certificates" / "print.html"
TITLE = "Certificate of completion"  # the string whose translation decides the language


def stylesheet() -> Path:
    return manuals_path() / "certificate" / "certificate.css"


def language_of(user: User | None) -> str:
    """The holder's language where the certificate's strings are translated, else English."""
    wanted = (user.preferred_language if user else None) or "en"
    if wanted == "en":
        return "en"
    with force_locale(wanted):
        return wanted if gettext(TITLE) != TITLE else "en"


def qr_data_uri(url: str) -> str:
    """The verification address as a QR code, an SVG in a data: URL (nothing to fetch)."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2, dark="#111")


def certificate_html(certificate: Certificate, course: Course, url: str, lang: str) -> str:
    with force_locale(lang):
        return render_template(
            "certificates/print.html",
            certificate=certificate,
            course=course,
            code=grouped(certificate.code),
            date=format_date(certificate.issued_at, "long"),
            url=url,
            qr=qr_data_uri(url),
            lang=lang,
        )


def cache_key(certificate: Certificate, course: Course, url: str, lang: str) -> str:
    parts = {
        "certificate": [certificate.id, certificate.code, certificate.holder_name],
        "issued": certificate.issued_at.isoformat(),
        "score": certificate.score,
        "course": [course.title, certificate.edition, course.certificate.issuer],
        "shows_score": course.certificate.shows_score,
        "url": url,
        "lang": lang,
        "fonts": fonts_fingerprint(),
        "print": hashlib.sha256(TEMPLATE.read_bytes() + stylesheet().read_bytes()).hexdigest(),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:32]


def certificate_pdf(certificate: Certificate, course: Course, url: str) -> Path:
    """The certificate's PDF file: from the cache, or rendered now by the worker."""
    lang = language_of(db.session.get(User, certificate.user_id))
    folder = cache_dir() / "certificates"
    folder.mkdir(exist_ok=True)
    path = folder / f"{cache_key(certificate, course, url, lang)}.pdf"
    if path.is_file():
        return path
    html = certificate_html(certificate, course, url, lang)
    result = worker_for(limits()).render(
        html, [stylesheet()], manuals_path().as_uri() + "/", [manuals_path()], lang
    )
    partial = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.part")
    partial.write_bytes(result.pdf)
    partial.replace(path)  # atomic: a reader sees the whole file or none
    return path
