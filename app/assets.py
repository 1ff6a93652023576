"""Static assets: fingerprinted URLs cached for a year, compressed responses, web links."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, current_app, request, url_for
from flask_compress import Compress

from app.learning.links import web_html

ONE_YEAR = 365 * 24 * 3600
compress = Compress()


def init_app(app: Flask) -> None:
    app.config.setdefault(
        "COMPRESS_MIMETYPES",
        [
            "text/html",
            "text/css",
            "application/javascript",
            "text/javascript",
            "application/json",
        ],
    )
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    # Static files stream from disk; compressing them in Python leaks the file handle.
    # Pages (the bulk of the bytes) are compressed; a proxy compresses static files.
    app.config.setdefault("COMPRESS_STREAMS", False)
    compress.init_app(app)
    app.add_template_global(asset)
    app.add_template_filter(web_html)
    app.add_template_filter(web_html, "content_html")  # what the question partials call
    app.get_send_file_max_age = _max_age  # type: ignore[method-assign]


@cache
def _fingerprint(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def asset(filename: str) -> str:
    """The URL of a static file with its content hash: a new file gets a new URL."""
    folder = current_app.static_folder or ""
    return url_for("static", filename=filename, v=_fingerprint(str(Path(folder) / filename)))


def _max_age(_filename: str | None) -> int | None:
    """Fingerprinted URLs never change content: let browsers keep them for a year."""
    return ONE_YEAR if request.args.get("v") else 0
