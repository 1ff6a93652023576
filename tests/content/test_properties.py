"""Property tests: author text loads or fails with path:line; text survives; no canary leaks."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.content.errors import ContentError
from app.content.loader import load_course
from app.content.outputs import Output, module_view
from app.content.render import render_lesson
from tests.content.conftest import copy_course

LESSON = Path("modules/01-basics/02-second.md")
FRONT = "---\nid: second-lesson\ntitle: The second lesson\n---\n"
PROBLEM_LINE = re.compile(r"^.+:\d+: .+$")
PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# Text an author might type, weighted towards our syntax: fences, brackets, YAML, code.
SYNTAX = st.sampled_from(
    [
        ":::",
        "::::",
        "::: scenario",
        "::: check id=x",
        "::: trainer-note",
        "::: key-points audience=trainer",
        "[[",
        "]]",
        "[[1.3]]",
        "[[9.9]]",
        "[[lesson:nope]]",
        "```",
        "---",
        "id:",
        "- id: a",
        "  feedback:",
        'title="',
        "medium=print",
        "\n",
        "\n\n",
        "  ",
        "#",
        "*",
        "<b>",
        "&amp;",
        "é",
        "\t",
        '"',
        "'",
    ]
)
AUTHOR_TEXT = st.lists(st.one_of(SYNTAX, st.text(max_size=12)), max_size=40).map("".join)


def load_with(relative: Path, text: str):
    """Load the fixture course with one file's text replaced."""
    with tempfile.TemporaryDirectory() as folder:
        root = copy_course(Path(folder) / "course")
        (root / relative).write_text(text, encoding="utf-8")
        try:
            return load_course(root), None
        except ContentError as error:
            return None, error


@PROPERTY_SETTINGS
@given(AUTHOR_TEXT)
def test_any_lesson_body_loads_or_reports_path_line(text):
    _course, error = load_with(LESSON, FRONT + text)
    if error is not None:
        assert error.problems
        for problem in error.problems:
            assert PROBLEM_LINE.match(str(problem).split("\n")[0]), problem
            assert problem.line >= 1 and problem.path


@PROPERTY_SETTINGS
@given(AUTHOR_TEXT)
def test_any_yaml_file_loads_or_reports_path_line(text):
    _course, error = load_with(Path("modules/01-basics/quiz.yml"), text)
    if error is not None:
        assert all(p.line >= 1 and p.path for p in error.problems)
        assert all(PROBLEM_LINE.match(str(p).split("\n")[0]) for p in error.problems)


WORDS = st.lists(st.from_regex(r"[A-Za-z][a-z0-9]{2,10}", fullmatch=True), min_size=1, max_size=12)


@PROPERTY_SETTINGS
@given(WORDS, st.sampled_from(["objectives", "key-points", "case-study"]))
def test_learner_text_survives_intact(words, kind):
    sentence = " ".join(words)
    body = f"{sentence}\n\n::: {kind}\nInside: {sentence}\n:::\n"
    course, error = load_with(LESSON, FRONT + body)
    assert error is None, str(error)
    for output in Output:
        html = str(render_lesson(course.lesson("second-lesson"), output))
        assert html.count(sentence) == 2, (output, html)


PROSE_KINDS = ["objectives", "key-points", "case-study", "discussion", "trainer-note"]


@st.composite
def nested_blocks(draw):
    """A random nest of blocks with the canary inside a trainer block at some depth."""
    depth = draw(st.integers(min_value=1, max_value=6))
    kinds = [draw(st.sampled_from(PROSE_KINDS)) for _ in range(depth)]
    trainer_level = draw(st.integers(min_value=0, max_value=depth - 1))
    medium = draw(st.sampled_from(["", " medium=web", " medium=print"]))
    lines, closers = [], []
    for level, kind in enumerate(kinds):
        fence = ":" * (3 + depth - level)
        audience = " audience=trainer" if level == trainer_level and kind != "trainer-note" else ""
        if level != trainer_level and kind in ("discussion", "trainer-note"):
            kind, audience = "key-points", ""  # learner levels stay learner blocks
        lines.append(f"{fence} {kind}{audience}{medium if level == 0 else ''}")
        lines.append(f"Level {level} text.")
        closers.append(fence)
    lines.append("CANARY-TRAINER-ONLY deep inside.")
    lines.extend(reversed(closers))
    return "\n".join(lines) + "\n"


@PROPERTY_SETTINGS
@given(nested_blocks())
def test_trainer_canary_at_any_depth_is_absent_from_learner_outputs(body):
    course, error = load_with(LESSON, FRONT + "Learner opening.\n\n" + body)
    assert error is None, str(error)
    module = course.modules[0]
    for output in (Output.WEB_LEARNER, Output.PRINT_LEARNER):
        view = module_view(module, output)
        html = "".join(str(render_lesson(lesson, output)) for lesson in view.lessons)
        assert "CANARY-TRAINER-ONLY" not in html
        assert repr(view).count("CANARY-TRAINER-ONLY") == 0, "not even in the objects handed over"
        assert "Learner opening." in html
    trainer_html = str(render_lesson(course.lesson("second-lesson"), Output.PRINT_TRAINER)) + str(
        render_lesson(course.lesson("second-lesson"), Output.WEB_TRAINER)
    )
    assert "CANARY-TRAINER-ONLY" in trainer_html
