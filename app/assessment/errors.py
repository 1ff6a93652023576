"""What the final-assessment rules refuse, each with a message and an HTTP status."""

from __future__ import annotations

from datetime import datetime

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l

from app.learning.policy import LearningError


class NotEligibleError(LearningError):
    status = 403

    def __init__(self) -> None:
        super().__init__(_l("The final assessment opens when every module is complete."))


class AlreadyPassedError(LearningError):
    status = 409

    def __init__(self) -> None:
        super().__init__(_l("You have passed the final assessment; there is nothing to retake."))


class NoAttemptsLeftError(LearningError):
    status = 409

    def __init__(self) -> None:
        super().__init__(
            _l(
                "You have used every attempt at the final assessment. Your coordinator can "
                "grant you another one."
            )
        )


class WaitError(LearningError):
    status = 409

    def __init__(self, until: datetime) -> None:
        super().__init__(
            _l(
                "You can start your next attempt from %(when)s.",
                when=format_datetime(until, "short"),
            )
        )
        self.until = until


class AttemptClosedError(LearningError):
    """The attempt is graded already: a second submit, or answers sent after it ended."""

    status = 409

    def __init__(self) -> None:
        super().__init__(_l("This attempt has ended and is graded; nothing was changed."))


class TimeUpError(LearningError):
    status = 409

    def __init__(self) -> None:
        super().__init__(
            _l(
                "The time for this attempt ran out, so this was not accepted. The attempt is "
                "graded from the answers saved in time."
            )
        )


class TamperedFormError(LearningError):
    """The form holds fields it never had (a score, a "correct" or "passed" flag...)."""

    status = 422

    def __init__(self) -> None:
        super().__init__(
            _l("This form holds fields it does not have. Reload the page and try again.")
        )


class OutsideAttemptError(LearningError):
    """An answer to a question this attempt did not draw."""

    status = 400

    def __init__(self) -> None:
        super().__init__(
            _l("This answers a question that is not part of your attempt. Reload the page.")
        )


class InvalidChoiceError(LearningError):
    status = 422

    def __init__(self, position: str) -> None:
        super().__init__(_l("Choose among the options shown for each question."))
        self.position = position  # the question's place in the attempt


class GrantNotNeededError(LearningError):
    """A grant for a learner who passed, or still has an attempt (say, a doubled click)."""

    status = 409

    def __init__(self) -> None:
        super().__init__(
            _l("This judge has passed or still has an attempt left; nothing was granted.")
        )
