"""The background render and the cache key, without WeasyPrint."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

from app.publishing import service, views

MANUALS = Path(__file__).resolve().parents[2] / "manuals"


def test_concurrent_first_requests_start_one_render(app, monkeypatch):
    calls = []
    release = threading.Event()

    def slow_build(edition_id, options=None):
        calls.append(edition_id)
        release.wait(5)

    real_monotonic = time.monotonic

    def slow_monotonic():
        time.sleep(0.05)  # widen the window between the check and the claim
        return real_monotonic()

    monkeypatch.setattr(service, "build_pdf", slow_build)
    monkeypatch.setattr(views.time, "monotonic", slow_monotonic)
    app.extensions.setdefault("renders", {}).pop("race", None)
    start = threading.Barrier(4)

    def request():
        start.wait()
        views._start_render(app, "race")

    threads = [threading.Thread(target=request) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    time.sleep(0.2)
    release.set()
    try:
        assert len(calls) == 1
    finally:
        app.extensions["renders"].pop("race", None)


def test_the_cache_key_changes_with_the_edition_settings(app, tmp_path, monkeypatch):
    manuals = tmp_path / "manuals"
    shutil.copytree(MANUALS, manuals)
    monkeypatch.setitem(app.config, "MANUALS_PATH", str(manuals))
    settings = manuals / "self-directed" / "edition.yml"
    with app.app_context():
        before = service.cache_key(service.load_edition("self-directed"), {})
        text = settings.read_text(encoding="utf-8")
        settings.write_text(text.replace("audience: learner", "audience: trainer"))
        if settings.read_text(encoding="utf-8") == text:
            settings.write_text(text + "audience: trainer\n")
        after = service.cache_key(service.load_edition("self-directed"), {})
    assert before != after


def test_the_cache_key_changes_with_the_paragraph_map(app, tmp_path, monkeypatch):
    """The annex's paragraph summaries come from courses/paragraph-map.md, outside the course."""
    manuals = tmp_path / "manuals"
    shutil.copytree(MANUALS, manuals)
    (tmp_path / "courses").mkdir()
    summaries = tmp_path / "courses" / "paragraph-map.md"
    shutil.copyfile(MANUALS.parent / "courses" / "paragraph-map.md", summaries)
    monkeypatch.setitem(app.config, "MANUALS_PATH", str(manuals))
    with app.app_context():
        before = service.cache_key(service.load_edition("self-directed"), {})
        summaries.write_text(summaries.read_text(encoding="utf-8") + "- 1.1 Changed.\n")
        after = service.cache_key(service.load_edition("self-directed"), {})
    assert before != after


def test_two_renders_in_one_process_do_not_share_a_partial_file(app, tmp_path, monkeypatch):
    """A render thread started again after RENDER_SECONDS may overlap the first one."""
    from app.publishing.pdf import RenderResult

    monkeypatch.setitem(app.config, "RENDER_CACHE_PATH", str(tmp_path))
    monkeypatch.setattr(service, "edition_html", lambda course, edition: "<p>x</p>")
    monkeypatch.setattr(
        service, "render_in_child", lambda *a, **k: RenderResult(b"%PDF-1.7 whole", 1, 1.0, 0.1)
    )
    both_written = threading.Barrier(2, timeout=5)
    real_replace = Path.replace

    def replace_after_both_wrote(self, target):
        both_written.wait()
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", replace_after_both_wrote)
    errors = []

    def build():
        try:
            with app.app_context():
                service.build_pdf("self-directed")
        except Exception as error:  # collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=build) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [p.read_bytes() for p in tmp_path.glob("*.pdf")] == [b"%PDF-1.7 whole"]
    assert list(tmp_path.glob("*.part")) == []
