"""A long-lived render process for small PDFs (certificates), with the same limits.

Starting a Python process and importing WeasyPrint takes about 0.4 s, far more than
rendering a one-page certificate (about 17 ms), so small renders go to one worker per
app process that stays up between renders: `python -m app.publishing.worker MEMORY_MB`
reads one JSON job per line on standard input and answers one JSON line each.

- Memory: the worker runs under RLIMIT_AS (the render memory limit); the parent
  recycles it once its resident memory passes `max_rss_mb`, or after `max_renders`.
- Time: before each job the worker sets its CPU limit to what it has used plus the
  job's seconds; the parent also waits no longer than that, then kills it. A worker
  killed or dead is replaced on the next render, and the render reports why.
"""

from __future__ import annotations

import atexit
import json
import os
import resource
import select
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from app.publishing.pdf import RenderError, RenderLimits, RenderResult

WARM_UP = '<html lang="en"><head><title>warm</title></head><body><p>ready</p></body></html>'


# --- the worker's side ----------------------------------------------------------------


def serve(memory_mb: int) -> None:
    """Render jobs from standard input until it closes."""
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    protocol = os.fdopen(os.dup(1), "w")  # answers go here; stray prints go to stderr
    os.dup2(2, 1)
    from app.publishing.pdf import write_pdf

    write_pdf(WARM_UP, [], "file:///", [], "en")  # fonts and layout caches, once
    _answer(protocol, {"ready": True})
    for line in sys.stdin:
        job = json.loads(line)
        _limit_cpu(float(job["seconds"]))
        started = time.perf_counter()
        try:
            pdf, pages = write_pdf(
                job["html"], job["stylesheets"], job["base_url"], job["roots"], job["lang"]
            )
        except Exception as error:  # reported to the parent, which raises it as a RenderError
            _answer(protocol, {"error": f"{type(error).__name__}: {error}"[:300]})
            continue
        Path(job["output"]).write_bytes(pdf)
        _answer(protocol, _report(pages, time.perf_counter() - started))


def _limit_cpu(seconds: float) -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime + seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (soft, resource.RLIM_INFINITY))


def _report(pages: int, seconds: float) -> dict:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"pages": pages, "seconds": seconds, "peak_rss_mb": round(peak, 1), "rss_mb": _rss_mb()}


def _rss_mb() -> float:
    """Resident memory now (the peak only grows; recycling looks at this)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return round(pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024), 1)


def _answer(stream, message: dict) -> None:
    stream.write(json.dumps(message) + "\n")
    stream.flush()


# --- the app's side -----------------------------------------------------------------


class RenderWorker:
    """One worker process, used by one app process's threads one render at a time."""

    def __init__(self, limits: RenderLimits, max_renders: int = 500, max_rss_mb: int = 400):
        self.limits = limits
        self.max_renders = max_renders
        self.max_rss_mb = max_rss_mb
        self.process: subprocess.Popen | None = None
        self.renders = 0
        self.started = 0  # processes started, for tests and the benchmark
        self.lock = threading.Lock()
        self.folder = Path(tempfile.mkdtemp(prefix="render-worker-"))

    def render(
        self, html: str, stylesheets: list[Path], base_url: str, roots: list[Path], lang: str
    ) -> RenderResult:
        with self.lock:
            process = self._process()
            output = self.folder / f"{self.renders}.pdf"
            job = {
                "html": html,
                "stylesheets": [str(p) for p in stylesheets],
                "base_url": base_url,
                "roots": [str(r) for r in roots],
                "lang": lang,
                "output": str(output),
                "seconds": self.limits.seconds,
            }
            process.stdin.write(json.dumps(job) + "\n")
            process.stdin.flush()
            report = self._read(process, self.limits.seconds)
            self.renders += 1
            if "error" in report:
                self.stop()  # whatever went wrong, the next render gets a fresh worker
                raise RenderError("The PDF could not be made: " + report["error"])
            if self.renders >= self.max_renders or report["rss_mb"] > self.max_rss_mb:
                self.stop()  # recycled: the next render starts a fresh worker
            pdf = output.read_bytes()
            output.unlink()
            return RenderResult(pdf, report["pages"], report["peak_rss_mb"], report["seconds"])

    def _process(self) -> subprocess.Popen:
        if self.process is not None and self.process.poll() is None:
            return self.process
        self.stop()  # a worker that died: close its pipes before starting the next
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "app.publishing.worker", str(self.limits.memory_mb)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        self.started += 1
        self.renders = 0
        self._read(self.process, max(self.limits.seconds, 60.0))  # {"ready": true}
        return self.process

    def _read(self, process: subprocess.Popen, seconds: float) -> dict:
        ready, _, _ = select.select([process.stdout], [], [], seconds)
        line = process.stdout.readline() if ready else ""
        if line:
            return json.loads(line)
        timed_out = not ready
        self.stop()
        if timed_out:
            raise RenderError(f"The PDF took longer than {seconds:g} s and was stopped.")
        raise RenderError(
            f"The PDF needed more than {self.limits.memory_mb} MB or too much time and was stopped."
        )

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        for stream in (process.stdin, process.stdout):
            if stream:
                stream.close()


_WORKERS: dict[tuple[int, RenderLimits], RenderWorker] = {}
_WORKERS_LOCK = threading.Lock()


def worker_for(limits: RenderLimits) -> RenderWorker:
    """This process's worker (a forked process gets its own, never its parent's pipes)."""
    key = (os.getpid(), limits)
    with _WORKERS_LOCK:
        if key not in _WORKERS:
            _WORKERS[key] = RenderWorker(limits)
        return _WORKERS[key]


@atexit.register
def _stop_workers() -> None:
    for (pid, _limits), worker in list(_WORKERS.items()):
        if pid == os.getpid():
            worker.stop()


if __name__ == "__main__":
    serve(int(sys.argv[1]))
