"""Benchmark: load and validate the whole course, cold, in a fresh process each run.

Target: under 1 second (issue: the content engine). Prints the median of N runs,
the worst run, the ratio against the target, and the five costliest functions.

    .venv/bin/python bench/content_load.py [--runs 5] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT / "courses" / "bangalore_principles"
TARGET_SECONDS = 1.0

ONE_RUN = """
import time
start = time.perf_counter()
from app.content.loader import load_course
course = load_course({course!r})
print(time.perf_counter() - start, sum(len(m.lessons) for m in course.modules))
"""


def cold_run() -> tuple[float, int]:
    """One load in a new interpreter: imports and Markdown set-up included."""
    code = ONE_RUN.format(course=str(COURSE))
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), int(out[1])


def profile() -> str:
    sys.path.insert(0, str(ROOT))
    from app.content.loader import load_course

    profiler = cProfile.Profile()
    profiler.runcall(load_course, COURSE)
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(12)
    return stream.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    runs = [cold_run() for _ in range(args.runs)]
    times = [t for t, _ in runs]
    median = statistics.median(times)
    print(f"course: {COURSE.relative_to(ROOT)} ({runs[0][1]} lessons)")
    print(
        f"cold load + validate, median of {args.runs}: {median * 1000:.0f} ms "
        f"(worst {max(times) * 1000:.0f} ms)"
    )
    print(
        f"target {TARGET_SECONDS * 1000:.0f} ms; ratio median/target = "
        f"{median / TARGET_SECONDS:.2f} ({'met' if median < TARGET_SECONDS else 'MISSED'})"
    )
    if args.profile:
        print(profile())


if __name__ == "__main__":
    main()
