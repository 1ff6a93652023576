"""One clock for the whole app: naive UTC datetimes, easy to freeze in tests."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now, in UTC, without tzinfo (what every *_at column stores)."""
    return datetime.now(UTC).replace(tzinfo=None)
