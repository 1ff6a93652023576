"""Public reference pages the lessons link to: the principles and the glossary."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flask import Blueprint, current_app, render_template
from flask_babel import get_locale

from app.content import principles
from app.content.service import get_course

bp = Blueprint("reference", __name__, template_folder="templates")


@cache
def _summaries(path: str) -> dict[str, str]:
    return principles.paragraph_summaries(path)


def _language() -> str:
    locale = get_locale()
    return locale.language if locale else "en"


@bp.get("/principles")
def principles_page():
    summaries = _summaries(str(Path(current_app.config["COURSE_PATH"]).parent / "paragraph-map.md"))
    values = [
        {
            "number": value,
            "name": principles.value_name(value, _language()),
            "name_lang": _language() if _language() in principles.VALUE_NAMES else "en",
            "anchor": f"value-{value}",
            "paragraphs": [
                (ref, principles.anchor(ref), summaries.get(ref, ""))
                for ref in principles.PARAGRAPHS
                if ref.split(".")[0] == str(value)
            ],
        }
        for value in principles.APPLICATION_COUNTS
    ]
    return render_template("learning/principles.html", values=values)


@bp.get("/glossary")
def glossary():
    course = get_course()
    return render_template("learning/glossary.html", course=course)
