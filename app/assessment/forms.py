"""The attempt form: one field per question (`q-<question id>`, letters as shown)."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from app.assessment.errors import TamperedFormError
from app.quizzes.forms import PREFIX, posted_answers

ACCEPTED = {"csrf_token", "key"}


def parse_answers(form: MultiDict) -> dict[str, list[str]]:
    """Question id -> chosen letters; any other field (a score, a "correct" or "passed"
    flag) is refused: the page never sends one."""
    if any(name not in ACCEPTED and not name.startswith(PREFIX) for name in form):
        raise TamperedFormError()
    return posted_answers(form)
