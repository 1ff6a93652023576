"""Hostile HTML fed straight to the render pipeline: nothing fetched, nothing embedded."""

from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.publishing.fetcher import RefusedURL, SafeFetcher
from app.publishing.pdf import RenderLimits, render_in_child

STATIC = Path(__file__).resolve().parents[2] / "app" / "static"


@pytest.fixture
def canary_server():
    """An HTTP server on 127.0.0.1 that records every request it gets."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", seen
    server.shutdown()
    server.server_close()


def render(html: str) -> PdfReader:
    result = render_in_child(
        html, [], STATIC.as_uri() + "/", [STATIC], "en", RenderLimits(seconds=60, memory_mb=1024)
    )
    return PdfReader(io.BytesIO(result.pdf))


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_hostile_html_fetches_nothing_and_embeds_nothing(canary_server):
    base, seen = canary_server
    html = f"""<!doctype html><html lang="en"><head><title>Hostile</title>
      <style>@import url("{base}/imported.css");
             body {{ background: url("{base}/bg.png"); }}</style>
      <link rel="stylesheet" href="{base}/linked.css">
      <link rel="attachment" href="file:///etc/passwd">
      <link rel="attachment" href="css/app.css">
      </head><body>
      <p>VISIBLE-TEXT</p>
      <img src="file:///etc/passwd" alt="">
      <img src="file:///dev/urandom" alt="">
      <img src="{base}/tracker.png" alt="">
      <a rel="attachment" href="file:///etc/hostname">attach</a>
      <iframe src="file:///etc/passwd"></iframe>
      <object data="file:///etc/passwd"></object>
      <script>document.write("SCRIPT-RAN")</script>
      </body></html>"""
    reader = render(html)
    text = text_of(reader)
    assert "VISIBLE-TEXT" in text, "the render finished"
    assert seen == [], f"the canary server was contacted: {seen}"
    assert "root:" not in text and "SCRIPT-RAN" not in text
    root = reader.trailer["/Root"]
    assert "/EmbeddedFiles" not in root.get("/Names", {})
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            assert annotation.get_object().get("/Subtype") != "/FileAttachment"


def test_the_fetcher_serves_only_data_urls_and_files_under_its_roots(tmp_path):
    inside = tmp_path / "root"
    inside.mkdir()
    (inside / "ok.css").write_text("p { color: blue }")
    (tmp_path / "secret.txt").write_text("secret")
    (inside / "escape.txt").symlink_to(tmp_path / "secret.txt")
    fetcher = SafeFetcher([inside])
    assert fetcher.fetch((inside / "ok.css").as_uri()).read() == b"p { color: blue }"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    for url in (
        (tmp_path / "secret.txt").as_uri(),
        (inside / "escape.txt").as_uri(),
        (inside / ".." / "secret.txt").as_uri(),
        "file:///etc/passwd",
        "file:///dev/urandom",
        "http://127.0.0.1:1/x.css",
        "https://example.org/x.css",
        "ftp://127.0.0.1/x",
    ):
        with pytest.raises((RefusedURL, ValueError)):
            fetcher.fetch(url)


def test_the_fetcher_refuses_file_urls_that_name_another_host(tmp_path):
    """file://host/... names a file on another machine: never read it as a local file."""
    inside = tmp_path / "root"
    inside.mkdir()
    (inside / "ok.css").write_text("p { color: blue }")
    fetcher = SafeFetcher([inside])
    assert fetcher.fetch(f"file://localhost{inside}/ok.css").read() == b"p { color: blue }"
    with pytest.raises(RefusedURL):
        fetcher.fetch(f"file://files.example.org{inside}/ok.css")
