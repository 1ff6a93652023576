"""The attempt form: one field per question (`q-<its place in the attempt>`), letters as
shown."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from app.assessment.errors import TamperedFormError
from app.quizzes.forms import posted_answers, unknown_fields


def parse_answers(form: MultiDict) -> dict[str, list[str]]:
    """Question place -> chosen letters; any other field (a score, a "correct" or "passed"
    flag) is refused: the page never sends one."""
    if unknown_fields(form):
        raise TamperedFormError()
    return posted_answers(form)
