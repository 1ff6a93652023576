"""Block syntax: `::: type attrs` ... `:::` fences, parsed into a raw tree with lines.

Authors write blocks in a plain text editor. A block opens with three or more
colons and its type, and closes with a line of the same number of colons. Fenced
code (``` or ~~~) is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.content.model import Audience, Medium

FENCE = re.compile(r"^(?P<colons>:{3,})[ \t]*(?P<rest>.*?)[ \t]*$")
CODE_FENCE = re.compile(r"^[ ]{0,3}(?P<fence>`{3,}|~{3,})")
ATTRIBUTE = re.compile(r'\s*(?P<key>[a-z][a-z_-]*)=(?:"(?P<quoted>[^"]*)"|(?P<bare>[^\s"]+))')
KIND = re.compile(r"^(?P<kind>[a-z][a-z-]*)(?P<attrs>(?:\s.*)?)$")
ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


@dataclass(frozen=True)
class BlockSpec:
    """What a block type is: its body, its default audience, whether it needs an id."""

    name: str
    body: str  # "markdown" or "yaml"
    audience: Audience = Audience.EVERYONE
    is_audience_fixed: bool = False
    is_id_required: bool = False


SPECS = {
    spec.name: spec
    for spec in (
        BlockSpec("objectives", "markdown"),
        BlockSpec("key-points", "markdown"),
        BlockSpec("case-study", "markdown"),
        BlockSpec("reflection", "markdown", is_id_required=True),
        BlockSpec("trainer-note", "markdown", Audience.TRAINER, is_audience_fixed=True),
        BlockSpec("discussion", "markdown", Audience.TRAINER),
        BlockSpec("handout", "markdown", Audience.TRAINER, is_id_required=True),
        BlockSpec("scenario", "yaml", is_id_required=True),
        BlockSpec("check", "yaml", is_id_required=True),
        BlockSpec("exercise", "yaml", Audience.TRAINER, is_id_required=True),
        BlockSpec("session-plan", "yaml", Audience.TRAINER, is_id_required=True),
    )
}
ATTRIBUTES = {"id", "title", "audience", "medium"}


@dataclass
class RawProse:
    text: str
    line: int


@dataclass
class RawBlock:
    kind: str
    attrs: dict[str, str]
    line: int
    colons: int
    parts: list[RawProse | RawBlock] = field(default_factory=list)
    body: list[str] = field(default_factory=list)  # YAML blocks: their raw lines
    is_yaml: bool = False


@dataclass
class ParseResult:
    parts: list[RawProse | RawBlock]
    problems: list[tuple[int, str]]


class _Parser:
    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.root: list[RawProse | RawBlock] = []
        self.stack: list[RawBlock] = []
        self.problems: list[tuple[int, str]] = []
        self.prose: list[str] = []
        self.prose_line = first_line
        self.code_fence: str | None = None

    @property
    def parts(self) -> list[RawProse | RawBlock]:
        return self.stack[-1].parts if self.stack else self.root

    def flush_prose(self, next_line: int) -> None:
        if any(line.strip() for line in self.prose):
            self.parts.append(RawProse("\n".join(self.prose), self.prose_line))
        self.prose = []
        self.prose_line = next_line

    def feed(self, line: str, number: int) -> None:
        top = self.stack[-1] if self.stack else None
        fence = FENCE.match(line)
        if top is not None and top.is_yaml:
            if fence and not fence.group("rest") and len(fence.group("colons")) == top.colons:
                self.close(number)
            else:
                top.body.append(line)
            return
        if self.code_fence is not None or CODE_FENCE.match(line):
            self.track_code(line)
            self.prose.append(line)
            return
        if fence is None:
            if not self.prose:
                self.prose_line = number
            self.prose.append(line)
        elif fence.group("rest"):
            self.open(fence, number)
        else:
            self.close_fence(len(fence.group("colons")), number)

    def track_code(self, line: str) -> None:
        match = CODE_FENCE.match(line)
        if self.code_fence is None and match:
            self.code_fence = match.group("fence")
        elif self.code_fence is not None and match and line.strip().startswith(self.code_fence):
            self.code_fence = None

    def open(self, fence: re.Match, number: int) -> None:
        self.flush_prose(number + 1)
        colons = len(fence.group("colons"))
        kind_match = KIND.match(fence.group("rest"))
        if kind_match is None:
            self.problems.append((number, f"cannot read the block type in {fence.group('rest')!r}"))
            kind, attrs = "?", {}
        else:
            kind = kind_match.group("kind")
            attrs = self.read_attributes(kind_match.group("attrs"), number)
            if kind not in SPECS:
                known = ", ".join(sorted(SPECS))
                self.problems.append((number, f"unknown block type '{kind}' (known: {known})"))
        spec = SPECS.get(kind)
        block = RawBlock(kind, attrs, number, colons, is_yaml=bool(spec and spec.body == "yaml"))
        self.parts.append(block)
        self.stack.append(block)

    def read_attributes(self, text: str, number: int) -> dict[str, str]:
        attrs: dict[str, str] = {}
        position = 0
        for match in ATTRIBUTE.finditer(text):
            if text[position : match.start()].strip():
                break
            key = match.group("key")
            value = (
                match.group("quoted") if match.group("quoted") is not None else match.group("bare")
            )
            if key not in ATTRIBUTES:
                self.problems.append(
                    (number, f"unknown attribute '{key}' (use id, title, audience, medium)")
                )
            attrs[key] = value
            position = match.end()
        rest = text[position:].strip()
        if rest:
            self.problem(number, f'cannot read the attributes {rest!r}: write key="value"')
        return attrs

    def problem(self, line: int, message: str) -> None:
        self.problems.append((line, message))

    def close_fence(self, colons: int, number: int) -> None:
        if not self.stack:
            self.problems.append((number, "closing ':::' without an open block"))
            return
        top = self.stack[-1]
        if colons != top.colons:
            self.problem(
                number,
                f"this fence has {colons} colons but the '{top.kind}' block "
                f"opened on line {top.line} has {top.colons}",
            )
            return
        self.close(number)

    def close(self, number: int) -> None:
        self.flush_prose(number + 1)
        self.stack.pop()

    def finish(self, last_line: int) -> ParseResult:
        self.flush_prose(last_line)
        for block in self.stack:
            closer = ":" * block.colons
            self.problem(block.line, f"the '{block.kind}' block is never closed (add '{closer}')")
        return ParseResult(self.root, self.problems)


def parse_blocks(text: str, first_line: int = 1) -> ParseResult:
    """Split Markdown into prose and (nested) blocks, with every problem's line."""
    parser = _Parser(first_line)
    lines = text.split("\n")
    for offset, line in enumerate(lines):
        parser.feed(line, first_line + offset)
    return parser.finish(first_line + len(lines))


def resolve_audience(spec: BlockSpec, attrs: dict[str, str]) -> tuple[Audience, str | None]:
    """The block's audience, and a problem message if the attribute is wrong."""
    raw = attrs.get("audience")
    if raw is None:
        return spec.audience, None
    if raw not in {a.value for a in Audience}:
        return spec.audience, f"audience must be everyone or trainer, not '{raw}'"
    if spec.is_audience_fixed and raw != spec.audience:
        return spec.audience, f"a {spec.name} is always for {spec.audience.value}s"
    return Audience(raw), None


def resolve_medium(attrs: dict[str, str]) -> tuple[Medium, str | None]:
    raw = attrs.get("medium", "any")
    if raw not in {m.value for m in Medium}:
        return Medium.ANY, f"medium must be any, web or print, not '{raw}'"
    return Medium(raw), None
