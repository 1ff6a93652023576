"""Learning forms are plain HTML forms; these read and check what they post."""

from __future__ import annotations

import uuid

from app.content.display import show
from app.content.model import Question


def new_key() -> str:
    """A fresh idempotency key for a form: a retried or doubled post is counted once."""
    return uuid.uuid4().hex


def chosen_options(question: Question, letters: list[str]) -> list[str]:
    """The option ids a lesson's answer form names by the letters it shows (source order)."""
    return list(show(question).ids_of(letters))
