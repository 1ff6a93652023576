"""Signed, expiring tokens for e-mail verification and password reset.

A reset token carries a fingerprint of the current password hash, so it stops
working as soon as the password changes: it can be used once.
"""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.accounts.models import User

VERIFY_SALT = "email-verify"
RESET_SALT = "password-reset"


class TokenInvalid(Exception):
    """The token is unknown, tampered with, used, or expired."""

    def __init__(self, expired: bool = False) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _fingerprint(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def make_verify_token(user: User) -> str:
    return _serializer(VERIFY_SALT).dumps({"u": user.id, "e": _fingerprint(user.email.lower())})


def make_reset_token(user: User) -> str:
    return _serializer(RESET_SALT).dumps({"u": user.id, "p": _fingerprint(user.password_hash)})


def read_verify_token(token: str) -> tuple[int, str]:
    data = _load(VERIFY_SALT, token, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    return int(data["u"]), str(data["e"])


def read_reset_token(token: str) -> tuple[int, str]:
    data = _load(RESET_SALT, token, current_app.config["RESET_TOKEN_MAX_AGE"])
    return int(data["u"]), str(data["p"])


def matches_email(user: User, fingerprint: str) -> bool:
    return secrets.compare_digest(_fingerprint(user.email.lower()), fingerprint)


def matches_password(user: User, fingerprint: str) -> bool:
    return secrets.compare_digest(_fingerprint(user.password_hash), fingerprint)


def _load(salt: str, token: str, max_age: int) -> dict:
    try:
        data = _serializer(salt).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise TokenInvalid(expired=True) from exc
    except BadSignature as exc:
        raise TokenInvalid() from exc
    if not isinstance(data, dict) or "u" not in data:
        raise TokenInvalid()
    return data


def new_invitation_token() -> tuple[str, str]:
    """A random invitation token and the hash that is stored."""
    token = secrets.token_urlsafe(32)
    return token, hash_invitation_token(token)


def hash_invitation_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
