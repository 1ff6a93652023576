"""Pseudo-locale test: every page, rendered in a generated accented locale, is translated.

The catalog is extracted fresh from the source with the very command `make i18n` runs,
so a string added later is covered as soon as it is marked for translation. Every msgid
becomes an accented copy of itself ("Sign in" -> "Šíĝñ íñ") in the locale "eo"
(Esperanto: a real CLDR locale, so Babel formats dates in it, and one we will not ship).
A page rendered in it should then hold no word of plain ASCII letters: such a word is
hard-coded English (or a string missing from the catalog), unless it is data this test
created (names, e-mail addresses, judiciary names...). Dates must be Babel's, for "eo".

About the dates: in Babel's CLDR data for "eo" the medium date is "y-MMM-dd" and the
abbreviated months are "Jan", "Feb", "Mar"... like the English ones. So neither month
names nor date shapes tell Babel's dates from hand-made ones; instead the test renders
every datetime stored in the database in every standard Babel width for "eo" and treats
exactly those strings as data. Anything else that looks like a date (an ISO date, an
English month name) was not formatted by Babel for the page's locale.
"""

from __future__ import annotations

import re
import shlex
import string
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from freezegun import freeze_time
from sqlalchemy import DateTime, select, update
from werkzeug.exceptions import HTTPException

from app.accounts import operations as ops
from app.accounts import tokens
from app.accounts.models import Role, User
from app.assessment import operations as final_ops
from app.assessment.models import FinalAttempt
from app.audit.models import AuditEntry
from app.certificates.models import Certificate
from app.clock import utcnow
from app.content.service import get_course
from app.database import Database
from app.extensions import db
from app.learning import operations as learning_ops
from app.learning.models import Enrolment
from app.models import metadata
from app.quizzes.models import QuizAttempt
from tests.conftest import as_letters, login, make_app, post

ROOT = Path(__file__).resolve().parent.parent
PSEUDO = "eo"

# ---------------------------------------------------------------------------
# The pseudo translation
# ---------------------------------------------------------------------------

# Every ASCII letter has an accented (or otherwise marked) look-alike, so no run of
# plain ASCII letters survives in translated text.
_ACCENTS = str.maketrans(
    string.ascii_lowercase + string.ascii_uppercase,
    "áƀçďéƒĝĥíĵķľṁñöṗʠŕšţüṽŵẋýž" + "ÁƁÇĎÉƑĜĤÍĴĶĽṀÑÖṖǪŔŠŢÜṼŴẊÝŽ",
)
# Left as they are: python-format placeholders (%(name)s, %(min)d, %%), HTML tags and
# character entities; changing them would break the formatting or the markup.
_KEEP = re.compile(
    r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]"
    r"|<[^<>]*>"
    r"|&(?:[A-Za-z][A-Za-z0-9]*|#\d+|#[xX][0-9A-Fa-f]+);"
)


def pseudo(text: str) -> str:
    """The accented copy of a msgid, placeholders, tags and entities kept intact."""
    parts, last = [], 0
    for kept in _KEEP.finditer(text):
        parts += [text[last : kept.start()].translate(_ACCENTS), kept.group()]
        last = kept.end()
    return "".join([*parts, text[last:].translate(_ACCENTS)])


def make_i18n_extract_args(output: Path) -> list[str]:
    """The `pybabel extract` arguments of the Makefile's i18n target, writing to output."""
    makefile = (ROOT / "Makefile").read_text()
    found = re.search(r"^\t\$\(BIN\)/pybabel (.*\bextract\b.*)$", makefile, re.MULTILINE)
    assert found, "no `$(BIN)/pybabel ... extract ...` line in the Makefile's i18n target"
    assert "$(" not in found.group(1), f"unexpected make variable in {found.group(1)!r}"
    args = shlex.split(found.group(1))
    for i, arg in enumerate(args):
        if arg in ("-o", "--output", "--output-file"):
            args[i + 1] = str(output)
            return args
        if arg.startswith(("--output=", "--output-file=")):
            args[i] = f"--output-file={output}"
            return args
    raise AssertionError(f"no output option in the Makefile's extract command: {args}")


