"""Reading typed fields out of line-aware YAML, reporting problems with their lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.content import references
from app.content.blocks import ID
from app.content.errors import Problems
from app.content.markdown_ext import CourseMarkdown
from app.content.yamlsrc import LineDict, LineList


class FieldReader:
    """Typed access to YAML fields; each problem is recorded at the field's line."""

    def __init__(
        self,
        path: Path,
        problems: Problems,
        md: CourseMarkdown,
        lesson_refs: list[tuple[Path, int, references.Reference]],
    ) -> None:
        self.path = path
        self.problems = problems
        self.md = md
        self.lesson_refs = lesson_refs  # shared: checked once every lesson and term is known
        self.words = 0

    def problem(self, line: int, message: str) -> None:
        self.problems.add(self.path, line, message)

    def mapping(self, value: Any, line: int, what: str) -> LineDict | None:
        if isinstance(value, LineDict):
            return value
        self.problem(getattr(value, "line", line), f"{what} must be a mapping of key: value lines")
        return None

    def items(self, data: LineDict, key: str, *, required: bool = True) -> list[Any]:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(data.line, f"missing '{key}'")
            return []
        if not isinstance(value, LineList):
            self.problem(data.line_of(key), f"'{key}' must be a list")
            return []
        return list(value)

    def text(self, data: LineDict, key: str, *, required: bool = True, default: str = "") -> str:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(data.line_of(key) if key in data else data.line, f"missing '{key}'")
            return default
        if isinstance(value, LineDict | LineList):
            self.problem(data.line_of(key), f"'{key}' must be text")
            return default
        return str(value)

    def identifier(self, data: LineDict, key: str = "id") -> str:
        value = self.text(data, key)
        if value and not ID.match(value):
            self.problem(
                data.line_of(key),
                f"'{value}' is not a valid id (lowercase letters, digits, hyphens)",
            )
        return value

    def number(
        self, data: LineDict, key: str, *, minimum: float, maximum: float, default: float
    ) -> float:
        value = data.get(key, default)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not minimum <= value <= maximum
        ):
            self.problem(
                data.line_of(key), f"'{key}' must be a number from {minimum:g} to {maximum:g}"
            )
            return default
        return value

    def flag(self, data: LineDict, key: str, default: bool = False) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.problem(data.line_of(key), f"'{key}' must be true or false")
            return default
        return value

    def markdown(
        self, data: LineDict, key: str, *, required: bool = True, inline: bool = False
    ) -> str:
        source = self.text(data, key, required=required)
        if not source:
            return ""
        self.check_references(source, data.line_of(key))
        self.words += len(source.split())
        return self.md.inline(source) if inline else self.md.convert(source)

    def check_references(self, source: str, line: int) -> None:
        """Report bad citations now; keep lesson references for the cross-check."""
        for ref_line, ref in references.scan(source, line):
            if isinstance(ref, references.BadReference):
                self.problem(ref_line, str(ref))
            elif isinstance(ref, references.LessonRef | references.TermRef):
                self.lesson_refs.append((self.path, ref_line, ref))

    def cites(
        self, data: LineDict, key: str = "cites", *, required: bool = False
    ) -> tuple[str, ...]:
        raw = data.get(key)
        if raw is None:
            if required:
                self.problem(data.line, f"missing '{key}': name the principle this turns on")
            return ()
        values = raw if isinstance(raw, LineList) else [raw]
        result = []
        for item in values:
            text = str(item).strip()
            try:
                references.parse_reference(text)
            except references.BadReference as error:
                self.problem(data.line_of(key), str(error))
                continue
            result.append(text)
        if required and not result:
            self.problem(data.line_of(key), f"'{key}' is empty: name the principle this turns on")
        return tuple(result)
