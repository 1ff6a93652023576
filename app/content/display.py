"""A question as one output shows it: options in display order, labelled by position.

Learners see options labelled a, b, c... by where they stand on the page, and forms
post those letters, never the stored ids (which stay internal and stable, and could
tell a shuffled option's place in the source). Lessons and print show the source
order; a self-test attempt shows an order drawn from its seed, so position carries no
cue, and the same seed always gives the same order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.content.model import Option, Question
from app.content.questions import question_type

LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class ShownOption:
    option: Option
    letter: str  # a, b, c... by display position

    @property
    def id(self) -> str:
        return self.option.id


@dataclass(frozen=True)
class ShownQuestion:
    question: Question
    options: tuple[ShownOption, ...]
    number: int | None = None  # its place in a self-test (1, 2, 3...), None in a lesson
    lang: str = "en"  # the language of the question's text

    @property
    def id(self) -> str:
        return self.question.id

    def letter(self, option_id: str) -> str:
        return next((o.letter for o in self.options if o.id == option_id), "")

    def shown(self, option_ids: Iterable[str]) -> tuple[ShownOption, ...]:
        """These options (say, a learner's choice) in display order."""
        wanted = set(option_ids)
        return tuple(o for o in self.options if o.id in wanted)

    def letters_of(self, option_ids: Iterable[str]) -> tuple[str, ...]:
        """The letters these options carry on the page (what a form posts)."""
        return tuple(o.letter for o in self.shown(option_ids))

    def ids_of(self, letters: Iterable[str]) -> tuple[str, ...]:
        """The options a form's letters name; a letter the page never showed stays
        unknown (prefixed with "?"), so that grading refuses it."""
        by_letter = {o.letter: o.id for o in self.options}
        return tuple(by_letter.get(letter, f"?{letter}") for letter in dict.fromkeys(letters))


def show(
    question: Question,
    order: Sequence[str] | None = None,
    number: int | None = None,
    lang: str = "en",
) -> ShownQuestion:
    """The question with its options in this order (default: as written) and lettered."""
    options = list(question.options)
    if order is not None:
        position = {option_id: i for i, option_id in enumerate(order)}
        options.sort(key=lambda o: position.get(o.id, len(position)))
    lettered = tuple(ShownOption(o, LETTERS[i % len(LETTERS)]) for i, o in enumerate(options))
    return ShownQuestion(question, lettered, number, lang)


def rank(seed: int, *parts: str) -> bytes:
    """A stable pseudo-random sort key for these parts under this seed."""
    return hashlib.sha256(":".join((str(seed), *parts)).encode()).digest()


def shuffled(questions: Sequence[Question], seed: int, lang: str = "en") -> list[ShownQuestion]:
    """Questions and their options in an order drawn from the seed, numbered from 1.

    Each item's place comes from a hash of the seed and its own id, so the order is
    the same every time for one seed, and adding a question to the quiz does not
    reorder the others.
    """
    ordered = sorted(questions, key=lambda q: rank(seed, q.id))
    result = []
    for number, question in enumerate(ordered, start=1):
        order = None
        if question_type(question).is_choice_shuffled:
            ranked = sorted(question.options, key=lambda o: rank(seed, question.id, o.id))
            order = [o.id for o in ranked]
        result.append(show(question, order, number, lang))
    return result
