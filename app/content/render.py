"""HTML for a filtered lesson, for the web or for print.

Rendering always filters first, so a caller cannot forget to. Interactive blocks
on the web carry only what the learner may see before answering: no correct
option, no quality, no feedback. Labels are passed in (translated by the caller).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from markupsafe import Markup, escape

from app.content.display import show
from app.content.model import Block, Exercise, Lesson, Module, Node, Prose, Question, SessionPlan
from app.content.outputs import Output, lesson_view, walk
from app.content.templating import macro

LABELS = {
    "objectives": "Learning objectives",
    "key-points": "Key points",
    "case-study": "Case study",
    "reflection": "Reflection",
    "trainer-note": "Note for trainers",
    "discussion": "Discussion questions",
    "handout": "Handout",
    "scenario": "Scenario",
    "check": "Check your understanding",
    "exercise": "Exercise",
    "session-plan": "Session plan",
    "trainer-material": "Trainer material",
    "model-answer": "Model answer",
    "minutes": "minutes",
    "total": "Total",
    "activity": "Activity",
    "method": "Method",
}

Renderer = Callable[[Block, Output, Mapping[str, str]], Markup]


def _html(converted: str) -> Markup:
    """HTML made by our Markdown converter at load (raw HTML is disabled there)."""
    return Markup(converted)  # noqa: S704


def render_lesson(lesson: Lesson, output: Output, labels: Mapping[str, str] = LABELS) -> Markup:
    """The lesson body as HTML for this output (filtered before rendering)."""
    return render_nodes(lesson_view(lesson, output).body, output, labels)


def render_nodes(nodes: tuple[Node, ...], output: Output, labels: Mapping[str, str]) -> Markup:
    parts = []
    for node in nodes:
        if isinstance(node, Prose):
            parts.append(_html(node.html))
        else:
            parts.append(_RENDERERS.get(node.kind, _section)(node, output, labels))
    return Markup("\n").join(parts)


def _heading(block: Block, labels: Mapping[str, str]) -> Markup:
    label = escape(labels.get(block.kind, block.kind))
    if block.title:
        return Markup("<h3>{}: {}</h3>").format(label, block.title)
    return Markup("<h3>{}</h3>").format(label)


ASIDES = ("trainer-note", "trainer-material")


def _open(block: Block) -> Markup:
    anchor = Markup(' id="{}"').format(f"block-{block.id}") if block.id else Markup("")
    if block.kind in ASIDES:
        return Markup('<aside class="block block-{}"{}>').format(block.kind, anchor)
    return Markup('<section class="block block-{}"{}>').format(block.kind, anchor)


def _close(block: Block) -> Markup:
    return Markup("</aside>") if block.kind in ASIDES else Markup("</section>")


def _section(block: Block, output: Output, labels: Mapping[str, str]) -> Markup:
    body = render_nodes(block.children, output, labels)
    return Markup("{}{}\n{}\n{}").format(_open(block), _heading(block, labels), body, _close(block))


def _question(block: Block, output: Output, labels: Mapping[str, str]) -> Markup:
    question = block.data
    if not isinstance(question, Question):
        return Markup("")
    shown = show(question)
    parts = [_open(block), _heading(block, labels), _html(question.situation_html)]
    if output.medium == "web":
        inputs = macro(question, "inputs")(shown, "answer", block.id or "q", ())
        parts.append(
            Markup('<fieldset class="choices"><legend>{}</legend>{}</fieldset>').format(
                _html(question.prompt_html), inputs
            )
        )
    else:
        parts.append(printed_question(question))
        if not output.is_learner:  # trainers' manual: the key sits with the exercise
            parts.append(render_key(question))
    parts.append(Markup("</section>"))
    return Markup("\n").join(parts)


def printed_question(question: Question) -> Markup:
    """The prompt and the options as print shows them, in source order, lettered."""
    choices = macro(question, "printed")(show(question))
    return Markup("{}\n{}").format(_html(question.prompt_html), choices)


def render_key(question: Question) -> Markup:
    """The answer key of one question: every option with its verdict and feedback."""
    return macro(question, "key")(show(question))


def _exercise(block: Block, output: Output, labels: Mapping[str, str]) -> Markup:
    exercise = block.data
    if not isinstance(exercise, Exercise):
        return Markup("")
    return Markup('{}{}\n{}\n<div class="model-answer"><h4>{}</h4>{}</div>\n</section>').format(
        _open(block),
        _heading(block, labels),
        _html(exercise.task_html),
        labels["model-answer"],
        _html(exercise.model_answer_html),
    )


def _session_plan(block: Block, output: Output, labels: Mapping[str, str]) -> Markup:
    plan = block.data
    if not isinstance(plan, SessionPlan):
        return Markup("")
    rows = Markup("").join(
        Markup("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>").format(
            a.title, a.method, a.minutes, _html(a.description_html)
        )
        for a in plan.activities
    )
    head = Markup("<tr><th>{}</th><th>{}</th><th>{}</th><th></th></tr>").format(
        labels["activity"], labels["method"], labels["minutes"]
    )
    total = Markup('<tr><th colspan="2">{}</th><td>{}</td><td></td></tr>').format(
        labels["total"], plan.minutes
    )
    table = Markup(
        '<table class="session-plan"><thead>{}</thead><tbody>{}</tbody><tfoot>{}</tfoot></table>'
    ).format(head, rows, total)
    heading = Markup("<h3>{}: {}</h3>").format(labels["session-plan"], plan.title)
    return Markup("{}{}\n{}\n</section>").format(_open(block), heading, table)


_RENDERERS: dict[str, Renderer] = {
    "scenario": _question,
    "check": _question,
    "exercise": _exercise,
    "session-plan": _session_plan,
}


def module_questions(module: Module, output: Output) -> list[Question]:
    """Scenarios and checks of a module that this output shows (for a printed key)."""
    found = []
    for lesson in module.lessons:
        for node in walk(lesson_view(lesson, output).body):
            if isinstance(node, Block) and isinstance(node.data, Question):
                found.append(node.data)
    return found
