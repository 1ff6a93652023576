"""The app's course: loaded at start-up (the app refuses invalid content), shared read-only."""

from __future__ import annotations

from functools import cached_property

import click
from flask import Blueprint, Flask, current_app
from jinja2 import BaseLoader

from app.content import display, templating
from app.content.loader import load_course
from app.content.model import Course


class _QuestionPartials(Blueprint):
    """Lets the app's templates import `question-types/<type>.html` like the engine does."""

    @cached_property
    def jinja_loader(self) -> BaseLoader:  # type: ignore[override]
        return templating.loader()


def init_app(app: Flask) -> None:
    from app.content.cli import course_cli

    app.cli.add_command(course_cli)
    app.register_blueprint(_QuestionPartials("question_partials", __name__))
    app.add_template_global(templating.partial_name, "question_partial")
    app.add_template_global(display.show, "show_question")
    if _running_a_cli_command_other_than_run():
        return  # `flask course check` must run even when the content is broken
    app.extensions["course"] = load_course(app.config["COURSE_PATH"])


def get_course() -> Course:
    """The course of the current app (loaded on first use under CLI commands)."""
    extensions = current_app.extensions
    if "course" not in extensions:
        extensions["course"] = load_course(current_app.config["COURSE_PATH"])
    return extensions["course"]


def _running_a_cli_command_other_than_run() -> bool:
    context = click.get_current_context(silent=True)
    return context is not None and context.info_name != "run"