@pytest.fixture(scope="session")
def extracted_pot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A catalog template extracted now from the source, as `make i18n` does it."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    command = [sys.executable, "-m", "babel.messages.frontend", *make_i18n_extract_args(pot)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    assert result.returncode == 0, result.stderr
    return pot


@pytest.fixture(scope="session")
def pseudo_translations(extracted_pot: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A translations directory holding only the compiled pseudo catalog for "eo"."""
    with extracted_pot.open("rb") as fileobj:
        catalog = read_po(fileobj, locale=PSEUDO)
    catalog.fuzzy = False
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):  # ngettext: one form per plural of the locale
            singular, plural = message.id
            others = (pseudo(plural),) * (catalog.num_plurals - 1)
            message.string = (pseudo(singular), *others)
        else:
            message.string = pseudo(message.id)
    directory = tmp_path_factory.mktemp("pseudo-translations")
    mo = directory / PSEUDO / "LC_MESSAGES" / "messages.mo"
    mo.parent.mkdir(parents=True)
    with mo.open("wb") as fileobj:
        write_mo(fileobj, catalog)
    return directory


@pytest.fixture(scope="session")
def pseudo_app(app: Flask, database_url: str, pseudo_translations: Path) -> Iterator[Flask]:
    """The app with the pseudo catalog, on the schema the `app` fixture migrated.

    Flask-Babel caches loaded catalogs per (locale, domain) for the whole process; the
    regular app never selects "eo", so the two apps cannot see each other's catalogs.
    """
    application = make_app(
        database_url,
        BABEL_TRANSLATION_DIRECTORIES=str(pseudo_translations),
        SUPPORTED_LOCALES=(*app.config["SUPPORTED_LOCALES"], PSEUDO),
    )
    yield application
    Database.engine_of(application).dispose()


@pytest.fixture
def pseudo_db(pseudo_app: Flask) -> Iterator[object]:
    """The pseudo app's sessions bound to one connection, rolled back after the test."""
    connection = Database.engine_of(pseudo_app).connect()
    transaction = connection.begin()
    with db.bound_to(pseudo_app, connection), pseudo_app.app_context():
        yield db.session
    transaction.rollback()
    connection.close()


# ---------------------------------------------------------------------------
# What a page shows
# ---------------------------------------------------------------------------


class VisibleText(HTMLParser):
    """Text nodes and user-visible attributes of a page, outside <script> and <style>."""

    HIDDEN = frozenset({"script", "style", "template"})
    ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
    BUTTON_INPUTS = frozenset({"submit", "button", "reset"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.lang: str | None = None
        self._hidden = 0
        # Elements marked as another language (course text in English, a learner's
        # own note with lang=""): content, not UI, so the catalog does not cover it.
        self._foreign: list[list] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if self._foreign and tag == self._foreign[-1][0]:
            self._foreign[-1][1] += 1
        if tag != "html" and "lang" in attributes and attributes["lang"] != self.lang:
            self._foreign.append([tag, 0])
        self._attributes(tag, attributes)
        if tag in self.HIDDEN:
            self._hidden += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attributes(tag, dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1
        if self._foreign and tag == self._foreign[-1][0]:
            if self._foreign[-1][1]:
                self._foreign[-1][1] -= 1
            else:
                self._foreign.pop()

    def handle_data(self, data: str) -> None:
        if not self._hidden and not self._foreign:
            self._add(data)

    def _attributes(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag == "html":
            self.lang = attrs.get("lang")
        if self._foreign:
            return
        for name in self.ATTRIBUTES:
            self._add(attrs.get(name))
        if tag == "input" and (attrs.get("type") or "").lower() in self.BUTTON_INPUTS:
            self._add(attrs.get("value"))

    def _add(self, text: str | None) -> None:
        text = " ".join((text or "").split())
        if text:
            self.chunks.append(text)


@dataclass
class Page:
    label: str  # who asked, and why
    url: str  # the URL shown in the browser after any redirect
    method: str
    status: int
    lang: str | None
    chunks: list[str]

    def __str__(self) -> str:
        return f"{self.label}: {self.method} {self.url} ({self.status})"


@dataclass
class Site:
    """Every page as rendered in the pseudo locale, and the data behind it."""

    pages: list[Page] = field(default_factory=list)
    data: list[str] = field(default_factory=list)  # strings that are data, not UI
    babel_dates: dict[datetime, set[str]] = field(default_factory=dict)
    expected_dates: list[tuple[str, datetime]] = field(default_factory=list)  # (url, value)

    def page(self, url: str) -> Page:
        """The first successful rendering of url."""
        return next(page for page in self.pages if page.url == url and page.status == 200)


ISO_DATE = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")
_EN = Locale.parse("en")
_EN_MONTHS = {
    name
    for context in ("format", "stand-alone")
    for width in ("wide", "abbreviated")
    for name in _EN.months[context][width].values()
}
ENGLISH_MONTH = re.compile(rf"\b(?:{'|'.join(sorted(_EN_MONTHS, key=len, reverse=True))})\b")
ASCII_WORD = re.compile(r"[A-Za-z]{2,}")
DATE_WIDTHS = ("short", "medium", "long", "full")


def babel_forms(value: datetime) -> set[str]:
    """Every standard Babel rendering of a stored (naive UTC) datetime in "eo"."""
    return {
        *(format_date(value, width, locale=PSEUDO) for width in DATE_WIDTHS),
        *(format_datetime(value, width, tzinfo=UTC, locale=PSEUDO) for width in DATE_WIDTHS),
    }


def language_names(codes: tuple[str, ...]) -> list[str]:
    """Each language's name in its own language, from Babel's locale data (CLDR)."""
    names = [Locale.parse(code).get_display_name(code) for code in codes]
    return [variant for name in names for variant in (name, name.capitalize())]


def stored_datetimes(session: object) -> set[datetime]:
    """Every datetime value in every table: the dates a page may legitimately show."""
    found = set()
    for table in metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, DateTime):
                found.update(v for v in session.scalars(select(column)) if v is not None)
    return found


# ---------------------------------------------------------------------------
# Rendering the whole site
# ---------------------------------------------------------------------------


@pytest.fixture
def site(
    pseudo_app: Flask,
    pseudo_db: object,
    make_user: Callable[..., User],
) -> Site:
    """Data for every role, then every page of the app rendered in "eo"."""
    app, session = pseudo_app, pseudo_db

    # Users and judiciaries; all the changes go through the operations, so they are
    # audited and the audit log has entries (and dates) to show.
    admin = make_user(Role.ADMIN, name="Wanjiru Kamau", email="wanjiru.kamau@court.example")
    kenya = ops.create_judiciary(session, admin, "Judiciary of Kenya", "KE")
    ghana = ops.create_judiciary(session, admin, "Judiciary of Ghana", "GH")
    coordinator = make_user(
        judiciary=kenya, name="Amina Odhiambo", email="amina.odhiambo@court.example"
    )
    ops.set_roles(session, admin, coordinator, [Role.COORDINATOR])
    member = make_user(name="Peter Mwangi", email="peter.mwangi@court.example")
    approved = ops.request_membership(session, member, kenya.id)
    ops.decide_membership(session, coordinator, approved.id, approve=True)
    judge = make_user(name="Grace Achieng", email="grace.achieng@court.example")
    pending = ops.request_membership(session, judge, kenya.id)
    unverified = make_user(
        name="Samuel Otieno", email="samuel.otieno@court.example", verified=False
    )
    invitee = make_user(name="Kofi Mensah", email="kofi.mensah@court.example")
    _, invitation_token = ops.invite_member(session, coordinator, kenya.id, invitee.email, 14)
    dormant = make_user(name="Esi Boateng", email="esi.boateng@court.example")
    ops.set_active(session, admin, dormant, active=False)
    users = [admin, coordinator, member, judge, unverified, invitee, dormant]
    for user in users:
        user.preferred_language = PSEUDO  # a signed-in user's choice selects the locale
    session.commit()

    verify_token = tokens.make_verify_token(unverified)
    reset_token = tokens.make_reset_token(judge)
    with freeze_time(utcnow() - timedelta(days=30)):
        expired_token = tokens.make_verify_token(unverified)

    def client_for(user: User | None) -> FlaskClient:
        client = app.test_client()
        with client.session_transaction() as browser:
            browser["locale"] = PSEUDO  # anonymous visitors: the switcher's choice
        if user is not None:
            login(client, user)
        return client

    anonymous, as_judge, as_unverified, as_coordinator, as_admin, as_invitee, as_member = (
        client_for(user) for user in (None, judge, unverified, coordinator, admin, invitee, member)
    )
    result = Site(
        # Data, not UI: what a page may show in plain ASCII letters without a translation.
        data=[
            *(user.full_name for user in users),  # names typed in by the users
            *(user.email for user in users),  # their e-mail addresses
            *(judiciary.name for judiciary in (kenya, ghana)),  # typed in by an admin
            *(judiciary.country for judiciary in (kenya, ghana)),  # ISO 3166 codes: "KE"
            # The language switcher and the preferred-language list name each language
            # in that language ("English", "Esperanto"), from Babel's locale data.
            *language_names(app.config["SUPPORTED_LOCALES"]),
            # Course text is English content; in the page it is marked lang="en", but the
            # <title> element cannot carry a lang of its own, so module, self-test and
            # lesson titles may appear there.
            *(m.title for m in get_course().modules),
            *(m.quiz.title for m in get_course().modules if m.quiz),
            *(lesson.title for m in get_course().modules for lesson in m.lessons),
        ],
        expected_dates=[
            (f"/admin/users/{coordinator.id}", coordinator.created_at),
            ("/admin/judiciaries", kenya.created_at),
            ("/admin/judiciaries", ghana.created_at),
            ("/judiciary/members", pending.created_at),
        ],
    )

    def visit(label: str, client: FlaskClient, url: str, status: int, **kwargs: object) -> None:
        """GET url (or POST, with data=...) and keep the page; checks the status."""
        method = kwargs.pop("method", "POST" if "data" in kwargs else "GET")
        csrf = kwargs.pop("csrf", True)
        if method == "POST" and csrf:
            response = post(client, app, url, kwargs.pop("data"), **kwargs)
        else:
            response = client.open(url, method=method, **kwargs)
        final_url, final_method = response.request.full_path.rstrip("?"), response.request.method
        assert response.status_code == status, f"{label}: {method} {url} -> {final_url}"
        assert response.mimetype == "text/html", f"{label}: {method} {url}"
        parser = VisibleText()
        parser.feed(response.get_data(as_text=True))
        parser.close()
        result.pages.append(
            Page(label, final_url, final_method, response.status_code, parser.lang, parser.chunks)
        )

    # Anyone.
    for url in ("/", "/privacy", "/login", "/register", "/password/forgot"):
        visit("anonymous", anonymous, url, 200)
    visit("anonymous, sent to sign in", anonymous, "/account/", 200, follow_redirects=True)
    visit("anonymous, e-mail link", anonymous, f"/verify/{verify_token}", 200)
    visit("anonymous, expired e-mail link", anonymous, f"/verify/{expired_token}", 410)
    visit("anonymous, bad e-mail link", anonymous, "/verify/not-a-token", 404)
    visit("anonymous, reset link", anonymous, f"/password/reset/{reset_token}", 200)
    visit("anonymous, bad reset link", anonymous, "/password/reset/not-a-token", 404)
    visit("anonymous, no such page", anonymous, "/no-such-page", 404)
    visit("anonymous, wrong method", anonymous, "/logout", 405)
    visit("anonymous, no CSRF token", anonymous, "/login", 400, data={}, csrf=False)
    visit("anonymous, empty form", anonymous, "/register", 422, data={})
    visit(
        "anonymous, too long",
        anonymous,
        "/login",
        422,
        data={
            "email": "x" * 300 + "@court.example",
            "password": "p" * 300,
        },
    )
    visit(
        "anonymous, wrong password",
        anonymous,
        "/login",
        401,
        data={
            "email": judge.email,
            "password": "not the password",
        },
    )

    # A judge with a pending membership request.
    for url in ("/", "/account/", "/account/judiciary", "/account/password", "/account/delete"):
        visit("judge with a pending request", as_judge, url, 200)
    visit("judge, not an admin", as_judge, "/admin/users", 403)
    visit("judge, not a coordinator", as_judge, "/judiciary/members", 403)
    visit("judge, empty password form", as_judge, "/account/password", 422, data={})

    # An unverified user: the banner asking to confirm the address.
    visit("unverified user", as_unverified, "/account/", 200)
    visit("unverified user", as_unverified, "/account/judiciary", 200)
    visit("unverified user, e-mail link", as_unverified, f"/verify/{verify_token}", 200)

    # The invited judge.
    visit("invited judge", as_invitee, f"/account/invitations/{invitation_token}", 200)
    visit("someone else's invitation", as_judge, f"/account/invitations/{invitation_token}", 403)

    # A coordinator, with a pending request and a member in their judiciary.
    visit("coordinator", as_coordinator, "/judiciary/members", 200)
    visit("coordinator, empty invitation", as_coordinator, "/judiciary/invitations", 422, data={})

    # An administrator.
    visit("admin", as_admin, "/admin/users", 200)
    visit("admin, search", as_admin, "/admin/users?q=odhiambo", 200)
    for user in (coordinator, dormant, unverified):
        visit("admin", as_admin, f"/admin/users/{user.id}", 200)
    visit("admin", as_admin, "/admin/users/999999", 404)
    visit("admin", as_admin, "/admin/judiciaries", 200)
    visit("admin, empty judiciary", as_admin, "/admin/judiciaries", 422, data={})
    entries = session.scalars(select(AuditEntry)).all()  # what the audit page should show
    assert len(entries) >= 6, "the audit log should have entries to show"
    result.expected_dates += [("/admin/audit", entry.at) for entry in entries]
    visit("admin", as_admin, "/admin/audit", 200)
    visit("admin", as_admin, "/admin/requests", 200)
    visit(
        "admin, unknown role",
        as_admin,
        f"/admin/users/{member.id}/roles",
        422,
        data={"roles": "pope"},
    )
    visit(
        "admin, bad judiciary",
        as_admin,
        f"/admin/users/{member.id}/judiciary",
        422,
        data={"judiciary_id": "abc"},
    )
    visit(
        "invited judge, unknown judiciary",
        as_invitee,
        "/account/judiciary",
        422,
        data={"judiciary_id": "999999"},
    )

    # Messages flashed by the Python code, shown on the next page.
    visit(
        "judge, saves details",
        as_judge,
        "/account/",
        200,
        follow_redirects=True,
        data={
            "full_name": judge.full_name,
            "preferred_language": PSEUDO,
            "court": "",
            "region": "",
        },
    )
    visit(
        "judge, withdraws",
        as_judge,
        "/account/judiciary/withdraw",
        200,
        data={},
        follow_redirects=True,
    )
    visit(
        "forgotten password",
        anonymous,
        "/password/forgot",
        200,
        follow_redirects=True,
        data={"email": judge.email},
    )
    # Learning: the course text is English (marked lang="en"); everything around it is UI.
    visit("judge, not enrolled", as_judge, "/learn/", 200)
    visit("judge, enrols", as_judge, "/learn/enrol", 200, data={}, follow_redirects=True)
    visit("judge, locked out of nothing", as_judge, "/learn/modules/independence", 200)
    lesson, scenario, reflection = (
        "ind-external-pressure",
        "ind-sc-minister-call",
        "ind-reflect-inside",
    )
    visit("judge, lesson", as_judge, f"/learn/lessons/{lesson}", 200)
    visit(
        "judge, answers a scenario",
        as_judge,
        f"/learn/lessons/{lesson}/answers/{scenario}",
        200,
        data={"answer": "b", "key": "pseudo-1"},
        follow_redirects=True,
    )
    visit(
        "judge, no answer chosen",
        as_judge,
        f"/learn/lessons/{lesson}/answers/{scenario}",
        200,
        data={"key": "pseudo-2"},
        follow_redirects=True,
    )
    visit(
        "judge, reflects",
        as_judge,
        f"/learn/lessons/ind-inside-judiciary/reflections/{reflection}",
        200,
        data={"text": "Pressure came through a colleague.", "key": "pseudo-3"},
        follow_redirects=True,
    )
    visit("judge, reflections", as_judge, "/learn/reflections", 200)
    visit(
        "judge, finishes a lesson",
        as_judge,
        f"/learn/lessons/{lesson}/continue",
        200,
        data={"key": "pseudo-4"},
        follow_redirects=True,
    )
    visit("judge, dashboard with progress", as_judge, "/learn/", 200)
    self_test = "/learn/modules/independence/self-test"
    visit("judge, a self-test to start", as_judge, self_test, 200)
    visit("judge, starts it", as_judge, self_test, 200, data={}, follow_redirects=True)
    attempt = session.scalar(select(QuizAttempt).where(QuizAttempt.submitted_at.is_(None)))
    submit = f"/learn/self-tests/{attempt.id}"
    quiz = get_course().module("independence").quiz
    keyed = {q.id: [o.id for o in q.options if o.is_correct] for q in quiz.questions}
    letters = as_letters(quiz, attempt.seed, keyed)
    answers = {f"q-{qid}": chosen for qid, chosen in letters.items()}
    first = quiz.questions[0].id
    partly = {**answers, f"q-{first}": [], "key": "pseudo-5"}
    visit("judge, a question left out", as_judge, submit, 422, data=partly)
    done = {**answers, "key": "pseudo-6"}
    visit("judge, self-test result", as_judge, submit, 200, data=done, follow_redirects=True)
    visit("judge, self-test sent twice", as_judge, submit, 409, data=done)
    visit("judge, self-test with history", as_judge, self_test, 200)
    visit("judge, module with a self-test passed", as_judge, "/learn/modules/independence", 200)
    visit(
        "judge, not enrolled in a lesson",
        as_member,
        f"/learn/lessons/{lesson}",
        200,
        follow_redirects=True,
    )
    # The final assessment: closed to the judge, taken by the member, granted again.
    visit("judge, the final not open yet", as_judge, "/learn/final", 200)
    learning_ops.enrol(session, member.id, get_course())
    session.execute(
        update(Enrolment).where(Enrolment.user_id == member.id).values(completed_at=utcnow())
    )
    session.commit()
    visit("member, the final", as_member, "/learn/final", 200)
    visit("member, starts", as_member, "/learn/final/attempts", 200, data={}, follow_redirects=True)
    final = session.scalar(select(FinalAttempt).where(FinalAttempt.user_id == member.id))
    base = f"/learn/final/attempts/{final.id}"
    saved = {"q-1": "a"}  # the page names questions by their place in the attempt
    visit("member, saves", as_member, f"{base}/answers", 200, data=saved, follow_redirects=True)
    visit("member, a bad letter", as_member, f"{base}/answers", 422, data={"q-1": "z"})
    done = {"key": "pseudo-final", **saved}
    visit("member, submits", as_member, f"{base}/submit", 200, data=done, follow_redirects=True)
    visit("member, the final with an attempt", as_member, "/learn/final", 200)
    for n in range(get_course().final.attempts - 1):  # the member uses up the attempts
        again = final_ops.start_final(session, member.id, get_course(), utcnow())
        final_ops.submit_final(session, member.id, get_course(), again.id, {}, f"p{n}", utcnow())
    session.commit()
    # Certificates: the public pages, in the visitor's language, and the admin's forms.
    certificate = Certificate(
        user_id=member.id,
        course_id=get_course().id,
        edition=get_course().edition,
        code="ABCDEFGHJKMNPQRSTUVWXYZ23456",
        holder_name=member.full_name,
        score=0.9,
        issued_at=utcnow(),
    )
    session.add(certificate)
    session.commit()
    visit("anyone, verify a certificate", anonymous, "/certificates/", 200)
    visit(
        "anyone, a valid certificate",
        anonymous,
        "/certificates/ABCD-EFGH-JKMN-PQRS-TUVW-XYZ2-3456",
        200,
    )
    visit("anyone, an unknown code", anonymous, "/certificates/NO-SUCH-CODE", 404)
    visit("member, the dashboard with a certificate", as_member, "/learn/", 200)
    visit("admin, a user with a certificate", as_admin, f"/admin/users/{member.id}", 200)
    visit(
        "admin, re-issues",
        as_admin,
        f"/admin/certificates/{certificate.id}/reissue",
        200,
        data={"name": "Peter Mwangi Kamau"},
        follow_redirects=True,
    )
    session.expire_all()
    newest = session.scalar(
        select(Certificate).where(Certificate.user_id == member.id, Certificate.status == "valid")
    )
    visit(
        "admin, revokes",
        as_admin,
        f"/admin/certificates/{newest.id}/revoke",
        200,
        data={"reason": "Issued in error."},
        follow_redirects=True,
    )
    visit(
        "anyone, a replaced certificate",
        anonymous,
        "/certificates/ABCDEFGHJKMNPQRSTUVWXYZ23456",
        200,
    )
    visit(
        "coordinator, grants an attempt",
        as_coordinator,
        f"/final/grants/{member.id}",
        200,
        data={"next": "/judiciary/members"},
        follow_redirects=True,
    )
    app.extensions.setdefault("renders", {})["self-directed"] = {
        "running": True,
        "started": time.monotonic(),
    }  # as if a render were under way: the page says so, and nothing renders here
    visit("judge, PDF being prepared", as_judge, "/learn/self-directed.pdf", 202)
    app.extensions["renders"]["self-directed"] = {"error": "a test failure"}
    visit("judge, PDF failed", as_judge, "/learn/self-directed.pdf", 503)
    visit("anyone, the principles", anonymous, "/principles", 200)
    visit("anyone, the glossary", anonymous, "/glossary", 200)
    visit("member, signs out", as_member, "/logout", 200, data={}, follow_redirects=True)

    # Babel's renderings of every date stored by now, including by the requests above.
    # Certificate codes are data, as printed (grouped) or typed, and so is a revoke reason.
    for code in session.scalars(select(Certificate.code)):
        result.data += [code, "-".join(code[i : i + 4] for i in range(0, len(code), 4))]
    result.data += ["NO-SUCH-CODE", "Issued in error."]
    result.babel_dates = {value: babel_forms(value) for value in stored_datetimes(session)}
    return result


def phrases(allowed: list[str]) -> re.Pattern[str]:
    """Any of these phrases, as a whole: "KE" is not removed from "KEY", nor the short
    date "26-11-25" from the ISO date "2026-11-25"."""
    alternatives = "|".join(re.escape(p) for p in sorted(set(allowed), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


# ---------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------


def test_every_page_is_in_the_pseudo_locale(site: Site) -> None:
    wrong = [f"{page}: lang={page.lang!r}" for page in site.pages if page.lang != PSEUDO]
    assert not wrong, "pages not rendered in the pseudo locale:\n" + "\n".join(wrong)


def test_no_english_text_is_left_on_any_page(site: Site) -> None:
    """Plain ASCII words that are not data are strings nobody marked for translation."""
    allowed = phrases(site.data + [form for forms in site.babel_dates.values() for form in forms])
    found = [
        f"{page}: {words} in {chunk!r}"
        for page in site.pages
        for chunk in page.chunks
        if (words := ASCII_WORD.findall(allowed.sub(" ", chunk)))
    ]
    assert not found, "untranslated text (hard-coded, or not in the catalog):\n" + "\n".join(found)


def test_dates_are_formatted_by_babel(site: Site) -> None:
    """No ISO or English date anywhere; the stored dates appear as Babel writes them."""
    babel_written = phrases([form for forms in site.babel_dates.values() for form in forms])
    found = []
    for page in site.pages:
        for chunk in page.chunks:
            rest = babel_written.sub(" ", chunk)
            for pattern in (ISO_DATE, ENGLISH_MONTH):
                found += [f"{page}: {match!r} in {chunk!r}" for match in pattern.findall(rest)]
    assert not found, "dates not formatted by Babel for the locale:\n" + "\n".join(found)

    missing = []
    for url, value in site.expected_dates:
        text = " ".join(site.page(url).chunks)
        if not any(form in text for form in babel_forms(value)):
            example = format_date(value, locale=PSEUDO)
            missing.append(f"{url}: {value.isoformat()}, e.g. as {example!r}")
    assert not missing, "dates missing, or not formatted by Babel:\n" + "\n".join(missing)


# Pages that are not HTML for people to read, so have no text to translate.
NOT_HTML = {
    "main.healthz": "JSON for the load balancer",
    "account.export_data": "the user's data as JSON (ISO dates on purpose)",
    "learning.export_reflections": "the learner's reflections as JSON",
    "learning.viewed": "an empty 204 for the page script",
    "certificates.download": "the certificate as a PDF (its own tests check its text)",
    "static": "CSS",
}


def test_every_html_page_is_rendered(site: Site, pseudo_app: Flask) -> None:
    """A new page fails here until the site fixture renders it too."""
    adapter = pseudo_app.url_map.bind("localhost")
    seen = set()
    for page in site.pages:
        try:
            endpoint, _ = adapter.match(page.url.split("?")[0], method=page.method)
        except HTTPException:
            continue  # the 404 and 405 pages
        seen.add(endpoint)
    pages = {rule.endpoint for rule in pseudo_app.url_map.iter_rules() if "GET" in rule.methods}
    missing = sorted(pages - seen - set(NOT_HTML))
    assert not missing, f"pages the pseudo-locale test does not render: {missing}"


def test_make_i18n_extraction_finds_the_marked_strings(extracted_pot: Path) -> None:
    with extracted_pot.open("rb") as fileobj:
        ids = {message.id for message in read_po(fileobj) if message.id}
    for expected in (
        "Sign in",  # a template
        "Enter a password.",  # a form (lazy_gettext as _l)
        "Page not found",  # Python code (gettext as _)
        "Roles changed",  # a dict of labels in a template
        "Use between %(min)d and %(max)d characters.",  # python-format placeholders
    ):
        assert expected in ids, f"{expected!r} is not extracted by `make i18n`"


def test_pseudo_translation_keeps_placeholders_and_markup() -> None:
    assert pseudo("Sign in") == "Šíĝñ íñ"
    assert pseudo("Use %(min)d to %(max)d, 100%% <b>bold</b> &amp; %s") == (
        "Üšé %(min)d ţö %(max)d, 100%% <b>ƀöľď</b> &amp; %s"
    )
    assert not ASCII_WORD.search(pseudo(string.ascii_letters))


@pytest.mark.parametrize(
    "po",
    sorted((ROOT / "app" / "translations").glob("*/LC_MESSAGES/*.po")),
    ids=lambda path: path.parent.parent.name,
)
def test_shipped_catalogs_parse(po: Path) -> None:
    """Each catalog parses, and its translations keep the msgid's placeholders."""
    with po.open("rb") as fileobj:
        catalog = read_po(fileobj, locale=po.parent.parent.name)
    assert len(catalog) > 0
    problems = [
        f"{message.id!r}: {error}" for message, errors in catalog.check() for error in errors
    ]
    assert not problems, "\n".join(problems)


def test_shipped_catalogs_hold_every_marked_string(extracted_pot: Path) -> None:
    """`make i18n` was run after the last string change, so translators see every string."""

    def ids(path: Path) -> set:
        with path.open("rb") as fileobj:
            return {message.id for message in read_po(fileobj) if message.id}

    wanted = ids(extracted_pot)
    catalogs = [ROOT / "app" / "translations" / "messages.pot"]
    catalogs += sorted((ROOT / "app" / "translations").glob("*/LC_MESSAGES/messages.po"))
    stale = {
        str(path.relative_to(ROOT)): sorted(map(str, wanted - ids(path)))
        for path in catalogs
        if wanted - ids(path)
    }
    assert not stale, f"run `make i18n`: {stale}"
