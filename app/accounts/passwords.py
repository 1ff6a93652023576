"""Password hashing with argon2id; parameters come from the app config."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, current_app

# A valid argon2id hash of a random password: verifying against it costs the same
# time as a real account, so an unknown e-mail is not revealed by timing.
_DUMMY_PASSWORD = "not-a-password-of-anyone"  # noqa: S105


def init_app(app: Flask) -> None:
    hasher = PasswordHasher(
        time_cost=app.config["ARGON2_TIME_COST"],
        memory_cost=app.config["ARGON2_MEMORY_COST"],
        parallelism=app.config["ARGON2_PARALLELISM"],
    )
    app.extensions["password_hasher"] = hasher
    app.extensions["password_dummy_hash"] = hasher.hash(_DUMMY_PASSWORD)


def _hasher() -> PasswordHasher:
    return current_app.extensions["password_hasher"]


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; always spends one hash's time."""
    target = password_hash or current_app.extensions["password_dummy_hash"]
    try:
        matched = _hasher().verify(target, password)
    except (VerificationError, InvalidHashError):
        return False
    return matched and password_hash is not None


def needs_rehash(password_hash: str) -> bool:
    try:
        return _hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return False


UNUSABLE_PASSWORD = "!"  # noqa: S105 - never matches any argon2 hash
