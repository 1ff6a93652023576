"""Verification codes: random, at least 128 bits, in groups from an unambiguous alphabet."""

from __future__ import annotations

import math
import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: nothing to misread
LENGTH = 28  # 28 x log2(31) = 138.7 bits
GROUP = 4
BITS = LENGTH * math.log2(len(ALPHABET))
_SEPARATORS = re.compile(r"[\s\-]+")


def new_code() -> str:
    """A fresh code from the system's secure random source, never from any id."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def grouped(code: str) -> str:
    """As printed and shown: ABCD-EFGH-..."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalized(typed: str) -> str | None:
    """The code a person typed (any case, with or without dashes and spaces), or None
    when it cannot be one of ours."""
    code = _SEPARATORS.sub("", typed or "").upper()
    if len(code) != LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code
