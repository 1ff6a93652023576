"""Fail CI when the browser tests or the PostgreSQL tests ran zero or were skipped."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def cases(path: Path) -> list[ET.Element]:
    if not path.exists():
        sys.exit(f"{path}: missing: the test run did not write its report")
    return list(ET.parse(path).getroot().iter("testcase"))  # noqa: S314 - our own report


def ran(case: ET.Element) -> bool:
    return case.find("skipped") is None


def check(label: str, selected: list[ET.Element]) -> list[str]:
    skipped = [c.get("name") for c in selected if not ran(c)]
    problems = []
    if not selected:
        problems.append(f"{label}: no test ran")
    if skipped:
        problems.append(f"{label}: {len(skipped)} skipped: {', '.join(skipped[:5])}")
    return problems


def main(sqlite_report: str, postgres_report: str) -> None:
    sqlite_cases = cases(Path(sqlite_report))
    postgres_cases = cases(Path(postgres_report))
    browser = [c for c in sqlite_cases if ".e2e." in (c.get("classname") or "")]
    problems = check("browser tests", browser) + check("PostgreSQL tests", postgres_cases)
    for problem in problems:
        print(f"CI check failed: {problem}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"CI check: {len(browser)} browser tests and {len(postgres_cases)} PostgreSQL tests ran.")


if __name__ == "__main__":
    main(*sys.argv[1:3])
