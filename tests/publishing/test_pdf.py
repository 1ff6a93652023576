"""The self-directed edition as a PDF: structure, filtering, metadata and the cache."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from app import create_app
from app.publishing import service
from app.publishing.pdf import RenderError

FIXTURE = Path(__file__).resolve().parents[1] / "content" / "fixtures" / "course"


@pytest.fixture(scope="module")
def pdf_app(tmp_path_factory):
    """An app on the small fixture course (its trainer and final-bank canaries included)."""
    course = tmp_path_factory.mktemp("course") / "course"
    shutil.copytree(FIXTURE, course)
    return create_app(
        {"APP_CONFIG": "testing", "DATABASE_URL": "sqlite://", "COURSE_PATH": str(course)}
    )


@pytest.fixture(scope="module")
def built(pdf_app):
    with pdf_app.app_context():
        path, result = service.build_pdf("self-directed")
    assert result is not None, "the first build renders"
    return PdfReader(path), result


def page_text(reader: PdfReader, number: int) -> str:
    return reader.pages[number - 1].extract_text()


def test_outline_lists_every_module_and_lesson(built, pdf_app):
    reader, _result = built
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "The basics" in titles
    nested = next(item for item in reader.outline if isinstance(item, list))
    assert [item.title for item in nested] == ["The first lesson", "The second lesson"]


def test_contents_page_numbers_point_at_the_right_pages(built):
    reader, _result = built
    contents = next(
        n for n in range(1, len(reader.pages) + 1) if "Contents" in page_text(reader, n)
    )
    lines = page_text(reader, contents).splitlines()
    for title in ("The basics", "The first lesson", "Glossary"):
        line = next(line for line in lines if line.startswith(title))
        number = int(re.search(r"(\d+)\s*$", line).group(1))
        assert number != 0
        assert title in page_text(reader, number), f"{title} is not on page {number}"


def test_no_trainer_text_and_no_final_assessment_question(built):
    reader, _result = built
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "TRAINER-CANARY" not in text
    assert "FINAL-BANK-CANARY" not in text
    assert "PRINT-ONLY-TEXT" in text and "WEB-ONLY-TEXT" not in text
    assert "Discussion key" in text and "This invites influence" in text, (
        "scenario key at module end"
    )
    assert "Annex: answers to the self-tests" in text


def test_tags_language_title_and_running_headers(built):
    reader, result = built
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and "/MarkInfo" in root
    assert root["/Lang"] == "en"
    assert reader.metadata.title.startswith("The Bangalore Principles")
    assert reader.metadata.author == "Judicial Ethics Training"
    assert "/EmbeddedFiles" not in root.get("/Names", {})
    assert f"Page 1 of {len(reader.pages)}" not in page_text(reader, 1), "no footer on the cover"
    module_page = next(
        n
        for n in range(2, len(reader.pages) + 1)
        if "The first lesson" in page_text(reader, n) and "Contents" not in page_text(reader, n)
    )
    assert "The basics" in page_text(reader, module_page).splitlines()[
        0
    ] or "The basics" in page_text(reader, module_page)
    assert f"of {len(reader.pages)}" in page_text(reader, module_page)
    assert result.pages == len(reader.pages)


def test_fonts_are_embedded_subsets(built):
    reader, _result = built
    fonts = set()
    for page in reader.pages[:4]:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(font.get_object()["/BaseFont"])
    assert fonts and all(re.match(r"/[A-Z]{6}\+", str(name)) for name in fonts), fonts


def test_second_request_is_served_from_the_cache(pdf_app, built, monkeypatch):
    def no_render(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(service, "render_in_child", no_render)
    with pdf_app.app_context():
        path, result = service.build_pdf("self-directed")
        assert result is None and path == service.cached_pdf("self-directed")


def test_unknown_edition_is_refused(pdf_app):
    from app.domain import NotFoundError

    with pdf_app.app_context(), pytest.raises(NotFoundError):
        service.build_pdf("../../etc")


def test_a_render_past_its_limit_is_stopped_and_reported(pdf_app, tmp_path):
    with pdf_app.app_context():
        pdf_app.config.update(RENDER_SECONDS=0.5, RENDER_CACHE_PATH=str(tmp_path))
        try:
            with pytest.raises(RenderError, match="stopped"):
                service.build_pdf("self-directed")
        finally:
            pdf_app.config.update(RENDER_SECONDS=300)
    assert not list(tmp_path.glob("*.pdf")), "nothing half-written in the cache"


def test_a_render_past_its_memory_limit_is_stopped_and_reported(pdf_app, tmp_path):
    with pdf_app.app_context():
        pdf_app.config.update(RENDER_MEMORY_MB=120, RENDER_CACHE_PATH=str(tmp_path))
        try:
            with pytest.raises(RenderError):
                service.build_pdf("self-directed")
        finally:
            pdf_app.config.update(RENDER_MEMORY_MB=2048)
    assert not list(tmp_path.glob("*.pdf"))


@pytest.fixture(scope="module")
def real_edition():
    """The self-directed edition of the real course (about ten seconds, once)."""
    app = create_app({"APP_CONFIG": "testing", "DATABASE_URL": "sqlite://"})
    with app.app_context():
        path, _result = service.build_pdf("self-directed")
        from app.content.service import get_course

        return PdfReader(path), get_course()


def test_every_module_of_the_real_course_is_in_the_outline_and_on_its_page(real_edition):
    reader, course = real_edition
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    contents = "\n".join(page_text(reader, n) for n in (3, 4))
    for module in course.modules:
        assert module.title in outline
        line = next(line for line in contents.splitlines() if line.startswith(module.title))
        number = int(re.search(r"(\d+)\s*$", line).group(1))
        assert number > 4 and module.title in page_text(reader, number), module.title


def test_the_real_edition_has_no_trainer_material(real_edition):
    reader, course = real_edition
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for module in course.modules:
        if module.trainer:
            plan = next(
                b
                for b in module.trainer.body[0].children
                if getattr(b, "kind", "") == "session-plan"
            )
            for activity in plan.data.activities:
                words = " ".join(re.sub(r"<[^>]+>", " ", activity.description_html).split())[:60]
                if len(words) > 30:
                    assert words not in text, f"{module.id}: the session plan leaked"
