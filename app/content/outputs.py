"""What each output may contain: the engine filters the tree before anything renders."""

from __future__ import annotations

import enum
from dataclasses import replace

from app.content.model import Audience, Block, Lesson, Medium, Module, Node


class Output(enum.Enum):
    """An output is a medium and the audiences it may show."""

    WEB_LEARNER = ("web", frozenset({Audience.EVERYONE}))
    PRINT_LEARNER = ("print", frozenset({Audience.EVERYONE}))
    WEB_TRAINER = ("web", frozenset({Audience.EVERYONE, Audience.TRAINER}))
    PRINT_TRAINER = ("print", frozenset({Audience.EVERYONE, Audience.TRAINER}))

    @property
    def medium(self) -> Medium:
        return Medium(self.value[0])

    @property
    def audiences(self) -> frozenset[Audience]:
        return self.value[1]

    @property
    def is_learner(self) -> bool:
        return Audience.TRAINER not in self.audiences


def shows(block: Block, output: Output) -> bool:
    return block.audience in output.audiences and block.medium in (Medium.ANY, output.medium)


def visible(nodes: tuple[Node, ...], output: Output) -> tuple[Node, ...]:
    """The nodes this output may contain; a dropped block takes its whole subtree."""
    kept: list[Node] = []
    for node in nodes:
        if isinstance(node, Block):
            if not shows(node, output):
                continue
            if node.children:
                node = replace(node, children=visible(node.children, output))
        kept.append(node)
    return tuple(kept)


_VIEWS: dict[tuple[int, Output], tuple[Lesson, Lesson]] = {}


def lesson_view(lesson: Lesson, output: Output) -> Lesson:
    """The lesson as this output may show it (translations are not carried along).

    Lessons are immutable, so each view is computed once and kept.
    """
    key = (id(lesson), output)
    cached = _VIEWS.get(key)
    if cached is not None and cached[0] is lesson:
        return cached[1]
    view = replace(lesson, body=visible(lesson.body, output), translations={})
    _VIEWS[key] = (lesson, view)
    return view


def module_view(module: Module, output: Output) -> Module:
    """The module for this output: its trainer file only where trainers read."""
    return replace(
        module,
        lessons=tuple(lesson_view(lesson, output) for lesson in module.lessons),
        trainer=lesson_view(module.trainer, output)
        if module.trainer and not output.is_learner
        else None,
    )


def walk(nodes: tuple[Node, ...]):
    """Every node, depth first."""
    for node in nodes:
        yield node
        if isinstance(node, Block):
            yield from walk(node.children)
