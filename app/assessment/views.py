"""Final-assessment pages: overview, the attempt (answers saved as they go), review."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts import operations as account_ops
from app.accounts.access import roles_required
from app.accounts.models import Role
from app.assessment import forms, queries, review, rules
from app.assessment import operations as ops
from app.assessment.errors import InvalidChoiceError
from app.clock import utcnow
from app.content.service import get_course
from app.extensions import db
from app.learning import policy
from app.learning.views import not_enrolled_response
from app.security import safe_next_url
from app.web import is_fetch, short_write

bp = Blueprint("assessment", __name__, template_folder="templates")

SEE_OTHER = 303


@bp.before_app_request
def _close_expired_attempts() -> None:
    """An attempt left open past its time limit and grace is closed and graded from its
    saved answers on the judge's next request, in its own short transaction (so on a GET
    too: the one write a GET makes, see the README)."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return
    course = get_course()  # (attempts keep their own deadline if the limit is removed)
    if not queries.expired_attempts(db.session, utcnow(), course.id, current_user.id):
        return
    with db.write_transaction():
        ops.close_expired(db.session, course, utcnow(), current_user.id)


bp.register_error_handler(policy.NotEnrolledError, not_enrolled_response)


def _context() -> dict:
    course = get_course()
    history = queries.history(db.session, current_user.id, course.id)
    standing = policy.Standing(db.session, current_user.id, course)
    return {
        "course": course,
        "final": course.final,
        "history": history,
        "is_eligible": policy.is_course_complete(standing),
        "attempts_left": rules.attempts_left(course.final, history),
        "allowed": rules.allowed(course.final, history),
        "next_start_at": rules.next_start_at(course.final, history),
        "now": utcnow(),
    }


@bp.get("/learn/final")
@login_required
def overview():
    policy.require_enrolment(policy.Standing(db.session, current_user.id, get_course()))
    return render_template("assessment/overview.html", **_context())


@bp.post("/learn/final/attempts")
@login_required
def start():
    attempt = ops.start_final(db.session, current_user.id, get_course(), utcnow())
    return redirect(url_for("assessment.attempt", attempt_id=attempt.id), SEE_OTHER)


def _attempt_page(attempt_id: int, status: int = 200, **extra: object):
    context = _context()
    attempt = ops.own_attempt(db.session, current_user.id, attempt_id)
    saved = queries.saved_answers(db.session, attempt.id)
    context.update(attempt=attempt, **extra)
    if attempt.is_open:
        context.update(
            questions=review.shown_questions(attempt),
            chosen=review.answers_as_shown(attempt, saved),
        )
    else:
        context.update(
            items=review.review(context["course"], attempt, saved),
            reveals_key=rules.reveals_key(context["final"], context["history"]),
            shows_details=rules.shows_details(context["history"]),
        )
    return render_template("assessment/attempt.html", **context), status


@bp.get("/learn/final/attempts/<int:attempt_id>")
@login_required
def attempt(attempt_id: int):
    return _attempt_page(attempt_id)


@bp.post("/learn/final/attempts/<int:attempt_id>/answers")
@short_write
@login_required
def save(attempt_id: int):
    """Save the answers posted (one question from the page script, or the whole form)."""
    letters = forms.parse_answers(request.form)
    try:
        with db.write_transaction():
            ops.save_answers(
                db.session, current_user.id, get_course(), attempt_id, letters, utcnow()
            )
    except InvalidChoiceError as error:
        return _refused(attempt_id, error)
    if is_fetch():
        return render_template("assessment/_saved.html", saved_at=utcnow())
    flash(_("Your answers are saved. You can come back to this attempt at any time."), "success")
    return redirect(url_for("assessment.attempt", attempt_id=attempt_id), SEE_OTHER)


def _refused(attempt_id: int, error: InvalidChoiceError):
    if is_fetch():
        return str(error.message), error.status
    return _attempt_page(attempt_id, error.status, error=error.message, problem=error.position)


@bp.post("/learn/final/attempts/<int:attempt_id>/submit")
@short_write
@login_required
def submit(attempt_id: int):
    letters, key = forms.parse_answers(request.form), request.form.get("key", "")
    try:
        with db.write_transaction():
            ops.submit_final(
                db.session, current_user.id, get_course(), attempt_id, letters, key, utcnow()
            )
    except InvalidChoiceError as error:
        return _refused(attempt_id, error)
    return redirect(url_for("assessment.attempt", attempt_id=attempt_id), SEE_OTHER)


@bp.post("/final/grants/<int:user_id>")
@roles_required(Role.ADMIN, Role.COORDINATOR)
def grant(user_id: int):
    """An admin, or the judge's coordinator, grants one more attempt."""
    learner = account_ops.get_user(db.session, user_id)
    ops.grant_extra_attempt(db.session, current_user, learner, get_course())
    flash(_("%(name)s may take the final assessment once more.", name=learner.full_name), "success")
    back = safe_next_url(request.form.get("next")) or url_for("main.index")
    return redirect(back, SEE_OTHER)
