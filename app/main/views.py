"""Home, privacy notice, language switch and the health check."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, session, url_for
from flask_login import current_user
from sqlalchemy import text

from app.accounts.forms import LanguageForm
from app.extensions import db
from app.security import safe_next_url

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    return render_template("main/index.html")


@bp.get("/privacy")
def privacy():
    return render_template("main/privacy.html")


@bp.post("/language")
def set_language():
    form = LanguageForm()
    if form.validate_on_submit():
        session["locale"] = form.locale.data
        if current_user.is_authenticated:
            current_user.preferred_language = form.locale.data
    return redirect(safe_next_url(form.next.data) or url_for("main.index"))


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # any driver failure means "not healthy"
        return jsonify(status="error", database="unavailable", detail=type(error).__name__), 503
    return jsonify(status="ok", database="ok")
