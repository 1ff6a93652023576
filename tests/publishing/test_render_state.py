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
