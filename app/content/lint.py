"""Item-writing warnings: cues a test-wise learner could use instead of knowing the answer.

`course check` prints them as `path:line: warning: message` after a clean load; they
never stop the app (`course check --strict` turns them into a failure). Pure: no Flask.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from app.content.errors import Problem, display_path
from app.content.model import Block, Course, FinalAssessment, Option, Question
from app.content.outputs import walk
from app.content.questions import QUESTION_TYPES

# Shares are whole percentages, compared in integers so a boundary is exact.
LONGEST_KEY_PERCENT = 35  # keyed option the longest in more: a learner picks the longest
KEY_POSITION_PERCENT = 45  # more keys in one position: a learner picks that letter
TRUE_PERCENT = (35, 65)  # the range of the share of true/false items keyed true
BANK_FACTOR = 2.5  # questions of a value in the bank per question drawn of it
LESSON_KINDS = frozenset({"scenario", "check"})
CATCH_ALL = re.compile(r"\b(?:all|none) of the above\b", re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Group:
    """Questions a learner meets together, so their cues add up."""

    name: str  # as the messages name it: "the lesson files", "self-test ID", "the final bank"
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Keyed:
    """A question with exactly one keyed option, and where that option stands."""

    question: Question
    key: Option
    position: int  # index in source order, 0 = the first option


def lint_course(course: Course, root: Path) -> list[Problem]:
    """Every item-writing warning of a loaded course, sorted and deduplicated."""
    root = Path(root).resolve()
    groups = question_groups(course)
    problems: list[Problem] = []
    for group in groups:
        problems += longest_key(group, root)
        problems += key_position(group, root)
    every = [q for group in groups for q in group.questions]
    problems += true_false_balance(every, root)
    problems += catch_all_options(every, root)
    problems += repeated_options(every, root)
    problems += bank_size(course.final, root)
    return sorted(set(problems))


# --- what is checked together ------------------------------------------------------


def question_groups(course: Course) -> list[Group]:
    """The lesson questions together, each self-test on its own, and the final bank."""
    groups = [Group("the lesson files", tuple(lesson_questions(course)))]
    groups += [Group(f"self-test {m.quiz.id}", m.quiz.questions) for m in course.modules if m.quiz]
    groups.append(Group("the final bank", course.final.questions))
    return groups


def lesson_questions(course: Course) -> Iterator[Question]:
    """The scenarios and checks of the English lessons (not translations, not trainer files)."""
    for module in course.modules:
        for lesson in module.lessons:
            for node in walk(lesson.body):
                is_question = isinstance(node, Block) and node.kind in LESSON_KINDS
                if is_question and isinstance(node.data, Question):
                    yield node.data


def keyed_questions(questions: Iterable[Question]) -> list[Keyed]:
    """The single-choice questions and scenarios, each with its one keyed option."""
    found = []
    for question in questions:
        keys = [i for i, o in enumerate(question.options) if o.is_correct]
        has_one_key = QUESTION_TYPES[question.type].has_one_key
        if has_one_key and len(keys) == 1 and len(question.options) > 1:
            found.append(Keyed(question, question.options[keys[0]], keys[0]))
    return found


# --- the warnings ------------------------------------------------------------------


def longest_key(group: Group, root: Path) -> list[Problem]:
    """Warn where the keyed option is the longest, if it is so in over 35% of the group."""
    keyed = keyed_questions(group.questions)
    longest = [k for k in keyed if is_longest(k)]
    if not over(len(longest), len(keyed), LONGEST_KEY_PERCENT):
        return []
    message = (
        f"the keyed option is the longest of this question, as in {len(longest)} of "
        f"{len(keyed)} single-choice questions and scenarios of {group.name} "
        f"(over {LONGEST_KEY_PERCENT}%); write the other options as fully"
    )
    return [warning(root, k.question, k.key.line, message) for k in longest]


def is_longest(keyed: Keyed) -> bool:
    """Whether the keyed option has more rendered characters than every other option."""
    length = len(rendered(keyed.key.html))
    others = [o for o in keyed.question.options if o is not keyed.key]
    return all(length > len(rendered(o.html)) for o in others)


def key_position(group: Group, root: Path) -> list[Problem]:
    """Warn where the key stands in a position that holds over 45% of the group's keys."""
    keyed = keyed_questions(group.questions)
    counts = Counter(k.position for k in keyed)
    problems = []
    for position, count in sorted(counts.items()):
        if not over(count, len(keyed), KEY_POSITION_PERCENT):
            continue
        message = (
            f"the key is option {letter(position)}, as in {count} of {len(keyed)} "
            f"single-choice questions and scenarios of {group.name} "
            f"(over {KEY_POSITION_PERCENT}%); vary the position of the key"
        )
        problems += [
            warning(root, k.question, k.key.line, message) for k in keyed if k.position == position
        ]
    return problems


