"""Map the content's fragment links to this site's pages (once per text, then cached)."""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup

_FRAGMENT = re.compile(r'href="#(application-|value-|term-|lesson-)([a-z0-9-]+)"')


def _target(match: re.Match) -> str:
    kind, rest = match.groups()
    if kind == "lesson-":
        return f'href="/learn/lessons/{rest}"'
    page = "/glossary" if kind == "term-" else "/principles"
    return f'href="{page}#{kind}{rest}"'


@lru_cache(maxsize=4096)
def web_html(html: str) -> Markup:
    """Content HTML (made by our Markdown converter) with links into the web course."""
    return Markup(_FRAGMENT.sub(_target, html))  # noqa: S704 - converter output, raw HTML disabled
