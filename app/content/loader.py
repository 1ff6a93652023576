"""Load a course folder into immutable objects, or raise ContentError listing every problem."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from app.content import references
from app.content.blocks import (
    ID,
    SPECS,
    RawBlock,
    RawProse,
    parse_blocks,
    resolve_audience,
    resolve_medium,
)
from app.content.errors import Problems
from app.content.fields import FieldReader
from app.content.markdown_ext import CourseMarkdown
from app.content.model import (
    Activity,
    Audience,
    Block,
    CertificateSettings,
    Course,
    Exercise,
    FinalAssessment,
    Lesson,
    Medium,
    Module,
    Node,
    Prose,
    Question,
    Quiz,
    Reading,
    SessionPlan,
    Term,
)
from app.content.questions import build_question
from app.content.yamlsrc import LineDict, YamlProblem, load_yaml

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)
TRANSLATION = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2,3})\.md$")
DEFAULT_LANGUAGE = "en"


@dataclass
class SourceLesson:
    """A lesson file read and split into front matter and a raw block tree."""

    path: Path
    id: str
    title: str
    minutes: int | None
    parts: list[RawProse | RawBlock]
    language: str = DEFAULT_LANGUAGE
    is_trainer: bool = False
    translations: dict[str, SourceLesson] = field(default_factory=dict)


class _Loader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems = Problems()
        self.ids: dict[str, tuple[Path, int]] = {}
        self.lesson_refs: list[tuple[Path, int, references.Reference]] = []
        self.terms: dict[str, str] = {}
        self.term_lines: dict[str, int] = {}
        self.glossary_path: Path | None = None
        self.module_banks: list[Question] = []
        self.digest = hashlib.sha256()
        self.markdowns: dict[str, CourseMarkdown] = {}
        self.lesson_titles: dict[str, str] = {}

    # --- files ---------------------------------------------------------------------

    def read(self, path: Path) -> str | None:
        try:
            data = path.read_bytes()
        except OSError as error:
            self.problems.add(path, 1, f"cannot read the file: {error.strerror or error}")
            return None
        self.digest.update(str(path.relative_to(self.root)).encode() + b"\0" + data + b"\0")
        try:
            return data.decode("utf-8").replace("\r\n", "\n")
        except UnicodeDecodeError as error:
            self.problems.add(
                path, data[: error.start].count(b"\n") + 1, "the file is not UTF-8 text"
            )
            return None

    def yaml_file(self, path: Path) -> LineDict | None:
        text = self.read(path)
        if text is None:
            return None
        return self.yaml_text(path, text, 1, "the file")

    def yaml_text(self, path: Path, text: str, first_line: int, what: str) -> LineDict | None:
        try:
            data = load_yaml(text, first_line)
        except YamlProblem as problem:
            self.problems.add(path, problem.line, problem.message)
            return None
        if not isinstance(data, LineDict):
            self.problems.add(path, first_line, f"{what} must hold key: value lines")
            return None
        return data

    def reader(self, path: Path, language: str = DEFAULT_LANGUAGE) -> FieldReader:
        return FieldReader(path, self.problems, self.markdown(language), self.lesson_refs)

    def markdown(self, language: str) -> CourseMarkdown:
        if language not in self.markdowns:
            self.markdowns[language] = CourseMarkdown(language, self.lesson_titles, self.terms)
        return self.markdowns[language]

    def claim_id(self, value: str, path: Path, line: int, what: str) -> None:
        if not value:
            return
        if value in self.ids:
            first_path, first_line = self.ids[value]
            shown = self.problems_path(first_path)
            self.problems.add(
                path, line, f"duplicate id '{value}' ({what}); first used at {shown}:{first_line}"
            )
        else:
            self.ids[value] = (path, line)

    def relative(self, path: Path) -> str:
        """A source file's path inside the course folder."""
        return str(path.relative_to(self.root))

    @staticmethod
    def problems_path(path: Path) -> str:
        from app.content.errors import display_path

        return display_path(path)

    # --- the course ----------------------------------------------------------------

    def load(self) -> Course | None:
        course_file = self.root / "course.yml"
        if not course_file.is_file():
            self.problems.add(course_file, 1, "missing course.yml")
            return None
        data = self.yaml_file(course_file)
        if data is None:
            return None
        reader = self.reader(course_file)
        course_id = reader.identifier(data)
        title = reader.text(data, "title")
        edition = reader.text(data, "edition")
        languages = tuple(str(x) for x in reader.items(data, "languages", required=False)) or (
            DEFAULT_LANGUAGE,
        )
        is_sequential = reader.flag(data, "sequential")
        glossary_source = self.read_glossary(data, reader)
        folders = self.module_folders(data, reader)
        sources = [self.read_module(folder, line) for folder, line in folders]
        glossary = self.build_glossary(*glossary_source) if glossary_source else ()
        modules = [self.build_module(source) for source in sources if source is not None]
        final = self.final_assessment(data, reader)
        further_reading = self.further_reading(data, reader)
        certificate = self.certificate_settings(data, reader)
        self.check_cross_references()
        return Course(
            id=course_id,
            title=title,
            edition=edition,
            languages=languages,
            is_sequential=is_sequential,
            modules=tuple(m for m in modules if m is not None),
            final=final,
            content_hash=self.digest.hexdigest(),
            glossary=glossary,
            further_reading=further_reading,
            certificate=certificate,
        )

    def certificate_settings(self, data: LineDict, reader: FieldReader) -> CertificateSettings:
        """Optional: who issues the certificate, and whether it shows score and judiciary."""
        if "certificate" not in data:
            return CertificateSettings()
        settings = reader.mapping(data["certificate"], data.line_of("certificate"), "'certificate'")
        if settings is None:
            return CertificateSettings()
        return CertificateSettings(
            issuer=reader.text(
                settings, "issuer", required=False, default="Judicial Ethics Training"
            ),
            shows_score=reader.flag(settings, "show_score"),
            shows_judiciary=reader.flag(settings, "show_judiciary"),
        )

    # --- glossary and further reading ------------------------------------------------

    def course_file(
        self, data: LineDict, reader: FieldReader, key: str
    ) -> tuple[Path, LineDict] | None:
        """An optional course-level YAML file named in course.yml."""
        name = reader.text(data, key, required=False)
        if not name:
            return None
        path = self.root / name
        if "/" in name or not path.is_file():
            reader.problem(data.line_of(key), f"'{name}' does not exist")
            return None
        content = self.yaml_file(path)
        return (path, content) if content is not None else None

    def read_glossary(self, data: LineDict, reader: FieldReader) -> tuple[Path, LineDict] | None:
        """Read the terms first, so lessons can link to them while they convert."""
        found = self.course_file(data, reader, "glossary")
        if found is None:
            return None
        path, glossary = found
        terms_reader = self.reader(path)
        for raw in terms_reader.items(glossary, "terms"):
            item = terms_reader.mapping(raw, glossary.line_of("terms"), "a term")
            if item is None:
                continue
            term_id = terms_reader.identifier(item)
            if term_id in self.terms:
                terms_reader.problem(item.line_of("id"), f"duplicate glossary term '{term_id}'")
            self.terms[term_id] = terms_reader.text(item, "term")
            self.term_lines[term_id] = item.line_of("id")
        self.glossary_path = path
        return found

    def build_glossary(self, path: Path, glossary: LineDict) -> tuple[Term, ...]:
        reader = self.reader(path)
        terms = []
        for item in glossary.get("terms") or []:
            if isinstance(item, LineDict) and item.get("id"):
                definition = reader.markdown(item, "definition")
                terms.append(Term(str(item["id"]), str(item.get("term", "")), definition))
        return tuple(sorted(terms, key=lambda t: t.term.lower()))

    def further_reading(self, data: LineDict, reader: FieldReader) -> tuple[Reading, ...]:
        found = self.course_file(data, reader, "further_reading")
        if found is None:
            return ()
        path, content = found
        items_reader = self.reader(path)
        readings = []
        for raw in items_reader.items(content, "items"):
            item = items_reader.mapping(raw, content.line_of("items"), "a reading")
            if item is None:
                continue
            readings.append(
                Reading(
                    id=items_reader.identifier(item),
                    title=items_reader.text(item, "title"),
                    publisher=items_reader.text(item, "publisher", required=False),
                    year=items_reader.text(item, "year", required=False),
                    what_for_html=items_reader.markdown(item, "what_for"),
                )
            )
        return tuple(readings)

    def module_folders(self, data: LineDict, reader: FieldReader) -> list[tuple[Path, int]]:
        listed = reader.items(data, "modules")
        base_line = data.line_of("modules") + 1
        modules_dir = self.root / "modules"
        folders = []
        for index, name in enumerate(listed):
            line = base_line + index
            folder = modules_dir / str(name)
            if not isinstance(name, str) or "/" in name or name.startswith("."):
                reader.problem(line, f"'{name}' is not a module folder name")
            elif not folder.is_dir():
                reader.problem(
                    line, f"module '{name}' is listed but modules/{name}/ does not exist"
                )
            else:
                folders.append((folder, line))
        listed_names = {str(n) for n in listed}
        if modules_dir.is_dir():
            for folder in sorted(p for p in modules_dir.iterdir() if p.is_dir()):
                if folder.name not in listed_names:
                    self.problems.add(
                        folder / "module.yml",
                        1,
                        f"module folder '{folder.name}' is not listed in course.yml",
                    )
        return folders

    # --- modules -----------------------------------------------------------------------

    def read_module(self, folder: Path, listed_line: int) -> dict[str, Any] | None:
        path = folder / "module.yml"
        if not path.is_file():
            self.problems.add(path, 1, "missing module.yml")
            return None
        data = self.yaml_file(path)
        if data is None:
            return None
        reader = self.reader(path)
        module_id = reader.identifier(data)
        self.claim_id(module_id, path, data.line_of("id"), "module")
        used = {"module.yml"}
        lessons = []
        for index, name in enumerate(reader.items(data, "lessons")):
            line = data.line_of("lessons") + 1 + index
            lesson = self.read_lesson(folder, str(name), line, path)
            used.add(str(name))
            if lesson is not None:
                lessons.append(lesson)
        trainer = None
        if "trainer" in data:
            name = reader.text(data, "trainer")
            used.add(name)
            trainer = self.read_lesson(folder, name, data.line_of("trainer"), path, is_trainer=True)
        quiz_name = reader.text(data, "quiz", required=False)
        if quiz_name:
            used.add(quiz_name)
        bank_name = reader.text(data, "final_bank", required=False)
        if bank_name:
            used.add(bank_name)
        self.check_unlisted(folder, used, lessons + ([trainer] if trainer else []))
        return {
            "data": data,
            "path": path,
            "reader": reader,
            "id": module_id,
            "lessons": lessons,
            "trainer": trainer,
            "quiz": quiz_name,
            "bank": bank_name,
            "folder": folder,
        }

    def check_unlisted(self, folder: Path, used: set[str], lessons: list[SourceLesson]) -> None:
        translations = {
            p.name for lesson in lessons for p in [t.path for t in lesson.translations.values()]
        }
        for path in sorted(folder.iterdir()):
            is_source = path.is_file() and path.suffix in {".md", ".yml", ".yaml"}
            if is_source and path.name not in used | translations:
                self.problems.add(path, 1, "this file is not listed in module.yml")

    def build_module(self, source: dict[str, Any]) -> Module | None:
        data, reader = source["data"], source["reader"]
        value = data.get("value")
        if value is not None and (isinstance(value, bool) or value not in range(1, 7)):
            reader.problem(data.line_of("value"), "'value' must be 1 to 6 (or leave it out)")
            value = None
        lessons = tuple(self.build_lesson(s) for s in source["lessons"])
        trainer = self.build_lesson(source["trainer"]) if source["trainer"] else None
        quiz = self.build_quiz(source["folder"] / source["quiz"]) if source["quiz"] else None
        if source["bank"]:
            self.module_banks.extend(self.build_bank(source["folder"] / source["bank"], value))
        return Module(
            id=source["id"],
            title=reader.text(data, "title"),
            value=value,
            summary_html=reader.markdown(data, "summary", required=False),
            lessons=lessons,
            quiz=quiz,
            trainer=trainer,
            folder=source["folder"].name,
        )

    # --- lessons ---------------------------------------------------------------------

    def read_lesson(
        self,
        folder: Path,
        name: str,
        listed_line: int,
        listed_in: Path,
        *,
        is_trainer: bool = False,
    ) -> SourceLesson | None:
        path = folder / name
        if "/" in name or not name.endswith(".md"):
            self.problems.add(
                listed_in, listed_line, f"'{name}' is not a lesson file name (NAME.md)"
            )
            return None
        if not path.is_file():
            self.problems.add(listed_in, listed_line, f"'{name}' is listed but does not exist")
            return None
        lesson = self.parse_lesson_file(path, DEFAULT_LANGUAGE, is_trainer)
        if lesson is None:
            return None
        self.claim_id(lesson.id, path, 2, "lesson")
        self.claim_block_ids(lesson.parts, path)
        if not is_trainer:
            self.lesson_titles.setdefault(lesson.id, lesson.title)
        for candidate in sorted(folder.glob(path.stem + ".*.md")):
            match = TRANSLATION.match(candidate.name)
            if match and match.group("stem") == path.stem:
                translated = self.parse_lesson_file(candidate, match.group("lang"), is_trainer)
                if translated is not None:
                    self.check_translation(lesson, translated)
                    lesson.translations[translated.language] = translated
        return lesson

    def parse_lesson_file(self, path: Path, language: str, is_trainer: bool) -> SourceLesson | None:
        text = self.read(path)
        if text is None:
            return None
        match = FRONT_MATTER.match(text)
        if match is None:
            self.problems.add(
                path, 1, "a lesson starts with front matter: a '---' line, id and title, then '---'"
            )
            return None
        meta = self.yaml_text(path, match.group("yaml") or "", 2, "the front matter")
        if meta is None:
            return None
        reader = self.reader(path, language)
        lesson_id = reader.identifier(meta)
        title = reader.text(meta, "title")
        minutes = meta.get("minutes")
        if minutes is not None and (
            isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 600
        ):
            reader.problem(
                meta.line_of("minutes"), "'minutes' must be a whole number from 1 to 600"
            )
            minutes = None
        body_line = text[: match.end()].count("\n") + 1
        parsed = parse_blocks(text[match.end() :], body_line)
        for line, message in parsed.problems:
            self.problems.add(path, line, message)
        return SourceLesson(path, lesson_id, title, minutes, parsed.parts, language, is_trainer)

    def claim_block_ids(self, parts: list[RawProse | RawBlock], path: Path) -> None:
        for block in _raw_blocks(parts):
            block_id = block.attrs.get("id")
            if block_id:
                self.claim_id(block_id, path, block.line, f"{block.kind} block")

    def check_translation(self, original: SourceLesson, translated: SourceLesson) -> None:
        if translated.id != original.id:
            self.problems.add(
                translated.path,
                2,
                f"a translation keeps the lesson id '{original.id}', not '{translated.id}'",
            )
        kinds = {b.attrs["id"]: b.kind for b in _raw_blocks(original.parts) if b.attrs.get("id")}
        for block in _raw_blocks(translated.parts):
            block_id = block.attrs.get("id")
            if block_id in kinds and kinds[block_id] != block.kind:
                self.problems.add(
                    translated.path,
                    block.line,
                    f"block '{block_id}' is a {kinds[block_id]} in the English lesson, "
                    f"not a {block.kind}",
                )
        expected = _block_ids(original.parts)
        found = _block_ids(translated.parts)
        for missing in sorted(expected - found):
            self.problems.add(translated.path, 1, f"missing translation of block '{missing}'")
        for extra in sorted(found - expected):
            self.problems.add(translated.path, 1, f"block '{extra}' is not in the English lesson")

    def build_lesson(self, source: SourceLesson) -> Lesson:
        body = self.build_nodes(source.parts, source.path, source.language)
        if source.is_trainer:
            line = source.parts[0].line if source.parts else 1
            body = (
                Block(
                    kind="trainer-material",
                    audience=Audience.TRAINER,
                    medium=Medium.ANY,
                    line=line,
                    children=body,
                ),
            )
        translations = {lang: self.build_lesson(t) for lang, t in source.translations.items()}
        return Lesson(
            id=source.id,
            title=source.title,
            minutes=source.minutes,
            body=body,
            language=source.language,
            path=self.relative(source.path),
            translations=MappingProxyType(translations),
        )

    def build_nodes(
        self, parts: list[RawProse | RawBlock], path: Path, language: str
    ) -> tuple[Node, ...]:
        nodes: list[Node] = []
        for part in parts:
            if isinstance(part, RawProse):
                reader = self.reader(path, language)
                reader.check_references(part.text, part.line)
                nodes.append(
                    Prose(self.markdown(language).convert(part.text), part.text, part.line)
                )
            elif part.kind in SPECS:
                nodes.append(self.build_block(part, path, language))
        return tuple(nodes)

    def build_block(self, raw: RawBlock, path: Path, language: str) -> Block:
        spec = SPECS[raw.kind]
        audience, audience_problem = resolve_audience(spec, raw.attrs)
        medium, medium_problem = resolve_medium(raw.attrs)
        for problem in (audience_problem, medium_problem):
            if problem:
                self.problems.add(path, raw.line, problem)
        block_id = raw.attrs.get("id")
        if block_id is not None and not ID.match(block_id):
            self.problems.add(
                path,
                raw.line,
                f"'{block_id}' is not a valid id (lowercase letters, digits, hyphens)",
            )
        if spec.is_id_required and not block_id:
            self.problems.add(
                path, raw.line, f"a {raw.kind} block needs an id: ::: {raw.kind} id=..."
            )
        children: tuple[Node, ...] = ()
        data = None
        if spec.body == "yaml":
            data = self.block_data(raw, path, language)
        else:
            children = self.build_nodes(raw.parts, path, language)
        return Block(
            kind=raw.kind,
            audience=audience,
            medium=medium,
            line=raw.line,
            id=block_id,
            title=raw.attrs.get("title"),
            children=children,
            data=data,
        )

    def block_data(
        self, raw: RawBlock, path: Path, language: str
    ) -> Question | Exercise | SessionPlan | None:
        data = self.yaml_text(
            path, "\n".join(raw.body) or "{}", raw.line + 1, f"the {raw.kind} block"
        )
        if data is None:
            return None
        reader = self.reader(path, language)
        if raw.kind in ("scenario", "check"):
            if "id" in data:
                reader.problem(
                    data.line_of("id"), f"put the id on the '::: {raw.kind}' line, not inside"
                )
            data["id"] = raw.attrs.get("id", "")
            data.key_lines["id"] = raw.line
            return build_question(
                data,
                reader,
                source=self.relative(path),
                default_type="scenario" if raw.kind == "scenario" else None,
            )
        if raw.kind == "exercise":
            task = reader.markdown(data, "task")
            answer = reader.markdown(data, "model_answer")
            return Exercise(task, answer, reader.words)
        return self.session_plan(data, reader)

    def session_plan(self, data: LineDict, reader: FieldReader) -> SessionPlan:
        activities = []
        for raw in reader.items(data, "activities"):
            item = reader.mapping(raw, data.line_of("activities"), "an activity")
            if item is None:
                continue
            minutes = item.get("minutes")
            if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 480:
                reader.problem(
                    item.line_of("minutes"),
                    "an activity needs 'minutes': a whole number from 1 to 480",
                )
                minutes = 0
            activities.append(
                Activity(
                    title=reader.text(item, "title"),
                    minutes=minutes,
                    method=reader.text(item, "method", required=False),
                    description_html=reader.markdown(item, "description", required=False),
                )
            )
        return SessionPlan(reader.text(data, "title"), tuple(activities), reader.words)

    # --- questions ----------------------------------------------------------------------

    def read_questions(
        self, path: Path, data: LineDict, *, with_value: bool
    ) -> tuple[Question, ...]:
        reader = self.reader(path)
        questions = []
        for raw in reader.items(data, "questions"):
            item = reader.mapping(raw, data.line_of("questions"), "a question")
            if item is None:
                continue
            question = build_question(
                item, reader, source=self.relative(path), with_value=with_value
            )
            if question is not None:
                self.claim_id(question.id, path, item.line_of("id"), "question")
                questions.append(question)
        return tuple(questions)

    def build_quiz(self, path: Path) -> Quiz | None:
        if not path.is_file():
            self.problems.add(path, 1, "the quiz file named in module.yml does not exist")
            return None
        data = self.yaml_file(path)
        if data is None:
            return None
        reader = self.reader(path)
        quiz_id = reader.identifier(data)
        self.claim_id(quiz_id, path, data.line_of("id"), "quiz")
        return Quiz(
            id=quiz_id,
            title=reader.text(data, "title"),
            pass_mark=reader.number(data, "pass_mark", minimum=0, maximum=1, default=0.7),
            questions=self.read_questions(path, data, with_value=False),
            source=self.relative(path),
        )

    def build_bank(self, path: Path, value: int | None) -> tuple[Question, ...]:
        """A module's final-assessment questions; their value defaults to the module's."""
        if not path.is_file():
            self.problems.add(path, 1, "the final bank named in module.yml does not exist")
            return ()
        data = self.yaml_file(path)
        if data is None:
            return ()
        for item in data.get("questions") or []:
            if isinstance(item, LineDict) and "value" not in item and value is not None:
                item["value"] = value
                item.key_lines["value"] = item.line
        return self.read_questions(path, data, with_value=True)

    def final_assessment(self, course: LineDict, reader: FieldReader) -> FinalAssessment:
        empty = FinalAssessment(draw=0, stratify_by=None, pass_mark=0.8, questions=())
        settings = reader.mapping(
            course.get("final_assessment"), course.line_of("final_assessment"), "'final_assessment'"
        )
        if settings is None:
            return empty
        questions: tuple[Question, ...] = ()
        bank_name = reader.text(settings, "bank", required=False)
        if bank_name:
            bank_path = self.root / bank_name
            if "/" in bank_name or not bank_path.is_file():
                reader.problem(
                    settings.line_of("bank"), f"the final bank '{bank_name}' does not exist"
                )
            else:
                questions = self.build_bank(bank_path, None)
        questions = (*questions, *self.module_banks)
        draw = int(reader.number(settings, "draw", minimum=1, maximum=500, default=20))
        if not questions:
            reader.problem(
                settings.line_of("draw"),
                "the final assessment has no questions: give a module a final_bank",
            )
        elif draw > len(questions):
            reader.problem(
                settings.line_of("draw"),
                f"draws {draw} questions but the bank holds {len(questions)}",
            )
        stratify = settings.get("stratify_by")
        if stratify not in (None, "value"):
            reader.problem(settings.line_of("stratify_by"), "stratify_by can only be 'value'")
            stratify = None
        limit = settings.get("time_limit_minutes")
        return FinalAssessment(
            draw=draw,
            stratify_by=stratify,
            pass_mark=reader.number(settings, "pass_mark", minimum=0, maximum=1, default=0.8),
            questions=questions,
            attempts=self.whole_number(settings, reader, "attempts", 1, 100, 3),
            wait_minutes=self.whole_number(settings, reader, "wait_minutes", 0, 525_600, 0),
            time_limit_minutes=None
            if limit is None
            else self.whole_number(settings, reader, "time_limit_minutes", 1, 1440, 60),
        )

    @staticmethod
    def whole_number(
        data: LineDict, reader: FieldReader, key: str, low: int, high: int, default: int
    ) -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            reader.problem(
                data.line_of(key), f"'{key}' must be a whole number from {low} to {high}"
            )
            return default
        return value

    def check_cross_references(self) -> None:
        """Lesson and glossary references, once every lesson and term is known."""
        linked = set()
        for path, line, ref in self.lesson_refs:
            if isinstance(ref, references.TermRef):
                linked.add(ref.term_id)
                if ref.term_id not in self.terms:
                    self.problems.add(
                        path, line, f"reference to a missing glossary term '{ref.term_id}'"
                    )
            elif ref.lesson_id not in self.lesson_titles:
                self.problems.add(path, line, f"reference to a missing lesson '{ref.lesson_id}'")
        if self.glossary_path is not None:
            for term_id in sorted(set(self.terms) - linked):
                line = self.term_lines.get(term_id, 1)
                self.problems.add(
                    self.glossary_path, line, f"glossary term '{term_id}' is linked from no lesson"
                )


def _raw_blocks(parts: list[RawProse | RawBlock]):
    for part in parts:
        if isinstance(part, RawBlock):
            yield part
            yield from _raw_blocks(part.parts)


def _block_ids(parts: list[RawProse | RawBlock]) -> set[str]:
    return {b.attrs["id"] for b in _raw_blocks(parts) if b.attrs.get("id")}


def load_course(root: Path | str) -> Course:
    """Read and validate a course folder; raises ContentError listing every problem."""
    loader = _Loader(Path(root).resolve())
    course = loader.load()
    loader.problems.raise_if_any()
    assert course is not None
    return course
