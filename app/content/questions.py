"""Question types: a registry of strategy classes, each owning its fields, rules and display.

A type is one class here (how it reads, validates and grades) and one template partial
(how it shows on the lesson page, the self-test page and in print: see
`templates/question-types/` and `templating.py`). Adding a type means adding one
class to QUESTION_TYPES and writing its partial; nothing else changes.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from app.content.fields import FieldReader
from app.content.model import Option, Question
from app.content.yamlsrc import LineDict

PARTIALS = Path(__file__).parent / "templates" / "question-types"


class InvalidAnswer(ValueError):
    """The answer names no option of this question, or the wrong number of them."""


@dataclass(frozen=True)
class Grade:
    score: float  # 0.0 to 1.0
    is_correct: bool
    chosen: tuple[str, ...]
    feedback: tuple[tuple[str, str], ...]  # (option id, feedback html) for each chosen option


@dataclass(frozen=True)
class SingleChoiceQuestion(Question):
    """Exactly one correct option."""


@dataclass(frozen=True)
class MultipleResponseQuestion(Question):
    """One or more correct options, chosen together."""

    has_partial_credit: bool = False


@dataclass(frozen=True)
class TrueFalseQuestion(Question):
    """A statement keyed true or false; its two options are made by the type."""

    answer: bool = False


@dataclass(frozen=True)
class ScenarioOption(Option):
    """A course of action: how good it is, and the paragraphs it turns on."""

    quality: str = "poor"  # best | acceptable | poor
    cites: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScenarioQuestion(Question):
    """A dilemma with one best course of action, graded by the quality of the choice."""


class QuestionType:
    """Base strategy: options with feedback; subclasses add their fields and rules."""

    name = ""
    question_class: type[Question] = Question
    option_class: type[Option] = Option
    is_choice_shuffled = True  # may a self-test show the options in another order?
    is_single_answer = True  # one option per answer (radio buttons), or several
    has_one_key = False  # exactly one keyed option, among options the author wrote

    @property
    def partial(self) -> Path:
        """The template that shows this type's questions (see templating.py)."""
        return PARTIALS / f"{self.name}.html"

    def build(self, data: LineDict, reader: FieldReader, *, with_value: bool) -> Question:
        """Read and validate a question; problems go to the reader, never raise."""
        question_id = reader.identifier(data)
        prompt = reader.markdown(data, "question" if "question" in data else "prompt", inline=True)
        options = self.read_options(data, reader)
        return self.question_class(
            id=question_id,
            type=self.name,
            prompt_html=prompt,
            options=tuple(options),
            cites=reader.cites(data),
            value=self.read_value(data, reader) if with_value else None,
            title=str(data["title"]) if "title" in data else None,
            situation_html=reader.markdown(data, "situation", required=False),
            line=data.line,
            **self.own_fields(data, reader),
        )

    def own_fields(self, data: LineDict, reader: FieldReader) -> dict[str, Any]:
        """The fields this type's question class adds."""
        return {}

    def read_value(self, data: LineDict, reader: FieldReader) -> int | None:
        value = data.get("value")
        if isinstance(value, bool) or value not in range(1, 7):
            reader.problem(data.line_of("value"), "a final-bank question needs 'value': 1 to 6")
            return None
        return value

    def read_options(self, data: LineDict, reader: FieldReader) -> list[Option]:
        key = "choices" if "choices" in data else "options"
        raw_options = reader.items(data, key)
        options, seen = [], set()
        for raw in raw_options:
            item = reader.mapping(raw, data.line_of(key), "an option")
            if item is None:
                continue
            option = self.read_option(item, reader)
            if option.id in seen:
                reader.problem(item.line_of("id"), f"duplicate option id '{option.id}'")
            seen.add(option.id)
            options.append(option)
        if raw_options and len(options) < 2:
            reader.problem(data.line_of(key), "a question needs at least two options")
        self.check_options(data, options, reader)
        return options

    def read_option(self, item: LineDict, reader: FieldReader) -> Option:
        return Option(
            id=reader.identifier(item),
            html=reader.markdown(item, "text", inline=True),
            feedback_html=reader.markdown(item, "feedback"),
            is_correct=reader.flag(item, "correct"),
            line=item.line,
        )

    def check_options(self, data: LineDict, options: list[Option], reader: FieldReader) -> None:
        """Type rules over the whole set of options."""

    def grade(self, question: Question, answer: Collection[str]) -> Grade:
        chosen = self.chosen(question, answer)
        correct = {o.id for o in question.options if o.is_correct}
        score = 1.0 if set(chosen) == correct else 0.0
        return self.result(question, chosen, score)

    def chosen(self, question: Question, answer: Collection[str]) -> tuple[str, ...]:
        ids = tuple(dict.fromkeys(str(a) for a in answer))
        if len(ids) != 1:
            raise InvalidAnswer("choose exactly one option")
        return self.known(question, ids)

    @staticmethod
    def known(question: Question, ids: tuple[str, ...]) -> tuple[str, ...]:
        valid = {o.id for o in question.options}
        if not ids or any(i not in valid for i in ids):
            raise InvalidAnswer("that option is not part of this question")
        return ids

    @staticmethod
    def result(question: Question, chosen: tuple[str, ...], score: float) -> Grade:
        feedback = tuple((o.id, o.feedback_html) for o in question.options if o.id in chosen)
        return Grade(score=score, is_correct=score >= 1.0, chosen=chosen, feedback=feedback)

    def keyed(self, question: Question) -> tuple[Option, ...]:
        """The options that earn full credit (the key, for authors' checks and print)."""
        return tuple(o for o in question.options if o.is_correct)

    def binary_key(self, question: Question) -> bool | None:
        """For a statement keyed true or false, its key; None for every other type."""
        return None


