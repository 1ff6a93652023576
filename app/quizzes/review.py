"""What a learner sees after a self-test: per question right or wrong, the feedback of
the chosen option, and where to revisit the point (the paragraph and the lesson)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.content import principles, references
from app.content.display import ShownOption, ShownQuestion, shuffled
from app.content.model import Lesson, Module, Prose, Question
from app.content.outputs import walk
from app.content.questions import InvalidAnswer, grade
from app.quizzes.models import QuizAttempt


@dataclass(frozen=True)
class Revisit:
    ref: str  # as the question cites it: "1.3" or "4.14-4.16"
    anchor: str  # on the principles page
    lesson: Lesson | None  # the first lesson of the module that cites the paragraph


@dataclass(frozen=True)
class ReviewItem:
    shown: ShownQuestion
    chosen: tuple[ShownOption, ...]
    score: float  # as recorded when the attempt was graded
    feedback: tuple[str, ...]  # the chosen options' feedback (HTML)
    revisit: tuple[Revisit, ...]

    @property
    def outcome(self) -> str:
        """right, partly or wrong: shown with an icon and a word, never colour alone."""
        if self.score >= 1.0:
            return "right"
        return "partly" if self.score > 0 else "wrong"


def attempt_order(module: Module, attempt: QuizAttempt) -> list[ShownQuestion]:
    """The attempt's questions and options in the order its seed draws."""
    assert module.quiz is not None
    return shuffled(module.quiz.questions, attempt.seed)


def answers_from_letters(
    module: Module, attempt: QuizAttempt, letters: Mapping[str, Sequence[str]]
) -> dict[str, list[str]]:
    """The option ids a self-test form names by letters, in this attempt's order.

    A question the attempt does not hold keeps its letters, so that grading refuses it.
    """
    shown = {item.id: item for item in attempt_order(module, attempt)}
    return {
        qid: list(shown[qid].ids_of(chosen)) if qid in shown else list(chosen)
        for qid, chosen in letters.items()
    }


def review(module: Module, attempt: QuizAttempt) -> list[ReviewItem]:
    """One item per graded question still in the self-test, in the attempt's order."""
    answers, scores = attempt.answers or {}, attempt.scores or {}
    items = []
    for shown in attempt_order(module, attempt):
        if shown.id not in answers:
            continue  # added to the self-test after this attempt
        chosen, feedback = _chosen(shown, answers[shown.id])
        items.append(
            ReviewItem(
                shown,
                chosen,
                float(scores.get(shown.id, 0.0)),
                feedback,
                revisit(module, shown.question),
            )
        )
    return items


def _chosen(
    shown: ShownQuestion, answer: list[str]
) -> tuple[tuple[ShownOption, ...], tuple[str, ...]]:
    try:
        result = grade(shown.question, answer)
    except InvalidAnswer:
        return (), ()  # the content changed since: the old answer no longer grades
    return shown.shown(result.chosen), tuple(html for _id, html in result.feedback)


def revisit(module: Module | None, question: Question) -> tuple[Revisit, ...]:
    """The paragraphs a question cites, each with the module's lesson that cites it most."""
    found = []
    for ref in question.cites:
        citation = references.parse_reference(ref)
        if isinstance(citation, references.Citation):
            lesson = lesson_citing(module, citation.start) if module else None
            found.append(Revisit(ref, principles.anchor(citation.start), lesson))
    return tuple(found)


_CITED: dict[int, tuple[Module, dict[str, Lesson]]] = {}
_CITED_LIMIT = 256  # module objects kept; a reloaded course starts afresh


def lesson_citing(module: Module, paragraph: str) -> Lesson | None:
    """The lesson of the module that cites the paragraph most often (kept per module)."""
    cached = _CITED.get(id(module))
    if cached is None or cached[0] is not module:
        if len(_CITED) >= _CITED_LIMIT:
            _CITED.clear()
        cached = (module, _most_citing(module))
        _CITED[id(module)] = cached
    return cached[1].get(paragraph)


def _most_citing(module: Module) -> dict[str, Lesson]:
    counts: dict[str, Counter[int]] = {}
    for index, lesson in enumerate(module.lessons):
        texts = (node.text for node in walk(lesson.body) if isinstance(node, Prose))
        for text in texts:
            for _line, ref in references.scan(text, 1):
                if isinstance(ref, references.Citation):
                    for paragraph in principles.covered(ref.start, ref.end):
                        counts.setdefault(paragraph, Counter())[index] += 1
    # The most citations wins; among equals, the earlier lesson.
    return {
        paragraph: module.lessons[min(c, key=lambda i: (-c[i], i))]
        for paragraph, c in counts.items()
    }
