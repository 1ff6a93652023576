"""The render child: `python -m app.publishing.child JOB.json`. Limits itself, renders, reports."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def main(job_path: str) -> None:
    job = json.loads(Path(job_path).read_text())
    memory = int(job["memory_mb"]) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(job["seconds"]) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    started = time.perf_counter()
    from app.publishing.pdf import write_pdf

    pdf, pages = write_pdf(
        job["html"], job["stylesheets"], job["base_url"], job["roots"], job["lang"]
    )
    Path(job["output"]).write_bytes(pdf)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "pages": pages,
                "peak_rss_mb": round(peak, 1),
                "seconds": time.perf_counter() - started,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
