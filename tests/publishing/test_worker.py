"""The long-lived render worker: fast small renders, recycling, and recovery."""

from __future__ import annotations

import pytest

from app.publishing.pdf import RenderError, RenderLimits
from app.publishing.worker import RenderWorker

PAGE = '<html lang="en"><head><title>T</title></head><body><p>{}</p></body></html>'


@pytest.fixture
def worker():
    made = RenderWorker(RenderLimits(seconds=60, memory_mb=2048), max_renders=3)
    yield made
    made.stop()


def render(worker, text="hello", stylesheets=()):
    return worker.render(PAGE.format(text), list(stylesheets), "file:///", [], "en")


def test_one_process_serves_many_renders_then_is_recycled(worker):
    results = [render(worker, f"page {n}") for n in range(3)]
    assert all(r.pdf.startswith(b"%PDF") and r.pages == 1 for r in results)
    assert worker.started == 1, "no new process per render"
    assert worker.process is None, "recycled after max_renders"
    render(worker)
    assert worker.started == 2


def test_a_worker_that_dies_is_replaced_on_the_next_render(worker):
    render(worker)
    worker.process.kill()
    worker.process.wait()
    assert render(worker).pdf.startswith(b"%PDF")
    assert worker.started == 2


def test_a_failed_render_reports_why_and_the_next_one_works(worker, tmp_path):
    with pytest.raises(RenderError, match="could not be made"):
        render(worker, stylesheets=[tmp_path / "missing.css"])
    assert render(worker).pdf.startswith(b"%PDF")


def test_a_render_past_the_time_limit_is_stopped(tmp_path):
    slow = RenderWorker(RenderLimits(seconds=0.05, memory_mb=2048))
    huge = "<p>" + "word " * 60_000 + "</p>"
    try:
        with pytest.raises(RenderError, match="stopped"):
            slow.render(PAGE.format(huge), [], "file:///", [], "en")
    finally:
        slow.stop()
