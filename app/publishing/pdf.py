"""Render HTML to PDF with WeasyPrint, in a child process with a time and memory limit."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from app.domain import DomainError


@dataclass(frozen=True)
class RenderLimits:
    seconds: float = 300.0
    memory_mb: int = 2048  # address-space limit of the child


@dataclass(frozen=True)
class RenderResult:
    pdf: bytes
    pages: int
    peak_rss_mb: float
    seconds: float


class RenderError(DomainError):
    """The render stopped: too slow, too large, or broken. The message says which."""

    status = 503


def write_pdf(
    html: str, stylesheets: list[str], base_url: str, roots: list[str], lang: str
) -> tuple[bytes, int]:
    """Render in this process (the child calls it). The only place WeasyPrint is used."""
    from weasyprint import CSS, HTML

    from app.publishing.fetcher import SafeFetcher

    fetcher = SafeFetcher([Path(root) for root in roots])
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        stylesheets=[CSS(filename=path, url_fetcher=fetcher) for path in stylesheets]
    )
    document.metadata.attachments = []  # no embedded files, whatever the HTML asks
    for page in document.pages:
        page.links[:] = [link for link in page.links if link[0] != "attachment"]
    pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, uncompressed_pdf=False)
    return pdf, len(document.pages)


def render_in_child(
    html: str,
    stylesheets: list[Path],
    base_url: str,
    roots: list[Path],
    lang: str,
    limits: RenderLimits,
) -> RenderResult:
    """Run write_pdf in a fresh Python process; stop and report it past either limit."""
    with tempfile.TemporaryDirectory(prefix="render-") as folder:
        job = Path(folder) / "job.json"
        output = Path(folder) / "out.pdf"
        job.write_text(
            json.dumps(
                {
                    "html": html,
                    "stylesheets": [str(p) for p in stylesheets],
                    "base_url": base_url,
                    "roots": [str(r) for r in roots],
                    "lang": lang,
                    "output": str(output),
                    "memory_mb": limits.memory_mb,
                    "seconds": limits.seconds,
                }
            )
        )
        child = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "app.publishing.child", str(job)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=Path(__file__).resolve().parents[2],
        )
        try:
            out, err = child.communicate(timeout=limits.seconds)
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
            raise RenderError(
                f"The PDF took longer than {limits.seconds:g} s and was stopped."
            ) from None
        if child.returncode != 0:
            text = err.decode(errors="replace")
            if "MemoryError" in text or child.returncode in (-9, -11):
                raise RenderError(
                    f"The PDF needed more than {limits.memory_mb} MB and was stopped."
                )
            raise RenderError("The PDF could not be made: " + text.strip().splitlines()[-1][:300])
        report = json.loads(out.decode().strip().splitlines()[-1])
        return RenderResult(
            output.read_bytes(), report["pages"], report["peak_rss_mb"], report["seconds"]
        )
