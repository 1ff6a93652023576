"""The application factory: configuration, extensions, blueprints, errors, commands."""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import load_config


def create_app(config_override: dict[str, Any] | None = None) -> Flask:
    """Build an app from APP_CONFIG plus overrides; nothing else happens here."""
    app = Flask(__name__, instance_relative_config=True)
    register_config(app, config_override or {})
    register_extensions(app)
    register_content(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def register_config(app: Flask, override: dict[str, Any]) -> None:
    config = load_config(override.get("APP_CONFIG"))
    config.update(override)
    app.config.from_mapping(config)
    if app.config["PROXY_FIX_HOPS"]:
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_extensions(app: Flask) -> None:
    from app import assets, i18n, mail, security, web
    from app.accounts import passwords
    from app.extensions import csrf, db, login_manager

    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "basic"
    i18n.init_app(app)
    mail.init_app(app)
    passwords.init_app(app)
    security.init_app(app)
    web.init_app(app)
    assets.init_app(app)


def register_content(app: Flask) -> None:
    """Load and validate the course; invalid content stops the app here."""
    from app.content import service

    service.init_app(app)


def register_blueprints(app: Flask) -> None:
    from app.accounts import access  # noqa: F401 - registers the user loader
    from app.accounts.account_views import bp as account_bp
    from app.accounts.auth_views import bp as auth_bp
    from app.accounts.coordinator_views import bp as coordinator_bp
    from app.admin.views import bp as admin_bp
    from app.assessment.views import bp as assessment_bp
    from app.certificates.views import bp as certificates_bp
    from app.learning.reference_views import bp as reference_bp
    from app.learning.views import bp as learning_bp
    from app.main.views import bp as main_bp
    from app.publishing.views import bp as publishing_bp
    from app.quizzes.views import bp as quizzes_bp

    blueprints = (
        main_bp,
        auth_bp,
        account_bp,
        coordinator_bp,
        admin_bp,
        learning_bp,
        quizzes_bp,
        assessment_bp,
        certificates_bp,
        reference_bp,
        publishing_bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)


def register_errorhandlers(app: Flask) -> None:
    from app import errors

    errors.init_app(app)


def register_commands(app: Flask) -> None:
    from app import commands

    commands.init_app(app)
    from app.publishing.cli import manual_cli

    app.cli.add_command(manual_cli)
