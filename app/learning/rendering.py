"""The lesson body on the web: static parts rendered once per language, forms per request.

Prose and ordinary blocks look the same to every learner, so their HTML is kept per
(content version, lesson, lesson language, page language). Only scenarios, checks and
reflections, which carry the learner's answers and fresh form keys, render each time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from flask import current_app, g, get_template_attribute, request
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from app.content.model import Block, Lesson
from app.content.outputs import walk

PLACEHOLDER = re.compile(r"<!--interactive:([a-z0-9-]+)-->")


def block_labels() -> dict[str, str]:
    """The headings of block types in the page language (translated once per request)."""
    if "block_labels" not in g:
        g.block_labels = {
            "objectives": _("Learning objectives"),
            "key-points": _("Key points"),
            "case-study": _("Case study"),
            "reflection": _("Reflection"),
            "scenario": _("Scenario"),
            "check": _("Check your understanding"),
            "handout": _("Handout"),
            "discussion": _("Discussion questions"),
            "exercise": _("Exercise"),
        }
    return g.block_labels


def lesson_body(view: Lesson, content_hash: str, results: Mapping, notes: Mapping) -> Markup:
    """The filtered lesson as HTML, with this learner's interactive blocks filled in."""
    cache = current_app.extensions.setdefault("lesson_html", {})
    key = (content_hash, view.id, view.language, str(get_locale()), request.script_root)
    static = cache.get(key)
    if static is None:
        static = str(
            get_template_attribute("learning/_blocks.html", "render_nodes")(view.body, view)
        )
        cache[key] = static
    blocks = {node.id: node for node in walk(view.body) if isinstance(node, Block) and node.id}

    def fill(match: re.Match) -> str:
        return str(interactive_block(blocks[match.group(1)], view, results, notes))

    return Markup(PLACEHOLDER.sub(fill, static))  # noqa: S704 - our own templates' output


def interactive_block(
    block: Block, view: Lesson, results: Mapping, notes: Mapping, error: str | None = None
):
    if block.kind == "reflection":
        macro = get_template_attribute("learning/_blocks.html", "reflection_block")
        return macro(block, view, notes.get(block.id), error)
    macro = get_template_attribute("learning/_blocks.html", "question_block")
    return macro(block, view, results.get(block.id), error)
