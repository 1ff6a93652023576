"""What the self-test rules refuse, with a message for the learner and an HTTP status."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l

from app.learning.policy import LearningError


def invalid_fields() -> object:
    """The message for a form that names questions the self-test does not have."""
    return _l(
        "This form holds answers to questions that are not in this self-test. "
        "Reload the page and try again."
    )


class InvalidSubmission(LearningError):
    """The answers cannot be graded: nothing is recorded, the form comes back with the reasons."""

    status = 422

    def __init__(self, message: object, problems: Mapping[str, object] | None = None) -> None:
        super().__init__(message)
        self.problems = dict(problems or {})  # question id -> what is wrong with its answer


class AlreadySubmittedError(LearningError):
    """A second submission of an attempt (a doubled post, or another window): nothing changes."""

    status = 409

    def __init__(self, attempt_id: int, is_same_post: bool) -> None:
        message = (
            _l(
                "Your answers had already been received (the form was sent twice); "
                "here are your results."
            )
            if is_same_post
            else _l(
                "This attempt was already submitted, perhaps from another window; "
                "here are its results. Start a new attempt to try again."
            )
        )
        super().__init__(message)
        self.attempt_id = attempt_id


class SelfTestChangedError(LearningError):
    """The self-test was replaced (a new quiz id) while this attempt was open."""

    status = 409

    def __init__(self) -> None:
        super().__init__(
            _l(
                "This self-test has changed since you started it. "
                "Start it again to see the new questions."
            )
        )
