"""Learner pages: dashboard, modules, lessons, answers, reflections. Thin: services decide."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.assessment import queries as final_queries
from app.certificates import queries as certificate_queries
from app.content.model import Lesson
from app.content.outputs import Output, lesson_view
from app.content.questions import InvalidAnswer, grade
from app.content.service import get_course
from app.extensions import db
from app.learning import operations as ops
from app.learning import policy, queries
from app.learning.forms import chosen_options, new_key
from app.learning.rendering import block_labels, interactive_block, lesson_body
from app.web import is_fetch, json_download

bp = Blueprint("learning", __name__, url_prefix="/learn", template_folder="templates")


@bp.before_request
@login_required
def _signed_in_only() -> None:
    """Every learning page belongs to a signed-in learner."""


bp.add_app_template_global(new_key)
bp.add_app_template_global(block_labels)
bp.add_app_template_global("en", "course_lang")  # module and lesson titles are in English


def _language() -> str:
    locale = get_locale()
    return locale.language if locale else "en"


@bp.errorhandler(policy.NotEnrolledError)
def _not_enrolled(error: policy.NotEnrolledError):
    """A page of a course the learner has not enrolled in: back to the course, to enrol."""
    return not_enrolled_response(error)


def not_enrolled_response(error: policy.NotEnrolledError):
    """Back to the course page to enrol (a page script gets a 403 with the reason)."""
    if is_fetch():
        return str(error.message), error.status
    flash(str(error.message), "info")
    return redirect(url_for("learning.dashboard"))


def _standing() -> policy.Standing:
    return policy.Standing(db.session, current_user.id, get_course())


def _lesson_or_404(lesson_id: str) -> Lesson:
    lesson = get_course().lesson(lesson_id)
    if lesson is None:
        abort(404)
    return lesson


def _open_lesson(lesson_id: str) -> tuple[policy.Standing, Lesson]:
    """The lesson, if this learner may work in it now (the policy raises otherwise)."""
    standing = _standing()
    lesson = _lesson_or_404(lesson_id)
    policy.require_lesson_open(standing, lesson)
    return standing, lesson


@bp.get("/")
def dashboard():
    standing = _standing()
    course = standing.course
    context = {"course": course, "enrolled": policy.is_enrolled(standing)}
    if context["enrolled"]:
        context.update(
            modules=policy.course_progress(standing),
            is_course_complete=policy.is_course_complete(standing),
            final=final_queries.history(db.session, current_user.id, course.id),
            certificates=[
                c
                for c in certificate_queries.certificates_of(db.session, current_user.id)
                if c.course_id == course.id
            ],
            resume=queries.resume_lesson(db.session, current_user.id, course),
            time_on_task=queries.time_on_task(db.session, current_user.id, course.id),
            started=bool(standing.lessons),
        )
    return render_template("learning/dashboard.html", **context)


@bp.post("/enrol")
def enrol():
    ops.enrol(db.session, current_user.id, get_course())
    flash(_("You are enrolled. Start with the first module, or any module you choose."), "success")
    return redirect(url_for("learning.dashboard"))


@bp.get("/modules/<module_id>")
def module(module_id: str):
    standing = _standing()
    found = standing.course.module(module_id)
    if found is None:
        abort(404)
    policy.require_module_open(standing, found)
    return render_template(
        "learning/module.html",
        course=standing.course,
        state=policy.module_progress(standing, found),
        progress=standing.lessons,
    )


def _lesson_context(standing: policy.Standing, lesson: Lesson) -> dict:
    course = standing.course
    shown, fell_back = lesson.in_language(_language())
    answers = queries.responses(db.session, current_user.id, course.id, lesson.id)
    previous, following = queries.neighbours(course, lesson.id)
    view = lesson_view(shown, Output.WEB_LEARNER)
    results = {}
    for block_id, row in answers.items():
        question = _question(view, block_id)
        if question is None:
            continue
        try:
            results[block_id] = grade(question, row.answer)
        except InvalidAnswer:
            continue  # the content changed since: the old answer no longer grades
    notes = {
        note.block_id: note
        for note in queries.reflections(db.session, current_user.id, course.id, lesson.id)
    }
    module = policy.module_of(course, lesson)
    return {
        "course": course,
        "lesson": view,
        "fell_back": fell_back,
        "module": module,
        "modules": policy.course_progress(standing),
        "progress": standing.lessons,
        "is_module_end": lesson.id == module.lessons[-1].id,
        "results": results,
        "notes": notes,
        "previous": previous,
        "following": following,
    }


def _question(view: Lesson, block_id: str):
    block = queries.find_block(view, block_id, policy.INTERACTIVE)
    return block.data if block is not None else None


@bp.get("/lessons/<lesson_id>")
def lesson(lesson_id: str):
    standing, found = _open_lesson(lesson_id)
    context = _lesson_context(standing, found)
    body = lesson_body(
        context["lesson"], context["course"].content_hash, context["results"], context["notes"]
    )
    return render_template("learning/lesson.html", body=body, **context)


def _block_response(lesson: Lesson, block_id: str, status: int = 200, error: str | None = None):
    """For a script: the block's new HTML; without one: back to the lesson at that block."""
    if is_fetch():
        context = _lesson_context(_standing(), lesson)
        block = queries.find_block(context["lesson"], block_id, (*policy.INTERACTIVE, "reflection"))
        html = interactive_block(
            block, context["lesson"], context["results"], context["notes"], error
        )
        return str(html), status
    if error:
        flash(error, "error")
    return redirect(url_for("learning.lesson", lesson_id=lesson.id, _anchor=f"block-{block_id}"))


