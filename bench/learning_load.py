"""Benchmark: the web course under gunicorn on SQLite.

(a) Highest throughput of a lesson page divided by the same server's throughput on
    a trivial endpoint (/healthz), both measured with wrk. Target >= 0.4.
(b) 200 simulated judges, each pausing 2 s between requests, mixing lesson views and
    progress writes for 60 s. Targets: p99 < 100 ms, zero errors, and every progress
    write present in the database afterwards.

    .venv/bin/python bench/learning_load.py [--judges 200] [--seconds 60] [--workers 4]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LESSON = "ind-external-pressure"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(database: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        APP_CONFIG="production",
        SECRET_KEY=secrets.token_hex(32),
        DATABASE_URL=f"sqlite:///{database}",
        TRUSTED_HOSTS="127.0.0.1",
        PROXY_FIX_HOPS="0",
    )
    return env


def prepare(env: dict[str, str], judges: int) -> list[tuple[int, str, str]]:
    """Migrate, create enrolled judges, and forge each one's session cookie and CSRF token."""
    subprocess.run(
        [str(ROOT / ".venv/bin/flask"), "--app", "app", "db", "upgrade"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    os.environ.update(env)
    from itsdangerous import URLSafeTimedSerializer

    from app import create_app
    from app.accounts.models import User
    from app.content.service import get_course
    from app.extensions import db
    from app.learning import operations as ops

    app = create_app()
    people = []
    with app.app_context():
        course = get_course()
        for n in range(judges):
            user = User(
                full_name=f"Bench Judge {n}", email=f"bench{n}@court.example", password_hash="!"
            )
            db.session.add(user)
            db.session.flush()
            ops.enrol(db.session, user.id, course)
            people.append(user)
        db.session.commit()
        serializer = app.session_interface.get_signing_serializer(app)
        csrf = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="wtf-csrf-token")
        cookie_name = app.config["SESSION_COOKIE_NAME"]
        result = []
        for user in people:
            raw = secrets.token_hex(20)
            session = serializer.dumps(
                {"_user_id": user.get_id(), "_fresh": True, "csrf_token": raw}
            )
            result.append((user.id, f"{cookie_name}={session}", csrf.dumps(raw)))
    return result


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "app:create_app()",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def wrk(url: str, cookie: str | None, seconds: int) -> float:
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        raise SystemExit(f"wrk saw {non_2xx.group(1)} errors on {url}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def judge_loop(port, user, stop_at, pause, latencies, errors, writes) -> None:
    user_id, cookie, csrf = user
    time.sleep(random.uniform(0, pause))  # judges arrive spread over the first pause
    n = 0
    while time.monotonic() < stop_at:
        is_write = n % 2 == 1
        key = f"bench-{user_id}-{n}"
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            headers = {"Cookie": cookie, "Host": "127.0.0.1"}
            if is_write:
                body = f"csrf_token={csrf}&key={key}"
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                connection.request(
                    "POST", f"/learn/lessons/{LESSON}/viewed", body=body, headers=headers
                )
            else:
                connection.request("GET", f"/learn/lessons/{LESSON}", headers=headers)
            response = connection.getresponse()
            response.read()
            ok = response.status == (204 if is_write else 200)
            connection.close()
        except OSError as error:
            ok, response = False, error
        latencies.append(time.perf_counter() - started)
        if not ok:
            errors.append(
                f"{'POST' if is_write else 'GET'}: {getattr(response, 'status', response)}"
            )
        elif is_write:
            writes.append(key)
        n += 1
        time.sleep(pause)


def simulate(
    port: int, users, seconds: int, pause: float
) -> tuple[list[float], list[str], list[str]]:
    latencies, errors, writes = [], [], []
    stop_at = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=judge_loop, args=(port, user, stop_at, pause, latencies, errors, writes)
        )
        for user in users
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, writes


def stored_writes(database: Path) -> int:
    import sqlite3

    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT count(*) FROM progress_event WHERE idempotency_key LIKE '%bench-%'"
        ).fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--judges", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--wrk-seconds", type=int, default=10)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    folder = Path(tempfile.mkdtemp(prefix="bench-learning-"))
    database = folder / "bench.db"
    env = environment(database)
    users = prepare(env, args.judges)
    port = free_port()
    server = start_server(env, port, args.workers)
    try:
        base = f"http://127.0.0.1:{port}"
        trivial = wrk(f"{base}/healthz", None, args.wrk_seconds)
        lesson = wrk(f"{base}/learn/lessons/{LESSON}", users[0][1], args.wrk_seconds)
        print(
            f"(a) gunicorn {args.workers} sync workers on SQLite, wrk 2 threads x 16 connections:"
        )
        ratio = lesson / trivial
        print(
            f"    /healthz {trivial:.0f} req/s; lesson page {lesson:.0f} req/s; "
            f"ratio {ratio:.2f} (target >= 0.40: {'met' if ratio >= 0.4 else 'MISSED'})"
        )
        latencies, errors, writes = simulate(port, users, args.seconds, pause=2.0)
    finally:
        server.terminate()
        server.wait(timeout=10)
    stored = stored_writes(database)
    ordered = sorted(latencies)
    p99 = ordered[int(0.99 * (len(ordered) - 1))] * 1000
    print(
        f"(b) {args.judges} judges, 2 s pauses, {args.seconds} s: {len(latencies)} requests "
        f"({len(writes)} progress writes)"
    )
    print(
        f"    latency median {statistics.median(ordered) * 1000:.1f} ms, p99 {p99:.1f} ms "
        f"(target < 100 ms: {'met' if p99 < 100 else 'MISSED'}), max {ordered[-1] * 1000:.1f} ms"
    )
    print(f"    errors {len(errors)} (target 0){': ' + ', '.join(errors[:5]) if errors else ''}")
    print(
        f"    progress writes stored {stored} of {len(writes)} acknowledged "
        f"({'all present' if stored == len(writes) else 'MISSING WRITES'})"
    )
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