def true_false_balance(questions: Iterable[Question], root: Path) -> list[Problem]:
    """Warn at the items keyed with the over-represented answer outside 35-65% keyed true."""
    keys = [(q, QUESTION_TYPES[q.type].binary_key(q)) for q in questions]
    items = [(q, key) for q, key in keys if key is not None]
    keyed_true = sum(key for _q, key in items)
    low, high = TRUE_PERCENT
    too_many_true = over(keyed_true, len(items), high)
    if not too_many_true and not over(len(items) - keyed_true, len(items), 100 - low):
        return []
    count = keyed_true if too_many_true else len(items) - keyed_true
    message = (
        f"{count} of {len(items)} true/false items are keyed {str(too_many_true).lower()}; "
        f"keep {low}-{high}% keyed true"
    )
    return [warning(root, q, q.line, message) for q, key in items if key is too_many_true]


def catch_all_options(questions: Iterable[Question], root: Path) -> list[Problem]:
    """Warn at every option that says "all of the above" or "none of the above"."""
    problems = []
    for question in questions:
        for option in question.options:
            match = CATCH_ALL.search(rendered(option.html))
            if match:
                message = (
                    f'the option says "{match.group(0).lower()}"; '
                    "write options that each stand on their own"
                )
                problems.append(warning(root, question, option.line, message))
    return problems


def repeated_options(questions: Iterable[Question], root: Path) -> list[Problem]:
    """Warn at an option whose rendered text repeats an earlier option of its question."""
    problems = []
    for question in questions:
        first: dict[str, Option] = {}
        for option in question.options:
            text = rendered(option.html).casefold()
            earlier = first.setdefault(text, option)
            if earlier is not option:
                message = f"the same text as option '{earlier.id}' (line {earlier.line})"
                problems.append(warning(root, question, option.line, message))
    return problems


def bank_size(final: FinalAssessment, root: Path) -> list[Problem]:
    """Warn for each value with fewer than 2.5 times the questions an attempt draws of it."""
    by_value = Counter(q.value for q in final.questions if q.value is not None)
    if final.stratify_by != "value" or not by_value:
        return []
    drawn = math.ceil(final.draw / len(by_value))
    needed = math.ceil(BANK_FACTOR * drawn)
    problems = []
    for value, count in sorted(by_value.items()):
        if count >= BANK_FACTOR * drawn:
            continue
        first = next(q for q in final.questions if q.value == value)
        message = (
            f"the final bank holds {count} question{'s' if count != 1 else ''} of value {value}, "
            f"fewer than {BANK_FACTOR:g} x {drawn} drawn per attempt (at least {needed})"
        )
        problems.append(warning(root, first, 1, message))
    return problems


# --- helpers -----------------------------------------------------------------------


def rendered(option_html: str) -> str:
    """The characters a learner sees: tags stripped, entities unescaped, spaces collapsed."""
    return " ".join(html.unescape(TAG.sub("", option_html)).split())


def over(count: int, total: int, percent: int) -> bool:
    """Whether count is more than percent % of total (exact, in integers)."""
    return 100 * count > percent * total


def letter(position: int) -> str:
    """An option's position in source order as a letter: a, b, c..."""
    return chr(ord("a") + position)


def warning(root: Path, question: Question, line: int, message: str) -> Problem:
    """A warning in the question's file, shown like the loader's problems."""
    return Problem(display_path(root / question.source), max(int(line), 1), f"warning: {message}")
