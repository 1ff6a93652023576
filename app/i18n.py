"""Locale selection and the template helpers for languages and dates."""

from __future__ import annotations

from babel import Locale
from flask import Flask, current_app, has_request_context, request, session
from flask_login import current_user

from app.extensions import babel
from config import RTL_LOCALES


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.context_processor(_language_context)


def select_locale() -> str:
    """The user's saved choice, then this browser's choice, then Accept-Language.

    Outside a request (a CLI command, a job) messages are in the default locale.
    """
    supported = current_app.config["SUPPORTED_LOCALES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if (
        current_user
        and current_user.is_authenticated
        and current_user.preferred_language in supported
    ):
        return current_user.preferred_language
    chosen = session.get("locale")
    if chosen in supported:
        return chosen
    return (
        request.accept_languages.best_match(supported) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def language_choices() -> list[tuple[str, str]]:
    """(code, name in its own language) for every supported locale."""
    return [
        (code, Locale.parse(code).get_display_name(code).capitalize())
        for code in current_app.config["SUPPORTED_LOCALES"]
    ]


def _language_context() -> dict:
    from flask_babel import get_locale

    locale = get_locale()
    code = str(locale) if locale else "en"
    return {
        "html_lang": code.replace("_", "-"),
        "text_direction": "rtl" if code.split("_")[0] in RTL_LOCALES else "ltr",
        "language_choices": language_choices,
    }
