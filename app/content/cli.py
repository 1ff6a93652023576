"""`flask --app app course check|stats [PATH]`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from app.content.errors import ContentError
from app.content.loader import load_course
from app.content.stats import course_stats, format_stats

course_cli = AppGroup("course", help="Check the course source and count what it holds.")


def _path(path: str | None) -> Path:
    return Path(path) if path else Path(current_app.config["COURSE_PATH"])


@course_cli.command("check")
@click.argument("path", required=False)
def check(path: str | None) -> None:
    """Validate the whole course; print every problem as path:line: message."""
    try:
        course = load_course(_path(path))
    except ContentError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise click.exceptions.Exit(1) from None
    click.echo(f"{course.id} {course.edition}: {len(course.modules)} modules, no problems.")


@course_cli.command("stats")
@click.argument("path", required=False)
def stats(path: str | None) -> None:
    """Modules, lessons, words per audience, scenarios, questions, trainer minutes."""
    try:
        course = load_course(_path(path))
    except ContentError as error:
        raise click.ClickException(
            f"the course has problems; run `course check`:\n{error}"
        ) from None
    click.echo(format_stats(course_stats(course)))