class SingleChoice(QuestionType):
    name = "single"
    question_class = SingleChoiceQuestion
    has_one_key = True

    def check_options(self, data: LineDict, options: list[Option], reader: FieldReader) -> None:
        right = sum(o.is_correct for o in options)
        if options and right != 1:
            reader.problem(
                data.line, f"a single-choice question needs exactly one correct option, not {right}"
            )


class MultipleResponse(QuestionType):
    name = "multiple"
    question_class = MultipleResponseQuestion
    is_single_answer = False

    def own_fields(self, data: LineDict, reader: FieldReader) -> dict[str, Any]:
        return {"has_partial_credit": reader.flag(data, "partial_credit")}

    def check_options(self, data: LineDict, options: list[Option], reader: FieldReader) -> None:
        if options and not any(o.is_correct for o in options):
            reader.problem(
                data.line, "a multiple-response question needs at least one correct option"
            )

    def chosen(self, question: Question, answer: Collection[str]) -> tuple[str, ...]:
        return self.known(question, tuple(dict.fromkeys(str(a) for a in answer)))

    def grade(self, question: Question, answer: Collection[str]) -> Grade:
        chosen = self.chosen(question, answer)
        correct = {o.id for o in question.options if o.is_correct}
        if not question.has_partial_credit:
            return self.result(question, chosen, 1.0 if set(chosen) == correct else 0.0)
        hits = len(correct & set(chosen))
        misses = len(set(chosen) - correct)
        return self.result(question, chosen, max(0.0, (hits - misses) / len(correct)))


class TrueFalse(QuestionType):
    name = "true-false"
    question_class = TrueFalseQuestion
    is_choice_shuffled = False  # true before false, always

    def own_fields(self, data: LineDict, reader: FieldReader) -> dict[str, Any]:
        return {"answer": data.get("answer") is True}

    def binary_key(self, question: Question) -> bool | None:
        return question.answer

    def read_options(self, data: LineDict, reader: FieldReader) -> list[Option]:
        answer = data.get("answer")
        if not isinstance(answer, bool):
            reader.problem(
                data.line_of("answer"),
                "a true-false question needs 'answer: true' or 'answer: false'",
            )
        feedback = reader.mapping(data.get("feedback"), data.line_of("feedback"), "'feedback'")
        options = []
        for label, value in (("true", True), ("false", False)):
            html = reader.markdown(feedback, label) if feedback is not None else ""
            line = feedback.line_of(label) if feedback is not None else data.line
            options.append(
                Option(
                    id=label, html=label, feedback_html=html, is_correct=answer is value, line=line
                )
            )
        return options


