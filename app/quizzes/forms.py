"""The self-test form: one field per question (`q-<question id>`, as quizzes/_macros.html
names them), its values option ids."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from app.quizzes.errors import InvalidSubmission, invalid_fields

PREFIX = "q-"
ACCEPTED = {"csrf_token", "key"}


def parse_answers(form: MultiDict) -> dict[str, list[str]]:
    """Question id -> chosen option ids, as posted; a field the form never had is refused.

    An empty value (a list's "choose..." entry) is no answer.
    """
    if unknown_fields(form):
        raise InvalidSubmission(invalid_fields())
    return posted_answers(form)


def unknown_fields(form: MultiDict) -> list[str]:
    """Fields an answer form never has (a posted score, say)."""
    return [name for name in form if name not in ACCEPTED and not name.startswith(PREFIX)]


def posted_answers(form: MultiDict) -> dict[str, list[str]]:
    """The choices in the form, valid or not (to show a refused form as it was sent)."""
    return {
        name[len(PREFIX) :]: [value for value in form.getlist(name) if value]
        for name in form
        if name.startswith(PREFIX)
    }
