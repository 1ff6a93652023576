"""Benchmark: the self-directed edition through the pipeline, against raw WeasyPrint.

Prints pages, cold render time and peak memory of the render child, the cached
download time, and the floor: WeasyPrint alone on the identical saved HTML,
stylesheets, fonts and fetcher (in a warm process, imports excluded). Median of 3,
cold cache each time. Targets: pipeline within 1.15x of the floor, cached download
< 50 ms, peak < 400 MB.

    .venv/bin/python bench/pdf_render.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def floor_seconds(html: str, stylesheets: list[Path], base_url: str, roots: list[Path]) -> float:
    from weasyprint import CSS, HTML

    from app.publishing.fetcher import SafeFetcher

    fetcher = SafeFetcher(roots)
    started = time.perf_counter()
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        stylesheets=[CSS(filename=str(p), url_fetcher=fetcher) for p in stylesheets]
    )
    document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    return time.perf_counter() - started


def signed_in_client(app):
    """A test client of a learner, on an in-memory database made for the benchmark."""
    from app.accounts.models import User
    from app.database import Database
    from app.extensions import db
    from app.models import metadata

    metadata.create_all(Database.engine_of(app))
    user = User(full_name="Bench", email="bench@court.example", password_hash="!")
    db.session.add(user)
    db.session.commit()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from app import create_app
    from app.content.service import get_course
    from app.publishing import service
    from app.publishing.editions import edition_html, load_edition, manuals_path

    pipeline, peaks, floors, downloads, pages = [], [], [], [], 0
    for _ in range(args.runs):
        cache = tempfile.mkdtemp(prefix="bench-pdf-")
        app = create_app(
            {"APP_CONFIG": "testing", "DATABASE_URL": "sqlite://", "RENDER_CACHE_PATH": cache}
        )
        with app.app_context():
            started = time.perf_counter()
            _path, result = service.build_pdf("self-directed")
            pipeline.append(time.perf_counter() - started)
            peaks.append(result.peak_rss_mb)
            pages = result.pages
            client = signed_in_client(app)
            started = time.perf_counter()
            response = client.get("/learn/self-directed.pdf")
            data = response.get_data()
            downloads.append(time.perf_counter() - started)
            response.close()
            assert response.status_code == 200 and data[:4] == b"%PDF"
            edition = load_edition("self-directed")
            html = edition_html(get_course(), edition)
            roots = [Path(app.static_folder), manuals_path(), Path(app.config["COURSE_PATH"])]
            floors.append(
                floor_seconds(html, list(edition.stylesheets), manuals_path().as_uri() + "/", roots)
            )
    median, floor = statistics.median(pipeline), statistics.median(floors)
    print(f"self-directed edition: {pages} pages")
    print(f"pipeline (HTML + child process + render), median of {args.runs}: {median:.2f} s")
    print(f"floor (WeasyPrint alone, same HTML/CSS/fonts/fetcher): {floor:.2f} s")
    ratio = median / floor
    print(f"ratio {ratio:.2f} (target <= 1.15: {'met' if ratio <= 1.15 else 'MISSED'})")
    print(
        f"peak memory of the render child: {max(peaks):.0f} MB (target < 400 MB: "
        f"{'met' if max(peaks) < 400 else 'MISSED'})"
    )
    cached = statistics.median(downloads) * 1000
    print(
        f"cached download (GET, whole body): {cached:.1f} ms (target < 50 ms: "
        f"{'met' if cached < 50 else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
