"""Learning forms are plain HTML forms; these read and check what they post."""

from __future__ import annotations

import uuid


def new_key() -> str:
    """A fresh idempotency key for a form: a retried or doubled post is counted once."""
    return uuid.uuid4().hex
