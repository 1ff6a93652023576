"""Content-engine fixtures: a small valid course to copy and break, one mistake per test."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "course"


def copy_course(target: Path) -> Path:
    shutil.copytree(FIXTURE, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact piece of a file (fails loudly if it is not there)."""
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    return copy_course(tmp_path / "course")


@pytest.fixture
def line_of() -> Callable[[Path, str], int]:
    """The 1-based line where a piece of text starts in a file."""

    def find(path: Path, text: str) -> int:
        content = path.read_text()
        assert text in content, f"{text!r} not in {path}"
        return content[: content.index(text)].count("\n") + 1

    return find
