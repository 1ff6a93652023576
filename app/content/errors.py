"""Content problems, each tied to a file and line, as `path:line: message`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    """The course source has problems; str() lists them all, one per line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path) -> str:
    """A path relative to the working directory when it is below it."""
    try:
        return (
            os.path.relpath(path) if not str(os.path.relpath(path)).startswith("..") else str(path)
        )
    except ValueError:
        return str(path)


class Problems:
    """Collects problems while loading, so one run reports all of them."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, path: Path | str, line: int, message: str) -> None:
        shown = display_path(path) if isinstance(path, Path) else path
        self.items.append(Problem(shown, max(int(line), 1), message))

    def raise_if_any(self) -> None:
        if self.items:
            raise ContentError(self.items)
