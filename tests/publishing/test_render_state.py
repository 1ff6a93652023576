"""The background render and the cache key, without WeasyPrint."""

from __future__ import annotations

import threading
import time

from app.publishing import service, views


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
