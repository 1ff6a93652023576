"""Self-test pages: start an attempt, answer on one form, read the graded review. Thin."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.content.model import Module
from app.content.service import get_course
from app.extensions import db
from app.learning import policy
from app.learning.views import not_enrolled_response
from app.quizzes import forms, queries, review
from app.quizzes import operations as ops
from app.quizzes.errors import AlreadySubmittedError, InvalidSubmission, SelfTestChangedError
from app.quizzes.models import QuizAttempt
from app.web import is_fetch

bp = Blueprint("quizzes", __name__, url_prefix="/learn", template_folder="templates")

SEE_OTHER = 303  # after a POST, the browser fetches the page with GET


@bp.before_request
@login_required
def _signed_in_only() -> None:
    """Every self-test belongs to a signed-in learner."""


bp.register_error_handler(policy.NotEnrolledError, not_enrolled_response)


def _standing() -> policy.Standing:
    return policy.Standing(db.session, current_user.id, get_course())


def _page(standing: policy.Standing, module_id: str, status: int = 200, **context: object):
    """The self-test page (or, for a script, just its section) in whatever state it is."""
    module, quiz = ops.self_test_of(standing.course, module_id)
    policy.require_module_open(standing, module)
    context = {
        "course": standing.course,
        "module": module,
        "quiz": quiz,
        "state": policy.module_progress(standing, module),
        "history": queries.submitted_attempts(
            db.session, current_user.id, standing.course.id, quiz.id
        ),
        **context,
    }
    template = "quizzes/_self_test.html" if is_fetch() else "quizzes/self_test.html"
    return render_template(template, **context), status


def _attempt_context(
    module: Module,
    attempt: QuizAttempt,
    letters: Mapping[str, list[str]] | None = None,
    error: object = None,
    problems: Mapping[str, object] | None = None,
) -> dict:
    """An open attempt's form: its questions in the attempt's order, and what was posted."""
    return {
        "attempt": attempt,
        "questions": review.attempt_order(module, attempt),
        "answers": letters or {},
        "error": error,
        "problems": problems or {},
    }


@bp.get("/modules/<module_id>/self-test")
def self_test(module_id: str):
    standing = _standing()
    module, quiz = ops.self_test_of(standing.course, module_id)
    attempt = queries.open_attempt(db.session, current_user.id, standing.course.id, quiz.id)
    if attempt is None:
        return _page(standing, module_id)
    return _page(standing, module_id, **_attempt_context(module, attempt))


@bp.post("/modules/<module_id>/self-test")
def start_self_test(module_id: str):
    standing = _standing()
    module, _quiz = ops.self_test_of(standing.course, module_id)
    attempt = ops.start_self_test(db.session, current_user.id, standing.course, module)
    if is_fetch():
        return _page(standing, module_id, **_attempt_context(module, attempt))
    return redirect(url_for("quizzes.self_test", module_id=module_id), SEE_OTHER)


@bp.post("/self-tests/<int:attempt_id>")
def submit_self_test(attempt_id: int):
    standing = _standing()
    try:
        attempt = ops.submit_self_test(
            db.session,
            current_user.id,
            standing.course,
            attempt_id,
            forms.parse_answers(request.form),
            request.form.get("key", ""),
        )
    except InvalidSubmission as error:
        return _refused(standing, attempt_id, error)
    except AlreadySubmittedError as error:
        return _result(standing, _own_attempt(attempt_id), 409, notice=error.message)
    except SelfTestChangedError as error:
        attempt = _own_attempt(attempt_id)
        return _page(standing, attempt.module_id, error.status, notice=error.message)
    if is_fetch():
        return _result(standing, attempt)
    return redirect(url_for("quizzes.self_test_result", attempt_id=attempt.id), SEE_OTHER)


def _refused(standing: policy.Standing, attempt_id: int, error: InvalidSubmission):
    """The form again, with the learner's choices kept and each problem at its question.

    A form refused for its fields may come for an attempt already submitted: then the
    results, as for any second submission.
    """
    attempt = _own_attempt(attempt_id)
    if attempt.is_submitted:
        notice = AlreadySubmittedError(attempt.id, False).message
        return _result(standing, attempt, 409, notice=notice)
    module, _quiz = ops.self_test_of(standing.course, attempt.module_id)
    answers = forms.posted_answers(request.form)
    context = _attempt_context(module, attempt, answers, error.message, error.problems)
    return _page(standing, attempt.module_id, 422, **context)


def _own_attempt(attempt_id: int) -> QuizAttempt:
    return ops.own_attempt(db.session, current_user.id, attempt_id)


def _result(
    standing: policy.Standing, attempt: QuizAttempt, status: int = 200, notice: object = None
):
    """The graded review of a submitted attempt."""
    module, _quiz = ops.self_test_of(standing.course, attempt.module_id)
    return _page(
        standing,
        attempt.module_id,
        status,
        result=attempt,
        items=review.review(module, attempt),
        notice=notice,
    )


@bp.get("/self-tests/<int:attempt_id>")
def self_test_result(attempt_id: int):
    standing = _standing()
    attempt = _own_attempt(attempt_id)
    if not attempt.is_submitted:
        return redirect(url_for("quizzes.self_test", module_id=attempt.module_id))
    return _result(standing, attempt)
