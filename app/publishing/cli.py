"""`flask --app app manual build --edition self-directed -o out.pdf`."""

from __future__ import annotations

import shutil

import click
from flask.cli import AppGroup

from app.publishing.service import build_pdf

manual_cli = AppGroup("manual", help="Print editions of the course.")


@manual_cli.command("build")
@click.option("--edition", "edition_id", default="self-directed", show_default=True)
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False))
def build(edition_id: str, output: str) -> None:
    """Build an edition's PDF (from the cache when nothing changed)."""
    path, result = build_pdf(edition_id)
    shutil.copyfile(path, output)
    if result is None:
        click.echo(f"{output}: from the cache ({path.name})")
    else:
        figures = (
            f"{result.pages} pages in {result.seconds:.1f} s, peak {result.peak_rss_mb:.0f} MB"
        )
        click.echo(f"{output}: {figures}")
