"""Domain errors: a rule refused a change. Views show the message with the status."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused the change; the message is shown to the user."""

    status = 422

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


class NotFoundError(DomainError):
    status = 404


class ForbiddenError(DomainError):
    status = 403
