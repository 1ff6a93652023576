"""`flask --app app course check [--strict] [PATH]` and `course stats [PATH]`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from app.content.errors import ContentError
from app.content.lint import lint_course
from app.content.loader import load_course
from app.content.stats import course_stats, format_stats

course_cli = AppGroup("course", help="Check the course source and count what it holds.")


def _path(path: str | None) -> Path:
    return Path(path) if path else Path(current_app.config["COURSE_PATH"])


@course_cli.command("check")
@click.argument("path", required=False)
@click.option("--strict", is_flag=True, help="Exit 1 on item-writing warnings too.")
def check(path: str | None, strict: bool) -> None:
    """Validate the whole course; print every problem, then every warning, as path:line."""
    root = _path(path)
    try:
        course = load_course(root)
    except ContentError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise click.exceptions.Exit(1) from None
    warnings = lint_course(course, root)
    for warning in warnings:
        click.echo(str(warning), err=True)
    click.echo(
        f"{course.id} {course.edition}: {len(course.modules)} modules, no problems, "
        f"{_warnings(len(warnings))}."
    )
    if strict and warnings:
        raise click.exceptions.Exit(1)


def _warnings(count: int) -> str:
    """The summary's warning count: "no warnings", "1 warning", "143 warnings"."""
    if count == 0:
        return "no warnings"
    return f"{count} warning{'s' if count != 1 else ''}"


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
