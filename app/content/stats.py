"""Counts an editor wants: modules, lessons, words per audience, scenarios, questions, minutes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from app.content.model import (
    Audience,
    Block,
    Course,
    Exercise,
    Lesson,
    Module,
    Node,
    Prose,
    Question,
    SessionPlan,
)


@dataclass(frozen=True)
class ModuleStats:
    id: str
    value: int | None
    lessons: int
    learner_words: int
    trainer_words: int
    scenarios: int
    checks: int
    quiz_questions: int
    trainer_minutes: int
    has_session_plan: bool
    has_handout: bool
    has_reflection: bool
    has_exercise: bool


@dataclass(frozen=True)
class CourseStats:
    modules: tuple[ModuleStats, ...]
    final_by_value: dict[int, int]
    glossary_terms: int = 0
    readings: int = 0

    @property
    def learner_words(self) -> int:
        return sum(m.learner_words for m in self.modules)

    @property
    def trainer_words(self) -> int:
        return sum(m.trainer_words for m in self.modules)


def _words(node: Node) -> int:
    if isinstance(node, Prose):
        return len(node.text.split())
    data = node.data
    if isinstance(data, Question | Exercise | SessionPlan):
        return data.words
    return 0


def _count(nodes: tuple[Node, ...], audience: Audience, totals: Counter) -> None:
    for node in nodes:
        node_audience = audience
        if isinstance(node, Block):
            node_audience = Audience.TRAINER if node.audience == Audience.TRAINER else audience
            totals[("kind", node.kind)] += 1
            if isinstance(node.data, SessionPlan):
                totals["minutes"] += node.data.minutes
            _count(node.children, node_audience, totals)
        totals[("words", node_audience)] += _words(node)


def module_stats(module: Module) -> ModuleStats:
    totals: Counter = Counter()
    lessons: list[Lesson] = [*module.lessons, *([module.trainer] if module.trainer else [])]
    for lesson in lessons:
        _count(lesson.body, Audience.EVERYONE, totals)
    quiz_questions = len(module.quiz.questions) if module.quiz else 0
    if module.quiz:
        totals[("words", Audience.EVERYONE)] += sum(q.words for q in module.quiz.questions)
    return ModuleStats(
        id=module.id,
        value=module.value,
        lessons=len(module.lessons),
        learner_words=totals[("words", Audience.EVERYONE)],
        trainer_words=totals[("words", Audience.TRAINER)],
        scenarios=totals[("kind", "scenario")],
        checks=totals[("kind", "check")],
        quiz_questions=quiz_questions,
        trainer_minutes=totals["minutes"],
        has_session_plan=totals[("kind", "session-plan")] > 0,
        has_handout=totals[("kind", "handout")] > 0,
        has_reflection=totals[("kind", "reflection")] > 0,
        has_exercise=totals[("kind", "exercise")] > 0,
    )


def course_stats(course: Course) -> CourseStats:
    by_value = Counter(q.value for q in course.final.questions if q.value)
    return CourseStats(
        tuple(module_stats(m) for m in course.modules),
        dict(sorted(by_value.items())),
        glossary_terms=len(course.glossary),
        readings=len(course.further_reading),
    )


def format_stats(stats: CourseStats) -> str:
    columns = [
        ("value", 6),
        ("lessons", 8),
        ("learner w", 10),
        ("trainer w", 10),
        ("scen.", 6),
        ("checks", 7),
        ("quiz", 5),
        ("min.", 6),
    ]
    header = f"{'module':<28}" + "".join(f"{name:>{width}}" for name, width in columns)
    lines = [header, "-" * len(header)]
    for m in stats.modules:
        lines.append(
            f"{m.id:<28}{m.value or '-':>6}{m.lessons:>8}{m.learner_words:>10}{m.trainer_words:>10}"
            f"{m.scenarios:>6}{m.checks:>7}{m.quiz_questions:>5}{m.trainer_minutes:>6}"
        )
    lines.append("-" * len(header))
    lines.append(
        f"{len(stats.modules)} modules, {sum(m.lessons for m in stats.modules)} lessons, "
        f"{stats.learner_words} learner words, {stats.trainer_words} trainer words"
    )
    bank = ", ".join(f"value {v}: {n}" for v, n in stats.final_by_value.items()) or "empty"
    lines.append(f"final bank: {sum(stats.final_by_value.values())} questions ({bank})")
    lines.append(f"glossary: {stats.glossary_terms} terms; further reading: {stats.readings} items")
    return "\n".join(lines)
