"""Map the content's fragment links to this site's pages (once per text, then cached)."""

from __future__ import annotations

import re
from functools import lru_cache

from flask import has_request_context, request
from markupsafe import Markup

_FRAGMENT = re.compile(r'href="#(application-|value-|term-|lesson-)([a-z0-9-]+)"')


def web_html(html: str) -> Markup:
    """Content HTML (made by our Markdown converter) with links into the web course."""
    root = request.script_root if has_request_context() else ""
    return _linked(html, root)


@lru_cache(maxsize=4096)
def _linked(html: str, root: str) -> Markup:
    def target(match: re.Match) -> str:
        kind, rest = match.groups()
        if kind == "lesson-":
            return f'href="{root}/learn/lessons/{rest}"'
        page = "/glossary" if kind == "term-" else "/principles"
        return f'href="{root}{page}#{kind}{rest}"'

    return Markup(_FRAGMENT.sub(target, html))  # noqa: S704 - converter output, raw HTML disabled