@bp.post("/lessons/<lesson_id>/answers/<block_id>")
def answer(lesson_id: str, block_id: str):
    _standing_now, found = _open_lesson(lesson_id)
    block = queries.find_block(found, block_id, policy.INTERACTIVE)
    if block is None:
        abort(404)
    try:
        ops.answer_block(
            db.session,
            current_user.id,
            get_course(),
            found,
            block,
            chosen_options(block.data, request.form.getlist("answer")),
            request.form.get("key", ""),
        )
    except (policy.NotEnrolledError, policy.LockedError):
        raise
    except ops.LearningError as error:
        return _block_response(found, block_id, 422, str(error.message))
    return _block_response(found, block_id)


@bp.post("/lessons/<lesson_id>/reflections/<block_id>")
def reflect(lesson_id: str, block_id: str):
    _standing_now, found = _open_lesson(lesson_id)
    block = queries.find_block(found, block_id, ("reflection",))
    if block is None:
        abort(404)
    try:
        ops.save_reflection(
            db.session,
            current_user.id,
            get_course(),
            found,
            block,
            request.form.get("text", ""),
            request.form.get("key", ""),
        )
    except (policy.NotEnrolledError, policy.LockedError):
        raise
    except ops.LearningError as error:
        return _block_response(found, block_id, 422, str(error.message))
    if not is_fetch():
        flash(_("Your reflection is saved. Only you can read it."), "success")
    return _block_response(found, block_id)


@bp.post("/lessons/<lesson_id>/continue")
def finish_lesson(lesson_id: str):
    """The button at the end of a lesson: counts as reaching its end, then moves on.

    From a module's last lesson the judge goes on to the module's self-test.
    """
    _standing_now, found = _open_lesson(lesson_id)
    course = get_course()
    ops.record_event(
        db.session, current_user.id, course, found, "reached_end", request.form.get("key", "")
    )
    module = policy.module_of(course, found)
    if found.id == module.lessons[-1].id and module.quiz is not None:
        return redirect(url_for("quizzes.self_test", module_id=module.id))
    _previous, following = queries.neighbours(course, found.id)
    if following is None:
        return redirect(url_for("learning.dashboard"))
    return redirect(url_for("learning.lesson", lesson_id=following.id))


@bp.post("/lessons/<lesson_id>/viewed")
def viewed(lesson_id: str):
    """Sent by the page script when a lesson opens (GET itself records nothing)."""
    _standing_now, found = _open_lesson(lesson_id)
    ops.record_event(
        db.session, current_user.id, get_course(), found, "viewed", request.form.get("key", "")
    )
    return "", 204


@bp.get("/reflections")
def reflections():
    course = get_course()
    notes = queries.reflections(db.session, current_user.id, course.id)
    return render_template("learning/reflections.html", course=course, notes=notes)


@bp.get("/reflections/export.json")
def export_reflections():
    course = get_course()
    notes = [
        {
            "lesson": n.lesson_id,
            "prompt": n.block_id,
            "text": n.text,
            "created_at": n.created_at.isoformat() + "Z",
            "updated_at": n.updated_at.isoformat() + "Z",
        }
        for n in queries.reflections(db.session, current_user.id, course.id)
    ]
    return json_download({"course": course.id, "reflections": notes}, "my-reflections.json")


@bp.post("/reflections/<int:note_id>/delete")
def delete_reflection(note_id: int):
    ops.delete_reflection(db.session, current_user.id, note_id)
    flash(_("The reflection is deleted."), "info")
    return redirect(url_for("learning.reflections"))
