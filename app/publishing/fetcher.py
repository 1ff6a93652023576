"""The only URL fetcher WeasyPrint gets: data: URLs and the app's own files, nothing else."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

MAX_BYTES = 20 * 1024 * 1024


class RefusedURL(ValueError):
    """The document asked for something outside the app's own files."""


class SafeFetcher(URLFetcher):
    """Serves `data:` URLs and regular files under the allowed folders; refuses the rest.

    No network (http, https, ftp), no file:// outside the folders, no devices or
    symbolic links out of them, no redirects.
    """

    def __init__(self, roots: list[Path]) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False, timeout=1)
        self.roots = [Path(root).resolve() for root in roots]

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise RefusedURL(f"refused: {scheme} URLs are never fetched")
        parts = urlsplit(url)
        if parts.netloc.lower() not in ("", "localhost"):
            raise RefusedURL("refused: file URLs on another host are never fetched")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            raise RefusedURL("refused: only the app's own files are fetched")
        if path.stat().st_size > MAX_BYTES:
            raise RefusedURL("refused: file too large")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})