class ScenarioChoice(QuestionType):
    name = "scenario"
    question_class = ScenarioQuestion
    option_class = ScenarioOption
    has_one_key = True  # the one best course of action
    QUALITIES = {"best": 1.0, "acceptable": 0.5, "poor": 0.0}

    def read_option(self, item: LineDict, reader: FieldReader) -> Option:
        quality = reader.text(item, "quality")
        if quality and quality not in self.QUALITIES:
            reader.problem(item.line_of("quality"), "quality must be best, acceptable or poor")
        return ScenarioOption(
            id=reader.identifier(item),
            html=reader.markdown(item, "text", inline=True),
            feedback_html=reader.markdown(item, "feedback"),
            is_correct=quality == "best",
            line=item.line,
            quality=quality if quality in self.QUALITIES else "poor",
            cites=reader.cites(item, required=True),
        )

    def check_options(self, data: LineDict, options: list[Option], reader: FieldReader) -> None:
        best = sum(o.quality == "best" for o in options)
        if options and best != 1:
            reader.problem(data.line, f"a scenario needs exactly one 'best' choice, not {best}")

    def grade(self, question: Question, answer: Collection[str]) -> Grade:
        chosen = self.chosen(question, answer)
        option = question.option(chosen[0])
        return self.result(question, chosen, self.QUALITIES[option.quality])


QUESTION_TYPES: dict[str, QuestionType] = {
    t.name: t for t in (SingleChoice(), MultipleResponse(), TrueFalse(), ScenarioChoice())
}


def question_type(question: Question) -> QuestionType:
    """The strategy of a question's type."""
    return QUESTION_TYPES[question.type]


def build_question(
    data: LineDict,
    reader: FieldReader,
    *,
    source: str,
    with_value: bool = False,
    default_type: str | None = None,
) -> Question | None:
    """Validate and build one question of whatever type it declares."""
    type_name = data.get("type", default_type)
    strategy = QUESTION_TYPES.get(str(type_name))
    if strategy is None:
        known = ", ".join(QUESTION_TYPES)
        reader.problem(
            data.line_of("type"), f"unknown question type '{type_name}' (known: {known})"
        )
        return None
    before = reader.words
    question = strategy.build(data, reader, with_value=with_value)
    return replace(question, words=reader.words - before, source=source)


def grade(question: Question, answer: Collection[str]) -> Grade:
    """Grade an answer (option ids); pure: no request, no database."""
    return question_type(question).grade(question, answer)


def snapshot(question: Question) -> dict[str, Any]:
    """The question as JSON: all a later page needs to show it and grade it, whatever
    the content becomes (a final-assessment attempt keeps the questions it drew)."""
    data = _fields_of(question)
    data["options"] = [_fields_of(option) for option in question.options]
    return data


def _fields_of(item: Any) -> dict[str, Any]:
    """A frozen dataclass's fields, one level deep (asdict's deep copy is slow)."""
    return {f.name: getattr(item, f.name) for f in fields(item)}


def restore(data: dict[str, Any]) -> Question:
    """A question from its snapshot, of the class its type builds.

    A snapshot of a type since removed from the registry comes back as a plain choice
    question (single or multiple, by its number of keyed options), so an old attempt
    still shows and grades.
    """
    if data["type"] not in QUESTION_TYPES:
        keyed = sum(bool(o.get("is_correct")) for o in data["options"])
        data = {**data, "type": "single" if keyed == 1 else "multiple"}
    strategy = QUESTION_TYPES[data["type"]]
    options = tuple(_build(strategy.option_class, o) for o in data["options"])
    return _build(strategy.question_class, {**data, "options": options})


def _build(cls: type, data: dict[str, Any]) -> Any:
    """A frozen dataclass from JSON: known fields only, lists back to tuples."""
    names = {f.name for f in fields(cls)}
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in names}
    return cls(**values)
