"""Pure security helpers (no database: these run once)."""

from __future__ import annotations

import pytest

from app.security import safe_next_url


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/account/", "/account/"),
        ("/judiciary/members?x=1", "/judiciary/members?x=1"),
        ("", None),
        (None, None),
        ("https://evil.example/", None),
        ("//evil.example/path", None),
        ("/\\evil.example", None),
        ("javascript:alert(1)", None),
        ("/\tevil", None),
        ("account", None),
    ],
)
def test_safe_next_url_only_allows_local_paths(target, expected):
    assert safe_next_url(target) == expected
