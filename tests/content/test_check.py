"""`course check`: each kind of mistake is reported at the right path:line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from app.content.cli import course_cli
from app.content.errors import ContentError, display_path
from app.content.loader import load_course
from tests.content.conftest import edit

MODULE = Path("modules/01-basics")


def problems_of(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_course(root)
    return [str(p) for p in caught.value.problems]


def expect_problem(root: Path, relative: Path | str, line: int, message: str) -> None:
    """Exactly this path:line carries a problem containing the message."""
    shown = display_path(root / relative)
    found = problems_of(root)
    assert any(p.startswith(f"{shown}:{line}: ") and message in p for p in found), "\n".join(found)


def test_the_fixture_course_is_valid(course_copy):
    course = load_course(course_copy)
    assert course.edition == "2026.1"
    assert [m.id for m in course.modules] == ["basics"]


def test_bad_yaml(course_copy, line_of):
    path = course_copy / MODULE / "module.yml"
    edit(path, "value: 1", "value: [1")
    expect_problem(course_copy, MODULE / "module.yml", line_of(path, "value: [1") + 1, "bad YAML")


def test_missing_id(course_copy):
    edit(course_copy / MODULE / "02-second.md", "id: second-lesson\n", "")
    expect_problem(course_copy, MODULE / "02-second.md", 2, "missing 'id'")


def test_duplicate_id(course_copy, line_of):
    path = course_copy / MODULE / "02-second.md"
    edit(
        path,
        "::: discussion",
        "::: reflection id=first-reflection\nA second prompt.\n:::\n\n::: discussion",
    )
    expect_problem(
        course_copy,
        MODULE / "02-second.md",
        line_of(path, "::: reflection"),
        "duplicate id 'first-reflection'",
    )


def test_unknown_block_type(course_copy, line_of):
    path = course_copy / MODULE / "02-second.md"
    edit(path, "::: discussion", "::: sidebar")
    expect_problem(
        course_copy,
        MODULE / "02-second.md",
        line_of(path, "::: sidebar"),
        "unknown block type 'sidebar'",
    )


def test_unclosed_block(course_copy, line_of):
    path = course_copy / MODULE / "02-second.md"
    edit(path, "What would you do?\n:::\n", "What would you do?\n")
    expect_problem(
        course_copy, MODULE / "02-second.md", line_of(path, "::: discussion"), "never closed"
    )


def test_question_with_no_correct_answer(course_copy, line_of):
    path = course_copy / MODULE / "01-first.md"
    edit(
        path,
        "    text: The parties and the public.\n    correct: true\n",
        "    text: The parties and the public.\n",
    )
    expect_problem(
        course_copy,
        MODULE / "01-first.md",
        line_of(path, "type: single"),
        "exactly one correct option, not 0",
    )


def test_several_correct_where_one_is_required(course_copy, line_of):
    path = course_copy / MODULE / "01-first.md"
    edit(path, "    text: The judge alone.\n", "    text: The judge alone.\n    correct: true\n")
    expect_problem(
        course_copy,
        MODULE / "01-first.md",
        line_of(path, "type: single"),
        "exactly one correct option, not 2",
    )


def test_scenario_choice_without_feedback(course_copy, line_of):
    path = course_copy / MODULE / "01-first.md"
    edit(path, "    feedback: This invites influence, [[1.3]].\n", "")
    expect_problem(
        course_copy,
        MODULE / "01-first.md",
        line_of(path, "  - id: a\n    text: Take the call."),
        "missing 'feedback'",
    )


@pytest.mark.parametrize("bad", ["1.7", "2.5.4", "3.3", "4.17", "7.1", "4.16-4.14"])
def test_citation_of_a_paragraph_that_does_not_exist(course_copy, line_of, bad):
    path = course_copy / MODULE / "02-second.md"
    edit(path, "Second lesson prose.", f"Second lesson prose citing [[{bad}]].")
    expect_problem(
        course_copy, MODULE / "02-second.md", line_of(path, "Second lesson prose"), "no such"
    )


def test_citation_in_a_cites_list(course_copy, line_of):
    path = course_copy / MODULE / "quiz.yml"
    edit(path, 'cites: ["1.1"]', 'cites: ["6.8"]')
    expect_problem(
        course_copy,
        MODULE / "quiz.yml",
        line_of(path, 'cites: ["6.8"]'),
        "no such principle paragraph: 6.8",
    )


def test_reference_to_a_missing_lesson(course_copy, line_of):
    path = course_copy / MODULE / "01-first.md"
    edit(path, "[[lesson:second-lesson]]", "[[lesson:third-lesson]]")
    expect_problem(
        course_copy,
        MODULE / "01-first.md",
        line_of(path, "See also"),
        "missing lesson 'third-lesson'",
    )


def test_module_listed_but_missing(course_copy, line_of):
    path = course_copy / "course.yml"
    edit(path, "  - 01-basics\n", "  - 01-basics\n  - 02-advanced\n")
    expect_problem(
        course_copy, "course.yml", line_of(path, "  - 02-advanced"), "02-advanced/ does not exist"
    )


def test_lesson_listed_but_missing(course_copy, line_of):
    path = course_copy / MODULE / "module.yml"
    edit(path, "  - 02-second.md\n", "  - 02-second.md\n  - 03-third.md\n")
    expect_problem(
        course_copy, MODULE / "module.yml", line_of(path, "  - 03-third.md"), "does not exist"
    )


def test_file_present_but_not_listed(course_copy):
    (course_copy / MODULE / "03-forgotten.md").write_text(
        "---\nid: forgotten\ntitle: Forgotten\n---\nText.\n"
    )
    expect_problem(course_copy, MODULE / "03-forgotten.md", 1, "not listed in module.yml")


def test_module_folder_present_but_not_listed(course_copy):
    (course_copy / "modules" / "09-stray").mkdir()
    expect_problem(course_copy, "modules/09-stray/module.yml", 1, "not listed in course.yml")


def test_translation_missing_a_block(course_copy, line_of):
    path = course_copy / MODULE / "01-first.fr.md"
    edit(path, "::: reflection id=first-reflection\nQuand ?\n:::\n", "")
    expect_problem(
        course_copy, MODULE / "01-first.fr.md", 1, "missing translation of block 'first-reflection'"
    )


def test_every_problem_is_reported_in_one_run(course_copy):
    edit(course_copy / MODULE / "02-second.md", "::: discussion", "::: sidebar")
    edit(course_copy / MODULE / "01-first.md", "[[1.1]] and", "[[1.9]] and")
    assert len(problems_of(course_copy)) >= 2


def test_cli_check_prints_path_line_and_exits_1(course_copy):
    edit(course_copy / MODULE / "02-second.md", "::: discussion", "::: sidebar")
    result = CliRunner().invoke(course_cli, ["check", str(course_copy)], catch_exceptions=False)
    assert result.exit_code == 1
    assert "02-second.md:" in result.output and "unknown block type 'sidebar'" in result.output


def test_cli_check_passes_on_a_valid_course(course_copy):
    result = CliRunner().invoke(course_cli, ["check", str(course_copy)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "no problems" in result.output


def test_reference_to_a_missing_glossary_term(course_copy, line_of):
    path = course_copy / MODULE / "01-first.md"
    edit(path, "[[term:recusal|standing aside]]", "[[term:recusal]] and [[term:nope]]")
    expect_problem(
        course_copy,
        MODULE / "01-first.md",
        line_of(path, "See also"),
        "missing glossary term 'nope'",
    )


def test_glossary_term_linked_from_no_lesson(course_copy, line_of):
    edit(course_copy / MODULE / "01-first.md", "[[term:recusal|standing aside]]", "standing aside")
    path = course_copy / "glossary.yml"
    expect_problem(
        course_copy,
        "glossary.yml",
        line_of(path, "  - id: recusal"),
        "'recusal' is linked from no lesson",
    )


def test_translation_changing_a_blocks_type(course_copy, line_of):
    path = course_copy / MODULE / "01-first.fr.md"
    edit(
        path,
        "::: reflection id=first-reflection\nQuand ?\n:::\n",
        "::: key-points id=first-reflection\nQuand ?\n:::\n",
    )
    expect_problem(
        course_copy,
        MODULE / "01-first.fr.md",
        line_of(path, "::: key-points"),
        "is a reflection in the English lesson",
    )
