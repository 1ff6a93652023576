"""`[[...]]` references in author text: principle citations and lesson cross-links.

The same parser serves validation (with line numbers, on the raw text) and the
Markdown extension (at conversion), so the checker and the output never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.content import principles

REFERENCE = re.compile(r"\[\[([^\[\]\n]{1,100})\]\]")
_PARAGRAPH = r"\d{1,2}(?:\.\d{1,2}){1,2}"
_CITE = re.compile(rf"^({_PARAGRAPH})(?:\s*[-–]\s*({_PARAGRAPH}))?$")
_VALUE = re.compile(r"^value\s+(\d{1,2})$", re.IGNORECASE)
_LESSON = re.compile(r"^lesson:([a-z0-9][a-z0-9-]*)$")
_TERM = re.compile(r"^term:([a-z0-9][a-z0-9-]*)(?:\|(.+))?$")


@dataclass(frozen=True)
class Citation:
    start: str
    end: str | None = None


@dataclass(frozen=True)
class ValueRef:
    value: int


@dataclass(frozen=True)
class LessonRef:
    lesson_id: str


@dataclass(frozen=True)
class TermRef:
    term_id: str
    label: str | None = None


Reference = Citation | ValueRef | LessonRef | TermRef


class BadReference(ValueError):
    """The text between [[ ]] is not a reference we know."""


def parse_reference(inner: str) -> Reference:
    inner = inner.strip()
    if match := _CITE.match(inner):
        start, end = match.groups()
        if end is None and not principles.is_paragraph(start):
            raise BadReference(f"no such principle paragraph: {start}")
        if end is not None and not principles.is_range(start, end):
            raise BadReference(f"no such range of principle paragraphs: {start}-{end}")
        return Citation(start, end)
    if match := _VALUE.match(inner):
        value = int(match.group(1))
        if value not in principles.APPLICATION_COUNTS:
            raise BadReference(f"no such value: {value} (the values are 1 to 6)")
        return ValueRef(value)
    if match := _LESSON.match(inner):
        return LessonRef(match.group(1))
    if match := _TERM.match(inner):
        label = match.group(2).strip() if match.group(2) else None
        return TermRef(match.group(1), label or None)
    raise BadReference(
        f"unknown reference [[{inner}]]: write [[1.3]], [[value 1]], [[lesson:ID]] or [[term:ID]]"
    )


def scan(text: str, first_line: int) -> list[tuple[int, Reference | BadReference]]:
    """Every reference in the text with its line; bad ones as BadReference."""
    found: list[tuple[int, Reference | BadReference]] = []
    for offset, line in enumerate(text.split("\n")):
        for match in REFERENCE.finditer(line):
            try:
                found.append((first_line + offset, parse_reference(match.group(1))))
            except BadReference as error:
                found.append((first_line + offset, error))
    return found


def citation_label(citation: Citation, language: str) -> str:
    single, plural, _ = principles.citation_words(language)
    if citation.end is None:
        return f"{single} {citation.start}"
    return f"{plural} {citation.start}–{citation.end}"


def value_label(ref: ValueRef, language: str) -> str:
    word = principles.citation_words(language)[2]
    return f"{word} {ref.value} ({principles.value_name(ref.value, language)})"
