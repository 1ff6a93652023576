"""The draw: stratified as the introduction states, for banks that divide evenly or not."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from app.assessment.draw import draw, per_value, quotas
from app.content.model import FinalAssessment, Option
from app.content.questions import SingleChoiceQuestion

banks = st.dictionaries(st.integers(1, 6), st.integers(0, 12), min_size=1).filter(
    lambda sizes: sum(sizes.values()) > 0
)


@settings(max_examples=300, deadline=None)
@given(sizes=banks, wanted=st.integers(1, 80), seed=st.integers(0, 2**31 - 1))
def test_quotas_are_as_even_as_the_bank_allows(sizes, wanted, seed):
    quota = quotas(sizes, wanted, seed)
    assert sum(quota.values()) == min(wanted, sum(sizes.values()))
    assert all(0 <= quota[v] <= sizes[v] for v in sizes)
    for low in sizes:
        for high in sizes:
            if quota[low] < quota[high] - 1:
                assert quota[low] == sizes[low], "only an exhausted value falls behind"


@settings(max_examples=200, deadline=None)
@given(
    values=st.integers(1, 6),
    per_value_size=st.integers(5, 10),
    wanted=st.integers(1, 30),
    seed=st.integers(0, 2**31 - 1),
)
def test_when_every_value_has_enough_each_gives_the_share_or_one_more(
    values, per_value_size, wanted, seed
):
    sizes = dict.fromkeys(range(1, values + 1), per_value_size)
    wanted = min(wanted, values * per_value_size)
    quota = quotas(sizes, wanted, seed)
    base, extra = divmod(wanted, values)
    counts = Counter(quota.values())
    if extra and base + 1 <= per_value_size:
        assert counts == Counter({base + 1: extra, base: values - extra})
    else:
        assert set(quota.values()) <= {base, base + 1}


def bank(sizes: dict[int, int]) -> FinalAssessment:
    questions = tuple(
        SingleChoiceQuestion(
            id=f"q{value}-{n}",
            type="single",
            prompt_html=f"Question {n} of value {value}",
            value=value,
            options=(
                Option("a", "right", "", is_correct=True),
                Option("b", "wrong", ""),
                Option("c", "also wrong", ""),
            ),
        )
        for value, size in sizes.items()
        for n in range(size)
    )
    return FinalAssessment(draw=20, stratify_by="value", pass_mark=0.8, questions=questions)


@settings(max_examples=100, deadline=None)
@given(sizes=banks, seed=st.integers(0, 2**31 - 1))
def test_a_draw_takes_each_values_quota_and_is_the_same_for_one_seed(sizes, seed):
    final = bank(sizes)
    drawn = draw(final, seed)
    assert dict(per_value(drawn)) == {v: n for v, n in quotas(sizes, 20, seed).items() if n}
    assert len({q.id for q in drawn}) == len(drawn)
    assert [q.id for q in draw(final, seed)] == [q.id for q in drawn]


def test_seeds_vary_the_questions_their_order_and_the_options():
    final = bank({1: 8, 2: 8, 3: 8, 4: 8, 5: 8, 6: 8})
    draws = [draw(final, seed) for seed in range(6)]
    assert len({tuple(q.id for q in d) for d in draws}) == 6
    assert len({tuple(sorted(q.id for q in d)) for d in draws}) > 1, "different questions"
    first_options = {tuple(o.id for o in d[0].options) for d in draws}
    assert len(first_options) > 1, "options shuffled too"


def test_the_draw_prefers_questions_not_seen():
    final = bank({1: 8, 2: 8, 3: 8, 4: 8, 5: 8, 6: 8})
    first = draw(final, 1)
    second = draw(final, 2, seen={q.id for q in first})
    assert not {q.id for q in first} & {q.id for q in second}


def test_the_introduction_states_the_draw_the_course_makes(course):
    """The course text says how an attempt is drawn: it must match course.yml."""
    words = {2: "two", 3: "three", 4: "four", 20: "20"}
    values = len({q.value for q in course.final.questions})
    base, extra = divmod(course.final.draw, values)
    text = course.lesson("intro-how-course-works").body
    prose = " ".join(getattr(node, "text", "") for node in text)
    expected = (
        f"Each attempt draws {words[course.final.draw]} of them: {words[base]} from each\n"
        f"of the six values, and a fourth from {words[extra]} values picked at random"
    )
    assert " ".join(expected.split()) in " ".join(prose.split())
    assert f"pass mark is {round(course.final.pass_mark * 100)} per cent" in prose
    assert f"you have {words[course.final.attempts]} attempts" in prose
