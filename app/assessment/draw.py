"""Drawing an attempt's questions from the final bank: stratified, shuffled, seeded.

The rule, as the introduction to the course states it: an attempt draws `draw`
questions; with `stratify_by: value` every value gives the same number, draw divided
by the number of values rounded down, and the questions left over go one each to
values picked at random for that attempt. A value with too few questions gives all
it has and the others make up the difference, again as evenly as possible. Within a
value the questions are picked at random, preferring those the learner has not seen
in an earlier attempt; questions and options are then shuffled. One seed decides it
all, so the same seed always draws the same attempt.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace

from app.content.display import rank, shuffled
from app.content.model import FinalAssessment, Question


def quotas(sizes: Mapping[int | None, int], draw: int, seed: int) -> dict[int | None, int]:
    """How many questions each group gives: as evenly as the group sizes allow."""
    order = sorted(sizes, key=lambda group: rank(seed, "quota", str(group)))
    quota = dict.fromkeys(sizes, 0)
    remaining = min(draw, sum(sizes.values()))
    while remaining:
        room = [group for group in order if quota[group] < sizes[group]]
        lowest = min(quota[group] for group in room)
        for group in room:
            if quota[group] == lowest and remaining:
                quota[group] += 1
                remaining -= 1
    return quota


def groups(final: FinalAssessment) -> dict[int | None, list[Question]]:
    """The bank by value (or as one group when the draw is not stratified)."""
    found: dict[int | None, list[Question]] = {}
    for question in final.questions:
        key = question.value if final.stratify_by == "value" else None
        found.setdefault(key, []).append(question)
    return found


def draw(final: FinalAssessment, seed: int, seen: Collection[str] = ()) -> list[Question]:
    """The attempt's questions in display order, each with its options in display order."""
    bank = groups(final)
    quota = quotas({group: len(qs) for group, qs in bank.items()}, final.draw, seed)
    chosen: list[Question] = []
    for group, questions in bank.items():
        ranked = sorted(questions, key=lambda q: (q.id in seen, rank(seed, "pick", q.id)))
        chosen += ranked[: quota[group]]
    return [
        replace(item.question, options=tuple(o.option for o in item.options))
        for item in shuffled(chosen, seed)
    ]


def per_value(questions: Collection[Question]) -> Mapping[int | None, int]:
    """How many questions of each value an attempt holds (for tests and the page)."""
    counts: dict[int | None, int] = {}
    for question in questions:
        counts[question.value] = counts.get(question.value, 0) + 1
    return counts
