"""CLI: database migrations (Alembic) and demo data."""

from __future__ import annotations

from pathlib import Path

import click
from alembic import command
from alembic.config import Config as AlembicConfig
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from app.extensions import db

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"

db_cli = AppGroup("db", help="Database migrations.")


def alembic_config(app: Flask) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = db.engine_of(app)
    return config


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Create or update the schema."""
    command.upgrade(alembic_config(current_app), revision)


@db_cli.command("downgrade")
@click.argument("revision")
def downgrade(revision: str) -> None:
    command.downgrade(alembic_config(current_app), revision)


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
def revision(message: str) -> None:
    """Autogenerate a migration from the models."""
    command.revision(alembic_config(current_app), message=message, autogenerate=True)


@db_cli.command("check")
def check() -> None:
    """Fail when the models and the migrations disagree."""
    command.check(alembic_config(current_app))


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Create a demo judiciary and one account per role (never in production)."""
    if not current_app.config["SEED_DEMO_ALLOWED"]:
        raise click.ClickException("seed-demo refuses to run in the production configuration.")
    from app.demo import seed_demo_data

    password = current_app.config["DEMO_PASSWORD"]
    accounts = seed_demo_data(db.session, password)
    db.session.commit()
    click.echo(f"Demo accounts (password for all: {password})")
    for role, email in accounts:
        click.echo(f"  {role:<12} {email}")


def init_app(app: Flask) -> None:
    app.cli.add_command(db_cli)
    app.cli.add_command(seed_demo)
