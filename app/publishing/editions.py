"""Print editions: settings under manuals/, assembled into one HTML document from the engine."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from flask import current_app
from jinja2 import ChoiceLoader, FileSystemLoader
from markupsafe import Markup

from app.content import principles
from app.content.model import Course
from app.content.outputs import Output, module_view
from app.content.render import module_questions as scenario_questions
from app.content.render import printed_question, render_key, render_lesson
from app.domain import NotFoundError


@dataclass(frozen=True)
class Edition:
    id: str
    title: str
    subtitle: str
    author: str
    audience: str
    language: str
    stylesheets: tuple[Path, ...]
    cover: str
    front_matter: tuple[str, ...]

    @property
    def output(self) -> Output:
        return Output.PRINT_TRAINER if self.audience == "trainer" else Output.PRINT_LEARNER


def manuals_path() -> Path:
    return Path(current_app.config["MANUALS_PATH"])


def paragraph_map_path() -> Path:
    """The authors' paragraph map: the annex's one-line summaries (outside the content hash)."""
    return manuals_path().parent / "courses" / "paragraph-map.md"


def load_edition(edition_id: str) -> Edition:
    path = manuals_path() / edition_id / "edition.yml"
    if "/" in edition_id or not path.is_file():
        raise NotFoundError(f"There is no edition '{edition_id}'.")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Edition(
        id=data["id"],
        title=data["title"],
        subtitle=data.get("subtitle", ""),
        author=data.get("author", ""),
        audience=data.get("audience", "learner"),
        language=data.get("language", "en"),
        stylesheets=tuple(manuals_path() / name for name in data.get("stylesheets", [])),
        cover=data["cover"],
        front_matter=tuple(data.get("front_matter", [])),
    )


def edition_html(course: Course, edition: Edition) -> str:
    """The whole edition as one HTML document, filtered for its audience before rendering."""
    output = edition.output
    modules = [module_view(module, output) for module in course.modules]
    env = current_app.jinja_env.overlay(
        loader=ChoiceLoader([FileSystemLoader(str(manuals_path())), current_app.jinja_env.loader])
    )
    context = {"course": course, "edition": edition}
    includes = [
        env.get_template(name).render(**context) for name in (edition.cover, *edition.front_matter)
    ]
    return env.get_template("publishing/edition.html").render(
        includes=[Markup(part) for part in includes],  # noqa: S704 - our own templates
        modules=modules,
        lessons_html={ls.id: render_lesson(ls, output) for m in modules for ls in m.lessons},
        trainer_html={m.id: render_lesson(m.trainer, output) for m in modules if m.trainer},
        scenarios={m.id: scenario_questions(m, output) for m in modules},
        render_key=render_key,
        printed_question=printed_question,
        paragraphs=_paragraphs(),
        value_name=principles.value_name,
        **context,
    )


def _paragraphs() -> list[tuple[int, list[tuple[str, str, str]]]]:
    summaries = principles.paragraph_summaries(paragraph_map_path())
    return [
        (
            value,
            [
                (ref, principles.anchor(ref), summaries.get(ref, ""))
                for ref in principles.PARAGRAPHS
                if ref.split(".")[0] == str(value)
            ],
        )
        for value in principles.APPLICATION_COUNTS
    ]
