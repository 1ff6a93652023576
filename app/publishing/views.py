"""Downloading print editions: from the cache at once, or prepared in the background."""

from __future__ import annotations

import threading
import time

from flask import Blueprint, current_app, render_template, send_file
from flask_login import login_required

from app.publishing import service

bp = Blueprint("publishing", __name__, template_folder="templates")
_RENDERS_LOCK = threading.Lock()


@bp.get("/learn/self-directed.pdf")
@login_required
def self_directed():
    """The self-directed course as a PDF; the first request starts the render."""
    path = service.cached_pdf("self-directed")
    if path is not None:
        return send_file(
            path,
            mimetype="application/pdf",
            download_name="self-directed-course.pdf",
            as_attachment=True,
            max_age=3600,
        )
    failed = _start_render(current_app._get_current_object(), "self-directed")
    page = render_template("publishing/preparing.html", failed=failed)
    return page, (503 if failed else 202), {"Retry-After": "30"}


def _start_render(app, edition_id: str) -> str | None:
    """Start one background render per edition and process; report the last failure."""
    with _RENDERS_LOCK:  # check and claim at once: two first requests start one render
        renders = app.extensions.setdefault("renders", {})
        state = renders.get(edition_id)
        if (
            state
            and state.get("running")
            and time.monotonic() - state["started"] < app.config["RENDER_SECONDS"]
        ):
            return None
        if state and state.get("error"):
            error, renders[edition_id] = state["error"], {}
            return error
        renders[edition_id] = {"running": True, "started": time.monotonic()}

    def work() -> None:
        with app.app_context():
            try:
                service.build_pdf(edition_id)
                renders[edition_id] = {}
            except Exception as error:  # logged, and reported on the next request
                app.logger.error(
                    "render of %s failed: %s", edition_id, getattr(error, "message", error)
                )
                renders[edition_id] = {"error": "failed"}

    threading.Thread(target=work, daemon=True).start()
    return None
