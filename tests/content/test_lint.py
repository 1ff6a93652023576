"""Item-writing warnings: each cue is reported at the right path:line, and only past its
threshold; `course check` prints them and fails on them only with --strict."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from app.content.cli import course_cli
from app.content.errors import display_path
from app.content.lint import lint_course
from app.content.loader import load_course
from tests.content.conftest import edit

MODULE = Path("modules/01-basics")
QUIZ = MODULE / "quiz.yml"
LESSON = MODULE / "01-first.md"
BANK = Path("final-bank.yml")
SHIPPED = Path(__file__).resolve().parents[2] / "courses" / "bangalore_principles"

LONGEST = "the keyed option is the longest"
POSITION = "the key is option"
TRUE_FALSE = "true/false items are keyed"
CATCH_ALL = "of the above"
SAME_TEXT = "the same text as option"
BANK_SIZE = "the final bank holds"


def warnings_of(root: Path) -> list[str]:
    return [str(p) for p in lint_course(load_course(root), root)]


def warned(root: Path, relative: Path, words: str) -> dict[int, str]:
    """The lines of one file warned about with these words, and each warning."""
    prefix = f"{display_path(root / relative)}:"
    found = {}
    for shown in warnings_of(root):
        if shown.startswith(prefix) and words in shown:
            line, rest = shown[len(prefix) :].split(": ", 1)
            assert rest.startswith("warning: "), shown
            found[int(line)] = shown
    return found


def single(number: int, key: int, *, longest: bool = False) -> str:
    """A generated single-choice question (options of equal length unless the key is longest)."""
    lines = [
        f"  - id: gen-{number}",
        "    type: single",
        f"    prompt: Generated question {number:02d}?",
        "    options:",
    ]
    for position in range(3):
        text = f"Option {position} of question {number:02d}."
        if longest and position == key:
            text += " With a few more words."
        lines += [f"      - id: q{number}-{'abc'[position]}", f"        text: {text}"]
        lines += ["        correct: true"] if position == key else []
        lines += ["        feedback: Why."]
    return "\n".join(lines) + "\n"


def true_false(number: int, answer: bool) -> str:
    """A generated true/false question."""
    return (
        f"  - id: tf-{number}\n"
        "    type: true-false\n"
        f"    prompt: Generated statement {number:02d}.\n"
        f"    answer: {str(answer).lower()}\n"
        "    feedback:\n"
        '      "true": Why.\n'
        '      "false": Why not.\n'
    )


def add_to_quiz(root: Path, questions: list[str]) -> Path:
    """Put generated questions at the head of the fixture self-test (before its own two)."""
    path = root / QUIZ
    edit(path, "questions:\n", "questions:\n" + "".join(questions))
    return path


def option_line(path: Path, option_id: str, line_of) -> int:
    return line_of(path, f"- id: {option_id}\n")


# --- 1. the keyed option is the longest ------------------------------------------------


def test_longest_key_over_35_percent_warns_at_each_keyed_option(course_copy, line_of):
    # 8 of 20 (19 generated + the fixture scenario, whose best option is not the longest)
    questions = [single(n, n % 3, longest=n < 8) for n in range(19)]
    path = add_to_quiz(course_copy, questions)
    found = warned(course_copy, QUIZ, LONGEST)
    expected = {option_line(path, f"q{n}-{'abc'[n % 3]}", line_of) for n in range(8)}
    assert set(found) == expected
    message = next(iter(found.values()))
    assert f"{display_path(course_copy / QUIZ)}:" in message
    assert "as in 8 of 20 single-choice questions and scenarios of self-test basics-quiz" in message
    assert "(over 35%); write the other options as fully" in message


def test_longest_key_at_35_percent_is_quiet(course_copy):
    add_to_quiz(course_copy, [single(n, n % 3, longest=n < 7) for n in range(19)])  # 7 of 20
    assert warned(course_copy, QUIZ, LONGEST) == {}


def test_longest_key_counts_only_strictly_longer_keys(course_copy):
    # every option the same length: no key is the longest
    add_to_quiz(course_copy, [single(n, n % 3) for n in range(5)])
    assert warned(course_copy, QUIZ, LONGEST) == {}


def test_longest_key_counts_rendered_characters(course_copy):
    # the key's source (38 characters) and HTML are longer than "Discuss procedure only." (23),
    # what a learner sees, "No, politely & firmly.", is not (22)
    edit(
        course_copy / QUIZ,
        "text: Decline politely.",
        'text: "**No**, *politely* &amp; **firmly**."',
    )
    assert warned(course_copy, QUIZ, LONGEST) == {}
    edit(course_copy / QUIZ, "**firmly**.", "**firmly**!.")
    assert warned(course_copy, QUIZ, LONGEST) == {}  # 23 against 23: not longer
    edit(course_copy / QUIZ, "**firmly**!.", "**firmly**!!.")
    assert len(warned(course_copy, QUIZ, LONGEST)) == 1  # 24 against 23


def test_lesson_questions_are_one_group(course_copy, line_of):
    # the fixture lesson's scenario and check both have the longest key: 2 of 2
    path = course_copy / LESSON
    found = warned(course_copy, LESSON, LONGEST)
    scenario_key = line_of(path, "text: Decline and record the approach.") - 1
    check_key = line_of(path, "text: The parties and the public.") - 1
    assert set(found) == {scenario_key, check_key}
    assert (
        "as in 2 of 2 single-choice questions and scenarios of the lesson files"
        in (found[scenario_key])
    )


# --- 2. the key's position -------------------------------------------------------------


def test_key_position_over_45_percent_warns_at_each_key_there(course_copy, line_of):
    # keys at a: 10 of 20 (the fixture scenario is keyed c)
    positions = [0] * 10 + [1] * 5 + [2] * 4
    path = add_to_quiz(course_copy, [single(n, p) for n, p in enumerate(positions)])
    found = warned(course_copy, QUIZ, POSITION)
    expected = {option_line(path, f"q{n}-a", line_of) for n in range(10)}
    assert set(found) == expected
    message = next(iter(found.values()))
    assert "warning: the key is option a, as in 10 of 20 single-choice questions" in message
    assert "of self-test basics-quiz (over 45%)" in message


def test_key_position_at_45_percent_is_quiet(course_copy):
    positions = [0] * 9 + [1] * 5 + [2] * 5  # a: 9 of 20, c: 6 of 20 with the scenario
    add_to_quiz(course_copy, [single(n, p) for n, p in enumerate(positions)])
    assert warned(course_copy, QUIZ, POSITION) == {}


def test_key_position_in_the_final_bank(course_copy, line_of):
    path = course_copy / BANK
    found = warned(course_copy, BANK, POSITION)
    assert set(found) == {line_of(path, "text: Application 1.3") - 1}
    assert "option a, as in 1 of 1 single-choice questions and scenarios of the final bank" in (
        next(iter(found.values()))
    )


def test_a_group_without_keyed_questions_gives_no_warnings(course_copy):
    path = course_copy / QUIZ
    text = path.read_text()
    path.write_text(text[: text.index("  - id: quiz-scenario")])  # only the multiple-response
    assert not [w for w in warnings_of(course_copy) if "self-test" in w]


# --- 3. true/false balance -------------------------------------------------------------


def test_true_false_mostly_false_warns_at_each_false_item(course_copy, line_of):
    # the fixture has 1 true and 1 false (final banks); 6 of 20 keyed true
    items = [true_false(n, n < 5) for n in range(18)]
    path = add_to_quiz(course_copy, items)
    found = warned(course_copy, QUIZ, TRUE_FALSE)
    assert set(found) == {line_of(path, f"- id: tf-{n}\n") for n in range(5, 18)}
    assert "warning: 14 of 20 true/false items are keyed false; keep 35-65% keyed true" in (
        next(iter(found.values()))
    )
    module_bank = MODULE / "final-bank.yml"
    assert set(warned(course_copy, module_bank, TRUE_FALSE)) == {3}  # fb-module-one
    assert warned(course_copy, BANK, TRUE_FALSE) == {}  # fb-two is keyed true


def test_true_false_mostly_true_warns_at_each_true_item(course_copy):
    add_to_quiz(course_copy, [true_false(n, n < 13) for n in range(18)])  # 14 of 20 true
    found = warned(course_copy, QUIZ, TRUE_FALSE)
    assert len(found) == 13
    assert "14 of 20 true/false items are keyed true" in next(iter(found.values()))
    assert set(warned(course_copy, BANK, TRUE_FALSE)) == {16}  # fb-two


def test_true_false_at_35_percent_is_quiet(course_copy):
    add_to_quiz(course_copy, [true_false(n, n < 6) for n in range(18)])  # 7 of 20 true
    assert not [w for w in warnings_of(course_copy) if TRUE_FALSE in w]


def test_true_false_at_65_percent_is_quiet(course_copy):
    add_to_quiz(course_copy, [true_false(n, n < 12) for n in range(18)])  # 13 of 20 true
    assert not [w for w in warnings_of(course_copy) if TRUE_FALSE in w]


# --- 4. all / none of the above --------------------------------------------------------


def test_none_of_the_above_warns_at_the_option(course_copy, line_of):
    path = course_copy / LESSON
    edit(path, "text: The judge alone.", "text: None of the above.")
    found = warned(course_copy, LESSON, CATCH_ALL)
    line = line_of(path, "text: None of the above.") - 1
    assert set(found) == {line}
    assert 'warning: the option says "none of the above"' in found[line]


def test_all_of_the_above_in_markup_in_a_multiple_response_question(course_copy, line_of):
    path = course_copy / QUIZ
    edit(path, "text: A reasoned appeal.", "text: Or ALL *of* the above.")
    found = warned(course_copy, QUIZ, CATCH_ALL)
    assert set(found) == {line_of(path, "text: Or ALL *of* the above.") - 1}
    assert '"all of the above"' in next(iter(found.values()))


def test_above_in_other_words_is_quiet(course_copy):
    edit(course_copy / LESSON, "text: The judge alone.", "text: None of the parties above.")
    edit(course_copy / QUIZ, "text: A reasoned appeal.", "text: All of the facts above.")
    assert not [w for w in warnings_of(course_copy) if CATCH_ALL in w]


# --- 5. two options with the same text -------------------------------------------------


def test_repeated_option_text_warns_at_the_second(course_copy, line_of):
    path = course_copy / LESSON
    edit(path, "text: Take the call.", "text: DECLINE and  *record* the approach.")
    found = warned(course_copy, LESSON, SAME_TEXT)
    line = line_of(path, "text: Decline and record the approach.") - 1
    assert set(found) == {line}
    assert "warning: the same text as option 'a'" in found[line]


def test_nearly_the_same_option_text_is_quiet(course_copy):
    edit(course_copy / LESSON, "text: Take the call.", "text: Decline and record the approaches.")
    assert not [w for w in warnings_of(course_copy) if SAME_TEXT in w]


# --- 6. final bank size ----------------------------------------------------------------


def test_bank_size_warns_per_value_at_its_first_question(course_copy):
    # draw 3 over values 1 and 2: up to 2 of each drawn, so at least 5 of each
    edit(course_copy / "course.yml", "draw: 2", "draw: 3")
    found = warned(course_copy, BANK, BANK_SIZE)
    assert set(found) == {1}
    shown = [w for w in warnings_of(course_copy) if BANK_SIZE in w]
    prefix = f"{display_path(course_copy / BANK)}:1: warning: the final bank holds"
    assert (
        f"{prefix} 2 questions of value 1, fewer than 2.5 x 2 drawn per attempt (at least 5)"
        in (shown)
    )
    assert f"{prefix} 1 question of value 2, fewer than 2.5 x 2 drawn per attempt (at least 5)" in (
        shown
    )


def test_bank_size_names_the_file_of_the_values_first_question(course_copy):
    module_bank = MODULE / "final-bank.yml"
    edit(course_copy / module_bank, "type: true-false", "type: true-false\n    value: 3")
    found = warned(course_copy, module_bank, BANK_SIZE)
    assert set(found) == {1}
    assert "1 question of value 3, fewer than 2.5 x 1 drawn per attempt (at least 3)" in found[1]


def test_bank_size_at_two_and_a_half_times_is_quiet(course_copy):
    # draw 3 over values 1 and 2: up to 2 of each drawn, so at least 5 of each
    edit(course_copy / "course.yml", "draw: 2", "draw: 3")
    values = [1, 1, 1, 2, 2, 2, 2]  # with the fixture's: 5 of value 1, 5 of value 2
    extra = "".join(
        single(n, 0).replace("    type: single\n", f"    type: single\n    value: {v}\n")
        for n, v in enumerate(values)
    )
    edit(course_copy / BANK, "questions:\n", "questions:\n" + extra)
    assert not [w for w in warnings_of(course_copy) if BANK_SIZE in w]
    edit(course_copy / BANK, "    value: 2\n", "    value: 1\n")  # value 2 now holds 4
    assert [w for w in warnings_of(course_copy) if BANK_SIZE in w] == [
        f"{display_path(course_copy / BANK)}:1: warning: the final bank holds 4 questions "
        "of value 2, fewer than 2.5 x 2 drawn per attempt (at least 5)"
    ]


def test_bank_size_without_stratification_is_quiet(course_copy):
    edit(course_copy / "course.yml", "  stratify_by: value\n", "")
    assert not [w for w in warnings_of(course_copy) if BANK_SIZE in w]


# --- the whole course and the command --------------------------------------------------


def test_warnings_are_sorted_and_unique(course_copy):
    problems = lint_course(load_course(course_copy), course_copy)
    assert problems == sorted(set(problems))
    assert problems and all(p.message.startswith("warning: ") for p in problems)


def test_translations_and_trainer_files_are_not_linted(course_copy):
    # 13 of 20 true; the French lesson's check, a true/false item keyed true, would make 14 of 21
    add_to_quiz(course_copy, [true_false(n, n < 12) for n in range(18)])
    assert not [w for w in warnings_of(course_copy) if TRUE_FALSE in w]
    assert not [w for w in warnings_of(course_copy) if ".fr.md" in w or "trainer.md" in w]


def test_cli_check_prints_warnings_and_passes(course_copy):
    result = CliRunner().invoke(course_cli, ["check", str(course_copy)], catch_exceptions=False)
    assert result.exit_code == 0
    count = len(warnings_of(course_copy))
    assert result.stderr.count(": warning: ") == count
    assert f"no problems, {count} warnings." in result.stdout


def test_cli_check_strict_fails_on_warnings(course_copy):
    result = CliRunner().invoke(
        course_cli, ["check", "--strict", str(course_copy)], catch_exceptions=False
    )
    assert result.exit_code == 1
    assert ": warning: the keyed option is the longest" in result.stderr


def test_cli_check_strict_still_reports_problems_first(course_copy):
    edit(course_copy / MODULE / "02-second.md", "::: discussion", "::: sidebar")
    result = CliRunner().invoke(
        course_cli, ["check", "--strict", str(course_copy)], catch_exceptions=False
    )
    assert result.exit_code == 1
    assert "unknown block type 'sidebar'" in result.stderr
    assert "warning:" not in result.output


def test_the_shipped_course_cues_the_best_option_by_length():
    problems = lint_course(load_course(SHIPPED), SHIPPED)
    cues = [p for p in problems if LONGEST in p.message and "the lesson files" in p.message]
    assert cues
    for problem in cues:
        assert problem.path.endswith(".md") and "/modules/" in problem.path
        relative = Path(problem.path).resolve().relative_to(SHIPPED)
        assert relative.parts[0] == "modules" and len(relative.parts) == 3
        lines = (SHIPPED / relative).read_text().splitlines()
        assert lines[problem.line - 1].strip().startswith("- id:")
        option = "\n".join(lines[problem.line - 1 : problem.line + 6])
        assert "quality: best" in option or "correct: true" in option


def test_cli_check_passes_on_the_shipped_course_without_strict():
    result = CliRunner().invoke(course_cli, ["check", str(SHIPPED)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "bangalore-principles" in result.stdout and "no problems" in result.stdout
    assert ": warning: the keyed option is the longest" in result.stderr
