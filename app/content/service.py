"""The app's course: loaded at start-up (the app refuses invalid content), shared read-only."""

from __future__ import annotations

import click
from flask import Flask, current_app

from app.content.loader import load_course
from app.content.model import Course


def init_app(app: Flask) -> None:
    from app.content.cli import course_cli

    app.cli.add_command(course_cli)
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
