"""Markdown conversion for course text: no raw HTML, plus our `[[...]]` references.

Links inside the converted HTML are fragment-only (`#application-1-3`,
`#value-1`, `#lesson-ID`, `#term-ID`); each output maps them to its own URLs.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping

import markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from app.content import principles
from app.content.references import (
    REFERENCE,
    BadReference,
    Citation,
    LessonRef,
    TermRef,
    ValueRef,
    citation_label,
    parse_reference,
    value_label,
)


class _ReferenceProcessor(InlineProcessor):
    def __init__(
        self, language: str, lesson_titles: Mapping[str, str], terms: Mapping[str, str]
    ) -> None:
        super().__init__(REFERENCE.pattern)
        self.language = language
        self.lesson_titles = lesson_titles
        self.terms = terms

    def handleMatch(self, m, data):
        try:
            ref = parse_reference(m.group(1))
        except BadReference:
            return m.group(0), m.start(0), m.end(0)  # left as written; the checker reports it
        return self._element(ref), m.start(0), m.end(0)

    def _element(self, ref: Citation | ValueRef | LessonRef | TermRef) -> ET.Element:
        link = ET.Element("a")
        if isinstance(ref, Citation):
            link.set("class", "principle-cite")
            link.set("href", "#" + principles.anchor(ref.start))
            link.text = citation_label(ref, self.language)
        elif isinstance(ref, ValueRef):
            link.set("class", "principle-cite")
            link.set("href", f"#value-{ref.value}")
            link.text = value_label(ref, self.language)
        elif isinstance(ref, TermRef):
            link.set("class", "glossary-term")
            link.set("href", f"#term-{ref.term_id}")
            link.text = ref.label or self.terms.get(ref.term_id, ref.term_id)
        else:
            link.set("class", "lesson-ref")
            link.set("href", f"#lesson-{ref.lesson_id}")
            link.text = self.lesson_titles.get(ref.lesson_id, ref.lesson_id)
        return link


SAFE_SCHEMES = ("http:", "https:", "mailto:", "#", "/")


class _SafeLinks(Treeprocessor):
    """Links and images may point only at the web, e-mail or this site (no javascript:)."""

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = (element.get(attribute) or "").strip().lower()
                if value and not value.startswith(SAFE_SCHEMES):
                    del element.attrib[attribute]


class CourseMarkdown:
    """One converter per language, reused for every text of the course."""

    def __init__(
        self, language: str, lesson_titles: Mapping[str, str], terms: Mapping[str, str]
    ) -> None:
        self._md = markdown.Markdown(
            extensions=["tables", "sane_lists", "smarty"], output_format="html"
        )
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        self._md.inlinePatterns.register(
            _ReferenceProcessor(language, lesson_titles, terms), "course_reference", 175
        )
        self._md.treeprocessors.register(_SafeLinks(self._md), "safe_links", 0)

    def convert(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text)

    def inline(self, text: str) -> str:
        """Convert a one-paragraph text without its <p> wrapper."""
        html = self.convert(text).strip()
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            return html[3:-4]
        return html
