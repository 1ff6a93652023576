"""Benchmark: the final assessment under gunicorn on SQLite.

200 judges who completed every module take the final for 60 s, pausing 2 s between
actions as `learning_load.py` does: start an attempt, open it, save its answers one by
one (as the page script does; `--answers` per attempt, all 20 by default), submit,
and again. Targets: p99 of the answer save
and of the submit under 100 ms, zero errors, every acknowledged submit graded once.

    .venv/bin/python bench/assessment.py [--judges 200] [--seconds 60] [--workers 4]
"""

from __future__ import annotations

import argparse
import http.client
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from learning_load import ROOT, environment, free_port, prepare, start_server

FIELD = re.compile(r'name="(q-[a-z0-9-]+)" value="([a-z])"')


def course_copy(folder: Path) -> Path:
    """The real course with attempts enough for a minute of retakes."""
    target = folder / "course"
    shutil.copytree(ROOT / "courses" / "bangalore_principles", target)
    settings = target / "course.yml"
    text = settings.read_text().replace("  pass_mark: 0.8\n", "  pass_mark: 0.8\n  attempts: 100\n")
    settings.write_text(text)
    return target


def complete_everyone(database: Path) -> None:
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE enrolment SET completed_at = enrolled_at")


class Judge:
    def __init__(self, port: int, user: tuple[int, str, str]) -> None:
        self.port, (self.user_id, self.cookie, self.csrf) = port, user

    def request(self, method: str, path: str, body: str = "", fetch: bool = False):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {"Cookie": self.cookie, "Host": "127.0.0.1"}
        if method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = f"csrf_token={self.csrf}&{body}"
        if fetch:
            headers["X-Requested-With"] = "fetch"
        started = time.perf_counter()
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        elapsed = time.perf_counter() - started
        connection.close()
        return response.status, response.getheader("Location", ""), text, elapsed


def judge_loop(port, user, stop_at, pause, answers, arrival, figures) -> None:
    judge = Judge(port, user)
    time.sleep(random.uniform(0, arrival))
    n = 0
    while time.monotonic() < stop_at:
        try:
            status, location, _text, _elapsed = judge.request("POST", "/learn/final/attempts")
            if status != 303:
                figures["errors"].append(f"start {status}")
                return
            path = location.replace("http://127.0.0.1", "")
            time.sleep(pause)
            status, _loc, page, _elapsed = judge.request("GET", path)
            fields = dict(FIELD.findall(page))
            for name in list(fields)[:answers]:
                time.sleep(pause)
                if time.monotonic() >= stop_at:
                    return
                status, _loc, _text, elapsed = judge.request(
                    "POST", f"{path}/answers", f"{name}={fields[name]}", fetch=True
                )
                figures["save"].append(elapsed)
                if status != 200:
                    figures["errors"].append(f"save {status}")
            time.sleep(pause)
            key = f"bench-{judge.user_id}-{n}"
            form = "&".join(f"{name}={letter}" for name, letter in fields.items())
            status, _loc, _text, elapsed = judge.request(
                "POST", f"{path}/submit", f"key={key}&{form}"
            )  # as a browser sends it: every answer on the page again
            figures["submit"].append(elapsed)
            if status == 303:
                figures["submitted"].append(path)
            else:
                figures["errors"].append(f"submit {status}")
            n += 1
            time.sleep(pause)
        except OSError as error:
            figures["errors"].append(repr(error))


def simulate(
    port: int, users, seconds: int, pause: float, answers: int, arrival: float
) -> dict[str, list]:
    figures: dict[str, list] = {"save": [], "submit": [], "errors": [], "submitted": []}
    stop_at = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=judge_loop, args=(port, user, stop_at, pause, answers, arrival, figures)
        )
        for user in users
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return figures


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[int(share * (len(ordered) - 1))] * 1000 if ordered else float("nan")


def graded_once(database: Path, submitted: list[str]) -> tuple[int, int]:
    """(attempts graded by a submit, distinct attempts acknowledged as submitted)."""
    with sqlite3.connect(database) as connection:
        graded = connection.execute(
            "SELECT count(*) FROM final_attempt WHERE status = 'graded' AND closed_by = 'submit'"
        ).fetchone()[0]
    return graded, len(set(submitted))


def report(label: str, values: list[float]) -> None:
    if not values:
        print(f"    {label}: none in the time given")
        return
    p99 = percentile(values, 0.99)
    verdict = "met" if p99 < 100 else "MISSED"
    print(
        f"    {label}: {len(values)} requests, median {statistics.median(values) * 1000:.1f} ms, "
        f"p99 {p99:.1f} ms (target < 100 ms: {verdict}), max {max(values) * 1000:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--judges", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--answers", type=int, default=20, help="answers saved per attempt")
    parser.add_argument(
        "--arrival",
        type=float,
        default=2.0,
        help="judges arrive spread over this many seconds (default: one pause, as "
        "learning_load.py; they then submit and restart nearly together)",
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-assessment-"))
    database = folder / "bench.db"
    env = environment(database)
    env["COURSE_PATH"] = str(course_copy(folder))
    users = prepare(env, args.judges)
    complete_everyone(database)
    port = free_port()
    server = start_server(env, port, args.workers)
    try:
        figures = simulate(
            port, users, args.seconds, pause=2.0, answers=args.answers, arrival=args.arrival
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    graded, acknowledged = graded_once(database, figures["submitted"])
    print(
        f"{args.judges} judges, gunicorn {args.workers} sync workers on SQLite, 2 s pauses, "
        f"{args.answers} answers per attempt, arriving over {args.arrival:g} s, {args.seconds} s:"
    )
    report("answer save", figures["save"])
    report("submit", figures["submit"])
    errors = figures["errors"]
    print(f"    errors {len(errors)} (target 0){': ' + ', '.join(errors[:5]) if errors else ''}")
    print(
        f"    submits acknowledged {acknowledged}, attempts graded by a submit {graded} "
        f"({'each once' if graded == acknowledged else 'MISMATCH'})"
    )
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
