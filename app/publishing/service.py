"""Make an edition's PDF once per (content, edition, options, fonts); then serve the cache."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import threading
from functools import cache
from pathlib import Path

from flask import current_app

from app.content.service import get_course
from app.publishing.editions import (
    Edition,
    edition_html,
    load_edition,
    manuals_path,
    paragraph_map_path,
)
from app.publishing.pdf import RenderLimits, RenderResult, render_in_child


@cache
def fonts_fingerprint() -> str:
    """The installed fonts are part of the output: a new font set makes a new PDF."""
    try:
        listing = subprocess.run(  # noqa: S603 - fontconfig's own lister
            [shutil.which("fc-list") or "/usr/bin/fc-list", ":", "family", "file"],
            capture_output=True,
            text=True,
            check=True,
            timeout=20,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        listing = "no fontconfig"
    return hashlib.sha256("\n".join(sorted(listing.splitlines())).encode()).hexdigest()[:16]


def cache_key(edition: Edition, options: dict) -> str:
    course = get_course()
    styles = b"".join(path.read_bytes() for path in edition.stylesheets)
    templates = b"".join(
        (manuals_path() / name).read_bytes() for name in (edition.cover, *edition.front_matter)
    )
    summaries = paragraph_map_path()
    summaries_bytes = summaries.read_bytes() if summaries.is_file() else b""
    parts = {
        "content": course.content_hash,
        "edition": edition.id,
        "settings": repr(edition),  # title, author, audience, language... from edition.yml
        "course_edition": course.edition,
        "options": options,
        "fonts": fonts_fingerprint(),
        "print": hashlib.sha256(styles + templates + _template_bytes()).hexdigest(),
        "paragraph_map": hashlib.sha256(summaries_bytes).hexdigest(),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:32]


def _template_bytes() -> bytes:
    return (Path(__file__).parent / "templates" / "publishing" / "edition.html").read_bytes()


def cache_dir() -> Path:
    folder = Path(current_app.config["RENDER_CACHE_PATH"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def cached_pdf(edition_id: str, options: dict | None = None) -> Path | None:
    """The cached PDF for this edition, if made already (no rendering)."""
    path = cache_dir() / f"{cache_key(load_edition(edition_id), options or {})}.pdf"
    return path if path.is_file() else None


def limits() -> RenderLimits:
    config = current_app.config
    return RenderLimits(seconds=config["RENDER_SECONDS"], memory_mb=config["RENDER_MEMORY_MB"])


def build_pdf(edition_id: str, options: dict | None = None) -> tuple[Path, RenderResult | None]:
    """The edition's PDF path: from the cache, or rendered now in a limited child process."""
    edition = load_edition(edition_id)
    path = cache_dir() / f"{cache_key(edition, options or {})}.pdf"
    if path.is_file():
        return path, None
    html = edition_html(get_course(), edition)
    roots = [
        Path(current_app.static_folder or ""),
        manuals_path(),
        Path(current_app.config["COURSE_PATH"]),
    ]
    result = render_in_child(
        html,
        list(edition.stylesheets),
        manuals_path().as_uri() + "/",
        roots,
        edition.language,
        limits(),
    )
    partial = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.part")
    partial.write_bytes(result.pdf)
    partial.replace(path)  # atomic: a reader sees the whole file or none
    return path, result
