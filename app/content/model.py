"""The immutable course: what the loader builds and every output reads."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


class Audience(enum.StrEnum):
    EVERYONE = "everyone"
    TRAINER = "trainer"


class Medium(enum.StrEnum):
    ANY = "any"
    WEB = "web"
    PRINT = "print"


@dataclass(frozen=True)
class Prose:
    """Markdown text between blocks, converted to HTML at load."""

    html: str
    text: str  # the source text, for word counts
    line: int


@dataclass(frozen=True)
class Option:
    """One choice of a question; question types may add fields (see questions.py)."""

    id: str  # stable and internal: learners see the option's display position instead
    html: str
    feedback_html: str
    is_correct: bool = False
    line: int = 1


@dataclass(frozen=True)
class Question:
    """What every question type shares; each type's class adds its own fields."""

    id: str
    type: str  # the name of its type in the registry (questions.QUESTION_TYPES)
    prompt_html: str
    options: tuple[Option, ...]
    cites: tuple[str, ...] = ()
    value: int | None = None
    title: str | None = None
    situation_html: str = ""
    words: int = 0
    line: int = 1
    source: str = ""  # the file it is written in, relative to the course folder

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Exercise:
    task_html: str
    model_answer_html: str
    words: int = 0


@dataclass(frozen=True)
class Activity:
    title: str
    minutes: int
    method: str
    description_html: str


@dataclass(frozen=True)
class SessionPlan:
    title: str
    activities: tuple[Activity, ...]
    words: int = 0

    @property
    def minutes(self) -> int:
        return sum(a.minutes for a in self.activities)


BlockData = Question | Exercise | SessionPlan | None


@dataclass(frozen=True)
class Block:
    kind: str
    audience: Audience
    medium: Medium
    line: int
    id: str | None = None
    title: str | None = None
    children: tuple[Node, ...] = ()
    data: BlockData = None


Node = Prose | Block


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    minutes: int | None
    body: tuple[Node, ...]
    language: str = "en"
    path: str = ""
    translations: Mapping[str, Lesson] = field(default_factory=lambda: MappingProxyType({}))

    def in_language(self, language: str) -> tuple[Lesson, bool]:
        """This lesson in a language, and whether it fell back to English."""
        if language == self.language:
            return self, False
        translated = self.translations.get(language)
        return (translated, False) if translated else (self, True)


@dataclass(frozen=True)
class Quiz:
    id: str
    title: str
    pass_mark: float
    questions: tuple[Question, ...]
    source: str = ""  # the quiz file, relative to the course folder

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    value: int | None
    summary_html: str
    lessons: tuple[Lesson, ...]
    quiz: Quiz | None = None
    trainer: Lesson | None = None
    folder: str = ""


@dataclass(frozen=True)
class FinalAssessment:
    draw: int
    stratify_by: str | None
    pass_mark: float
    questions: tuple[Question, ...]
    attempts: int = 3  # per learner and course, across editions
    wait_minutes: int = 0  # between a failed attempt and the next one
    time_limit_minutes: int | None = None  # None: untimed


@dataclass(frozen=True)
class CertificateSettings:
    """What a certificate of the course says (course.yml `certificate:`)."""

    issuer: str = "Judicial Ethics Training"
    shows_score: bool = False  # the final-assessment score on the certificate and its page
    shows_judiciary: bool = False  # the holder's judiciary on the public verification page


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    definition_html: str


@dataclass(frozen=True)
class Reading:
    id: str
    title: str
    publisher: str
    year: str
    what_for_html: str


@dataclass(frozen=True)
class Course:
    id: str
    title: str
    edition: str
    languages: tuple[str, ...]
    is_sequential: bool
    modules: tuple[Module, ...]
    final: FinalAssessment
    content_hash: str
    glossary: tuple[Term, ...] = ()
    further_reading: tuple[Reading, ...] = ()
    certificate: CertificateSettings = field(default_factory=CertificateSettings)

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((ls for m in self.modules for ls in m.lessons if ls.id == lesson_id), None)
