"""The Bangalore Principles' numbering: values and their application paragraphs."""

from __future__ import annotations

# Citation words are part of the course text, so they follow the lesson's language.
CITATION_WORDS = {
    "en": ("application", "applications", "value"),
    "fr": ("application", "applications", "valeur"),
    "es": ("aplicación", "aplicaciones", "valor"),
    "pt": ("aplicação", "aplicações", "valor"),
    "ru": ("применение", "применения", "ценность"),
    "ar": ("التطبيق", "التطبيقات", "القيمة"),
}

VALUE_NAMES = {
    "en": (
        "Independence",
        "Impartiality",
        "Integrity",
        "Propriety",
        "Equality",
        "Competence and diligence",
    ),
    "fr": (
        "Indépendance",
        "Impartialité",
        "Intégrité",
        "Convenances",
        "Égalité",
        "Compétence et diligence",
    ),
    "es": (
        "Independencia",
        "Imparcialidad",
        "Integridad",
        "Corrección",
        "Igualdad",
        "Competencia y diligencia",
    ),
    "pt": (
        "Independência",
        "Imparcialidade",
        "Integridade",
        "Idoneidade",
        "Igualdade",
        "Competência e diligência",
    ),
    "ru": (
        "Независимость",
        "Беспристрастность",
        "Честность",
        "Соблюдение этических норм",
        "Равенство",
        "Компетентность и старательность",
    ),
    "ar": ("الاستقلال", "الحياد", "النزاهة", "اللياقة", "المساواة", "الكفاءة والاجتهاد"),
}


def value_name(value: int, language: str = "en") -> str:
    return VALUE_NAMES.get(language, VALUE_NAMES["en"])[value - 1]


def citation_words(language: str) -> tuple[str, str, str]:
    return CITATION_WORDS.get(language, CITATION_WORDS["en"])


# Number of application paragraphs under each value.
APPLICATION_COUNTS = {1: 6, 2: 5, 3: 2, 4: 16, 5: 5, 6: 7}
SUB_PARAGRAPHS = {"2.5": 3}  # 2.5.1-2.5.3: grounds for disqualification


def _all_paragraphs() -> tuple[str, ...]:
    refs: list[str] = []
    for value, count in APPLICATION_COUNTS.items():
        for n in range(1, count + 1):
            ref = f"{value}.{n}"
            refs.append(ref)
            refs.extend(f"{ref}.{s}" for s in range(1, SUB_PARAGRAPHS.get(ref, 0) + 1))
    return tuple(refs)


PARAGRAPHS = _all_paragraphs()
_ORDER = {ref: i for i, ref in enumerate(PARAGRAPHS)}


def is_paragraph(ref: str) -> bool:
    return ref in _ORDER


def is_range(start: str, end: str) -> bool:
    """A valid range runs forward within one value."""
    return (
        is_paragraph(start)
        and is_paragraph(end)
        and start.split(".")[0] == end.split(".")[0]
        and _ORDER[start] < _ORDER[end]
    )


def covered(start: str, end: str | None = None) -> tuple[str, ...]:
    """The paragraphs a citation names: one, or a range with every paragraph inside it."""
    if end is None:
        return (start,)
    return PARAGRAPHS[_ORDER[start] : _ORDER[end] + 1]


def anchor(ref: str) -> str:
    """The HTML id of a paragraph on the principles reference page."""
    return "application-" + ref.replace(".", "-")


def paragraph_summaries(path) -> dict[str, str]:
    """One line per paragraph, in our words, from the authors' paragraph map."""
    import re
    from pathlib import Path

    summaries: dict[str, str] = {}
    if not Path(path).is_file():
        return summaries
    pattern = re.compile(r"^\s*- (\d+\.\d+(?:\.\d+)?) (.+)$")
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        match = pattern.match(line)
        if match and is_paragraph(match.group(1)):
            summaries[match.group(1)] = match.group(2).strip()
    return summaries
