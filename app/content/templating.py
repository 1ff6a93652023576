"""The question-type partials, found through the registry, for the engine and the web app.

`question-types/<type>.html` names the partial of a registered type, wherever the
type keeps it (QuestionType.partial); other names under `templates/` are shared
pieces (`question-types/_choice.html`). Each partial defines the same macros:

- `inputs(shown, name, prefix, chosen, labelledby)`: the form controls of a web page,
  posting each option's letter (`chosen`: the letters to show as chosen);
- `verdict(shown, grade)`: one line judging an answer (lesson feedback, self-test review);
- `others(shown, grade)`: the options not chosen, with their feedback (lesson feedback);
- `answer(shown, items)`: the options a learner chose, as text (self-test review);
- `printed(shown)`: the options as a printed question shows them;
- `key(shown)`: every option with its verdict and feedback (printed keys).

The web app renders them through its own Jinja environment (Flask-Babel's `_`,
links mapped into the site by the `content_html` filter); print goes through the
engine's environment here (English labels, links kept as fragments in the document).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, TemplateNotFound
from markupsafe import Markup

from app.content.model import Question
from app.content.questions import QUESTION_TYPES

TEMPLATES = Path(__file__).parent / "templates"
PREFIX = "question-types/"


def partial_name(question: Question) -> str:
    """The template name of a question's partial (resolved through the registry)."""
    return f"{PREFIX}{question.type}.html"


class QuestionTypeLoader(BaseLoader):
    """`question-types/<type>.html` is the partial the registered type names."""

    def get_source(self, environment: Environment, template: str):
        name = template.removeprefix(PREFIX).removesuffix(".html")
        strategy = QUESTION_TYPES.get(name) if template.startswith(PREFIX) else None
        if strategy is None:
            raise TemplateNotFound(template)
        path = strategy.partial
        if not path.is_file():
            raise TemplateNotFound(template)
        mtime = path.stat().st_mtime
        source = path.read_text(encoding="utf-8")
        return source, str(path), lambda: path.is_file() and path.stat().st_mtime == mtime


def loader() -> ChoiceLoader:
    """What both environments use to find the partials."""
    return ChoiceLoader([QuestionTypeLoader(), FileSystemLoader(str(TEMPLATES))])


def _content_html(html: str) -> Markup:
    """HTML made by our Markdown converter at load (raw HTML is disabled there)."""
    return Markup(html)  # noqa: S704


@cache
def environment() -> Environment:
    """The engine's own environment, for print: English labels, no Flask."""
    env = Environment(loader=loader(), autoescape=True, extensions=["jinja2.ext.i18n"])
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    env.filters["content_html"] = _content_html
    return env


def macro(question: Question, name: str) -> Callable[..., Markup]:
    """One macro of the question's type partial, from the engine's environment."""
    return getattr(environment().get_template(partial_name(question)).module, name)
