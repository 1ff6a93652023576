"""Who may do what: a hand-written table of endpoint x role -> expected status.

Every row is sent as a real request (valid CSRF token, fixture objects that
belong to someone else) for each of six roles. For state-changing rows a
`written` check says whether the change happened: it must have for the roles
that succeed and must not have for the roles that are refused. A last test walks
app.url_map so that a new endpoint cannot ship without a row here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from flask import url_for
from sqlalchemy import select, update

from app.accounts import operations as ops
from app.accounts import passwords, tokens
from app.accounts.models import (
    Invitation,
    Judiciary,
    MembershipRequest,
    MembershipStatus,
    Role,
    User,
)
from app.assessment import operations as final_ops
from app.assessment.models import FinalAttempt, FinalGrant
from app.certificates.models import Certificate
from app.clock import utcnow
from app.content.service import get_course
from app.extensions import db
from app.learning import operations as learning_ops
from app.learning import queries as learning_queries
from app.learning.models import BlockResponse, Enrolment, ReflectionNote
from app.publishing import service as publishing
from app.publishing.editions import load_edition
from app.quizzes import operations as quiz_ops
from app.quizzes.models import QuizAttempt
from tests.conftest import PASSWORD, as_letters, login, post

ROLES = ("anonymous", "judge", "trainer", "coord_x", "coord_y", "admin")
LOGIN = "302 to sign-in"  # expected: a redirect to the sign-in page
IGNORED_METHODS = {"HEAD", "OPTIONS"}

NEW_PASSWORD = "a brand new passphrase"
INVITEE = "invitee@court.example"
NEWCOMER = "newcomer@court.example"
NEW_JUDICIARY = "Judiciary of the Matrix"


@dataclass
class World:
    """The fixture objects of one test: judiciaries, the six actors, another judge."""

    x: Judiciary
    y: Judiciary
    z: Judiciary
    actors: dict[str, User | None]
    other: User  # another judge, no judiciary yet, asking to join X
    membership: MembershipRequest  # the other judge's pending request to X
    verify_token: str
    reset_token: str
    other_open_attempt: QuizAttempt
    other_done_attempt: QuizAttempt
    other_final_attempt: FinalAttempt
    invitation: Invitation | None = None

    @property
    def judge(self) -> User:
        return self.actors["judge"]

    @property
    def coord_y(self) -> User:
        return self.actors["coord_y"]

    def invitation_token(self) -> str:
        """An invitation from the coordinator of Y to the judge's e-mail address."""
        self.invitation, token = ops.invite_member(
            db.session, self.coord_y, self.y.id, self.judge.email, 14
        )
        db.session.commit()
        return token


Request = tuple[str, dict | None]


@dataclass(frozen=True)
class Row:
    endpoint: str
    method: str
    build: Callable[[World, User | None], Request]  # (world, signed-in user) -> (url, form)
    expected: dict[str, int | str]
    # The row's write, checked after a request that succeeded...
    written: Callable[[World, User | None], bool] | None = None
    # ...and the proof that nothing was written, after a refusal (default: not written).
    untouched: Callable[[World, User | None], bool] | None = None
    # Must hold after every request, whoever sent it (another user's data untouched).
    invariant: Callable[[World], bool] | None = None


def expect(anonymous, judge, trainer, coord_x, coord_y, admin) -> dict[str, int | str]:
    return dict(zip(ROLES, (anonymous, judge, trainer, coord_x, coord_y, admin), strict=True))


def u(endpoint: str, **values: object) -> str:
    return url_for(endpoint, _external=False, **values)


def page(endpoint: str, **values: object) -> Callable[[World, User | None], Request]:
    return lambda w, me: (u(endpoint, **values), None)


# --- builders that need the fixture objects ---------------------------------


def _register(w: World, me: User | None) -> Request:
    return u("auth.register"), {
        "full_name": "New Comer",
        "email": NEWCOMER,
        "password": NEW_PASSWORD,
        "password_confirm": NEW_PASSWORD,
        "preferred_language": "en",
    }


def _verify_post(w: World, me: User | None) -> Request:
    w.other.email_verified_at = None  # so that the POST has something to confirm
    db.session.commit()
    return u("auth.verify_email", token=w.verify_token), {}


def _withdraw(w: World, me: User | None) -> Request:
    if me is not None:  # the signed-in person's own pending request, to Z
        ops.request_membership(db.session, me, w.z.id)
        db.session.commit()
    return u("account.withdraw_request"), {}


def _accept_get(w: World, me: User | None) -> Request:
    return u("account.accept_invitation", token=w.invitation_token()), None


def _accept_post(w: World, me: User | None) -> Request:
    return u("account.accept_invitation", token=w.invitation_token()), {}


# --- checks of what was written ------------------------------------------------


def _user_named(email: str) -> User | None:
    return ops.find_user_by_email(db.session, email)


def _has_password(user: User | None, password: str) -> bool:
    return user is not None and passwords.verify_password(user.password_hash, password)


def _status_of_own_request(me: User | None) -> str | None:
    if me is None:
        return None
    query = select(MembershipRequest.status).where(MembershipRequest.user_id == me.id)
    return db.session.scalar(query)


def _other_still_pending(w: World) -> bool:
    request = w.membership
    return (
        request.status == MembershipStatus.PENDING
        and request.decided_by_id is None
        and w.other.judiciary_id is None
    )


def _invited(email: str) -> bool:
    return db.session.scalar(select(Invitation.id).where(Invitation.email == email)) is not None


LESSON = "ind-external-pressure"
SCENARIO = "ind-sc-minister-call"
REFLECTION_LESSON = "ind-inside-judiciary"
REFLECTION = "ind-reflect-inside"
OTHER_NOTE = "The other judge's private note."
LEARNERS_200 = expect(LOGIN, 200, 200, 200, 200, 200)
LEARNERS_302 = expect(LOGIN, 302, 302, 302, 302, 302)
ALL_200 = expect(200, 200, 200, 200, 200, 200)


def _has_response(me: User | None) -> bool:
    if me is None:
        return False
    query = select(BlockResponse.id).where(BlockResponse.user_id == me.id)
    return db.session.scalar(query) is not None


def _note_of(user: User | None) -> ReflectionNote | None:
    if user is None:
        return None
    return db.session.scalar(select(ReflectionNote).where(ReflectionNote.user_id == user.id))


def _open_attempt_of(user: User | None) -> QuizAttempt | None:
    if user is None:
        return None
    query = select(QuizAttempt).where(
        QuizAttempt.user_id == user.id, QuizAttempt.submitted_at.is_(None)
    )
    return db.session.scalar(query)


def _right_answers(module_id: str) -> dict[str, list[str]]:
    """Every question of a module's self-test answered with its keyed options."""
    quiz = get_course().module(module_id).quiz
    return {q.id: [o.id for o in q.options if o.is_correct] for q in quiz.questions}


def _answer_form(module_id: str) -> dict:
    answers = _right_answers(module_id)
    return {"key": "k-self-test", **{f"q-{qid}": ids for qid, ids in answers.items()}}


def _final_attempts_of(user: User | None) -> int:
    if user is None:
        return 0
    query = select(FinalAttempt.id).where(FinalAttempt.user_id == user.id)
    return len(db.session.scalars(query).all())


def _certificate_of(user: User) -> Certificate:
    """The user's first certificate (made here once: the world holds none)."""
    found = db.session.scalar(
        select(Certificate).where(Certificate.user_id == user.id).order_by(Certificate.id)
    )
    if found is None:
        course = get_course()
        found = Certificate(
            user_id=user.id,
            course_id=course.id,
            edition=course.edition,
            code="ABCDEFGHJKMNPQRSTUVWXYZ23456",
            holder_name=user.full_name,
            issued_at=utcnow(),
        )
        db.session.add(found)
        db.session.commit()
    db.session.refresh(found)
    return found


def _all_attempts_used(user: User) -> int:
    """The judge has taken and failed every attempt (so a grant is due); their id."""
    course = get_course()
    db.session.execute(
        update(Enrolment).where(Enrolment.user_id == user.id).values(completed_at=utcnow())
    )
    for n in range(course.final.attempts):
        attempt = final_ops.start_final(db.session, user.id, course, utcnow())
        final_ops.submit_final(db.session, user.id, course, attempt.id, {}, f"m{n}", utcnow())
    db.session.commit()
    return user.id


def _final_is_open(attempt: FinalAttempt) -> bool:
    db.session.refresh(attempt)
    return attempt.is_open


def _grants_to(user: User) -> int:
    return len(db.session.scalars(select(FinalGrant.id).where(FinalGrant.user_id == user.id)).all())


def _cached_pdf() -> Request:
    key = publishing.cache_key(load_edition("self-directed"), {})
    (publishing.cache_dir() / f"{key}.pdf").write_bytes(b"%PDF-1.7 placeholder")
    return u("publishing.self_directed"), None


TABLE: list[Row] = [
    # main: public pages
    Row("main.index", "GET", page("main.index"), expect(200, 200, 200, 200, 200, 200)),
    Row("main.privacy", "GET", page("main.privacy"), expect(200, 200, 200, 200, 200, 200)),
    Row(
        "main.set_language",
        "POST",
        lambda w, me: (u("main.set_language"), {"locale": "fr", "next": "/privacy"}),
        expect(302, 302, 302, 302, 302, 302),
    ),
    Row("main.healthz", "GET", page("main.healthz"), expect(200, 200, 200, 200, 200, 200)),
    # auth: open to everyone; tokens are the capability
    Row("auth.register", "GET", page("auth.register"), expect(200, 200, 200, 200, 200, 200)),
    Row(
        "auth.register",
        "POST",
        _register,
        expect(302, 302, 302, 302, 302, 302),
        written=lambda w, me: _user_named(NEWCOMER) is not None,
    ),
    Row(
        "auth.verify_email",
        "GET",
        lambda w, me: (u("auth.verify_email", token=w.verify_token), None),
        expect(200, 200, 200, 200, 200, 200),
    ),
    Row(
        "auth.verify_email",
        "POST",
        _verify_post,
        expect(302, 302, 302, 302, 302, 302),
        written=lambda w, me: w.other.email_verified_at is not None,
    ),
    Row(
        "auth.resend_verification",
        "POST",
        lambda w, me: (u("auth.resend_verification"), {}),
        expect(LOGIN, 302, 302, 302, 302, 302),
    ),
    Row("auth.login", "GET", page("auth.login"), expect(200, 200, 200, 200, 200, 200)),
    Row(
        "auth.login",
        "POST",
        lambda w, me: (u("auth.login"), {"email": w.other.email, "password": PASSWORD}),
        expect(302, 302, 302, 302, 302, 302),
    ),
    Row(
        "auth.logout",
        "POST",
        lambda w, me: (u("auth.logout"), {}),
        expect(302, 302, 302, 302, 302, 302),
    ),
    Row(
        "auth.forgot_password",
        "GET",
        page("auth.forgot_password"),
        expect(200, 200, 200, 200, 200, 200),
    ),
    Row(
        "auth.forgot_password",
        "POST",
        lambda w, me: (u("auth.forgot_password"), {"email": w.other.email}),
        expect(302, 302, 302, 302, 302, 302),
    ),
    Row(
        "auth.reset_password",
        "GET",
        lambda w, me: (u("auth.reset_password", token=w.reset_token), None),
        expect(200, 200, 200, 200, 200, 200),
    ),
    Row(
        "auth.reset_password",
        "POST",
        lambda w, me: (
            u("auth.reset_password", token=w.reset_token),
            {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
        ),
        expect(302, 302, 302, 302, 302, 302),
        written=lambda w, me: _has_password(w.other, NEW_PASSWORD),
    ),
    # account: the signed-in person's own data
    Row("account.profile", "GET", page("account.profile"), expect(LOGIN, 200, 200, 200, 200, 200)),
    Row(
        "account.profile",
        "POST",
        lambda w, me: (
            u("account.profile"),
            {"full_name": "Renamed Person", "preferred_language": "en"},
        ),
        expect(LOGIN, 302, 302, 302, 302, 302),
        written=lambda w, me: me is not None and me.full_name == "Renamed Person",
    ),
    Row(
        "account.change_password",
        "GET",
        page("account.change_password"),
        expect(LOGIN, 200, 200, 200, 200, 200),
    ),
    Row(
        "account.change_password",
        "POST",
        lambda w, me: (
            u("account.change_password"),
            {
                "current_password": PASSWORD,
                "password": NEW_PASSWORD,
                "password_confirm": NEW_PASSWORD,
            },
        ),
        # Success signs everyone out and sends them to sign in again.
        expect(LOGIN, 302, 302, 302, 302, 302),
        written=lambda w, me: _has_password(me, NEW_PASSWORD),
    ),
    Row(
        "account.export_data",
        "GET",
        page("account.export_data"),
        expect(LOGIN, 200, 200, 200, 200, 200),
    ),
    Row(
        "account.delete_account",
        "GET",
        page("account.delete_account"),
        expect(LOGIN, 200, 200, 200, 200, 200),
    ),
    Row(
        "account.delete_account",
        "POST",
        lambda w, me: (u("account.delete_account"), {"password": PASSWORD}),
        # The only administrator is refused: someone must be left to administer.
        expect(LOGIN, 302, 302, 302, 302, 422),
        written=lambda w, me: me is not None and me.deleted_at is not None,
    ),
    Row(
        "account.judiciary",
        "GET",
        page("account.judiciary"),
        expect(LOGIN, 200, 200, 200, 200, 200),
    ),
    Row(
        "account.judiciary",
        "POST",
        lambda w, me: (u("account.judiciary"), {"judiciary_id": str(w.z.id)}),
        expect(LOGIN, 302, 302, 302, 302, 302),
        written=lambda w, me: _status_of_own_request(me) == MembershipStatus.PENDING,
        invariant=_other_still_pending,
    ),
    Row(
        "account.withdraw_request",
        "POST",
        _withdraw,
        expect(LOGIN, 302, 302, 302, 302, 302),
        written=lambda w, me: _status_of_own_request(me) == MembershipStatus.WITHDRAWN,
        invariant=_other_still_pending,  # only one's own request can be withdrawn
    ),
    # An invitation to Y for the judge's address: only the judge may open or accept it.
    Row(
        "account.accept_invitation",
        "GET",
        _accept_get,
        expect(LOGIN, 200, 403, 403, 403, 403),
    ),
    Row(
        "account.accept_invitation",
        "POST",
        _accept_post,
        expect(LOGIN, 302, 403, 403, 403, 403),
        written=lambda w, me: (
            w.invitation.accepted_at is not None and w.judge.judiciary_id == w.y.id
        ),
        untouched=lambda w, me: w.invitation.accepted_at is None and w.judge.judiciary_id == w.x.id,
    ),
    # coordinator: only within one's own judiciary (admins decide anywhere)
    Row(
        "coordinator.members",
        "GET",
        page("coordinator.members"),
        expect(LOGIN, 403, 403, 200, 200, 403),
    ),
    Row(
        "coordinator.decide",
        "POST",
        lambda w, me: (
            u("coordinator.decide", request_id=w.membership.id),
            {"decision": "approve"},
        ),
        # The request is to X: Y's coordinator is told there is no such request;
        # admins decide in the admin area.
        expect(LOGIN, 403, 403, 302, 404, 403),
        written=lambda w, me: (
            w.membership.status == MembershipStatus.APPROVED and w.other.judiciary_id == w.x.id
        ),
        untouched=lambda w, me: _other_still_pending(w),
    ),
    Row(
        "coordinator.invite",
        "POST",
        lambda w, me: (u("coordinator.invite"), {"email": INVITEE}),
        expect(LOGIN, 403, 403, 302, 302, 403),
        written=lambda w, me: _invited(INVITEE),
    ),
    # admin: administrators only; the target is another user
    Row("admin.users", "GET", page("admin.users"), expect(LOGIN, 403, 403, 403, 403, 200)),
    Row(
        "admin.user",
        "GET",
        lambda w, me: (u("admin.user", user_id=w.other.id), None),
        expect(LOGIN, 403, 403, 403, 403, 200),
    ),
    Row(
        "admin.user_roles",
        "POST",
        lambda w, me: (u("admin.user_roles", user_id=w.other.id), {"roles": ["trainer"]}),
        expect(LOGIN, 403, 403, 403, 403, 302),
        written=lambda w, me: w.other.roles == {Role.TRAINER},
        untouched=lambda w, me: not w.other.roles,
    ),
    Row(
        "admin.user_judiciary",
        "POST",
        lambda w, me: (
            u("admin.user_judiciary", user_id=w.other.id),
            {"judiciary_id": str(w.y.id)},
        ),
        expect(LOGIN, 403, 403, 403, 403, 302),
        written=lambda w, me: w.other.judiciary_id == w.y.id,
    ),
    Row(
        "admin.user_active",
        "POST",
        lambda w, me: (u("admin.user_active", user_id=w.other.id), {"active": "0"}),
        expect(LOGIN, 403, 403, 403, 403, 302),
        written=lambda w, me: not w.other.is_active,
    ),
    Row("admin.requests", "GET", page("admin.requests"), expect(LOGIN, 403, 403, 403, 403, 200)),
    Row(
        "admin.decide_request",
        "POST",
        lambda w, me: (
            u("admin.decide_request", request_id=w.membership.id),
            {"decision": "approve"},
        ),
        expect(LOGIN, 403, 403, 403, 403, 302),
        written=lambda w, me: (
            w.membership.status == MembershipStatus.APPROVED and w.other.judiciary_id == w.x.id
        ),
        untouched=lambda w, me: _other_still_pending(w),
    ),
    Row(
        "admin.judiciaries",
        "GET",
        page("admin.judiciaries"),
        expect(LOGIN, 403, 403, 403, 403, 200),
    ),
    Row(
        "admin.judiciaries",
        "POST",
        lambda w, me: (u("admin.judiciaries"), {"name": NEW_JUDICIARY, "country": "FR"}),
        expect(LOGIN, 403, 403, 403, 403, 302),
        written=lambda w, me: (
            db.session.scalar(select(Judiciary.id).where(Judiciary.name == NEW_JUDICIARY))
            is not None
        ),
    ),
    Row("admin.audit", "GET", page("admin.audit"), expect(LOGIN, 403, 403, 403, 403, 200)),
    # learning: every signed-in user learns; a learner reaches only their own records
    Row("learning.dashboard", "GET", page("learning.dashboard"), LEARNERS_200),
    Row("learning.enrol", "POST", lambda w, me: (u("learning.enrol"), {}), LEARNERS_302),
    Row(
        "learning.module",
        "GET",
        page("learning.module", module_id="independence"),
        LEARNERS_200,
    ),
    Row("learning.lesson", "GET", page("learning.lesson", lesson_id=LESSON), LEARNERS_200),
    Row(
        "learning.answer",
        "POST",
        lambda w, me: (
            u("learning.answer", lesson_id=LESSON, block_id=SCENARIO),
            {"answer": "b", "key": "k-answer"},
        ),
        LEARNERS_302,
        written=lambda w, me: _has_response(me),
    ),
    Row(
        "learning.reflect",
        "POST",
        lambda w, me: (
            u("learning.reflect", lesson_id=REFLECTION_LESSON, block_id=REFLECTION),
            {"text": "My own thoughts.", "key": "k-reflect"},
        ),
        LEARNERS_302,
        written=lambda w, me: _note_of(me) is not None,
        untouched=lambda w, me: _note_of(w.other).text == OTHER_NOTE,
    ),
    Row(
        "learning.finish_lesson",
        "POST",
        lambda w, me: (u("learning.finish_lesson", lesson_id=LESSON), {"key": "k-end"}),
        LEARNERS_302,
    ),
    Row(
        "learning.viewed",
        "POST",
        lambda w, me: (u("learning.viewed", lesson_id=LESSON), {"key": "k-view"}),
        expect(LOGIN, 204, 204, 204, 204, 204),
    ),
    Row("learning.reflections", "GET", page("learning.reflections"), LEARNERS_200),
    Row("learning.export_reflections", "GET", page("learning.export_reflections"), LEARNERS_200),
    Row(
        "learning.delete_reflection",
        "POST",
        # Another learner's note: nobody else can delete it, not even an admin.
        lambda w, me: (u("learning.delete_reflection", note_id=_note_of(w.other).id), {}),
        expect(LOGIN, 404, 404, 404, 404, 404),
        untouched=lambda w, me: _note_of(w.other) is not None,
    ),
    # self-tests: a learner starts and submits their own; another's attempt does not exist
    Row(
        "quizzes.self_test",
        "GET",
        page("quizzes.self_test", module_id="independence"),
        LEARNERS_200,
    ),
    Row(
        "quizzes.start_self_test",
        "POST",
        lambda w, me: (u("quizzes.start_self_test", module_id="independence"), {}),
        expect(LOGIN, 303, 303, 303, 303, 303),
        written=lambda w, me: _open_attempt_of(me) is not None,
    ),
    Row(
        "quizzes.submit_self_test",
        "POST",
        lambda w, me: (
            u("quizzes.submit_self_test", attempt_id=w.other_open_attempt.id),
            _answer_form("independence"),
        ),
        expect(LOGIN, 404, 404, 404, 404, 404),
        invariant=lambda w: _open_attempt_of(w.other) is not None,
    ),
    Row(
        "quizzes.self_test_result",
        "GET",
        lambda w, me: (
            u("quizzes.self_test_result", attempt_id=w.other_done_attempt.id),
            None,
        ),
        expect(LOGIN, 404, 404, 404, 404, 404),
    ),
    # final assessment: open to those who completed every module (nobody here but the
    # other judge); another learner's attempt does not exist; grants by admin or coordinator
    Row("assessment.overview", "GET", page("assessment.overview"), LEARNERS_200),
    Row(
        "assessment.start",
        "POST",
        lambda w, me: (u("assessment.start"), {}),
        expect(LOGIN, 403, 403, 403, 403, 403),
        written=lambda w, me: _final_attempts_of(me) > 0,
    ),
    Row(
        "assessment.attempt",
        "GET",
        lambda w, me: (u("assessment.attempt", attempt_id=w.other_final_attempt.id), None),
        expect(LOGIN, 404, 404, 404, 404, 404),
    ),
    Row(
        "assessment.save",
        "POST",
        lambda w, me: (u("assessment.save", attempt_id=w.other_final_attempt.id), {}),
        expect(LOGIN, 404, 404, 404, 404, 404),
        invariant=lambda w: _final_is_open(w.other_final_attempt),
    ),
    Row(
        "assessment.submit",
        "POST",
        lambda w, me: (
            u("assessment.submit", attempt_id=w.other_final_attempt.id),
            {"key": "k-final"},
        ),
        expect(LOGIN, 404, 404, 404, 404, 404),
        invariant=lambda w: _final_is_open(w.other_final_attempt),
    ),
    Row(
        "assessment.grant",
        "POST",
        lambda w, me: (u("assessment.grant", user_id=_all_attempts_used(w.judge)), {}),
        expect(LOGIN, 403, 403, 303, 404, 303),
        written=lambda w, me: _grants_to(w.judge) > 0,
    ),
    # certificates: one's own download; anyone verifies (name, course, status only); admins
    # revoke and re-issue
    Row(
        "certificates.download",
        "GET",
        page("certificates.download"),
        expect(LOGIN, 404, 404, 404, 404, 404),  # nobody here has earned one
    ),
    Row("certificates.lookup", "GET", page("certificates.lookup"), ALL_200),
    Row(
        "certificates.verify",
        "GET",
        lambda w, me: (u("certificates.verify", code=_certificate_of(w.other).code), None),
        ALL_200,
    ),
    Row(
        "certificates.revoke",
        "POST",
        lambda w, me: (
            u("certificates.revoke", certificate_id=_certificate_of(w.other).id),
            {"reason": "Issued in error."},
        ),
        expect(LOGIN, 403, 403, 403, 403, 303),
        written=lambda w, me: _certificate_of(w.other).status == "revoked",
    ),
    Row(
        "certificates.reissue",
        "POST",
        lambda w, me: (
            u("certificates.reissue", certificate_id=_certificate_of(w.other).id),
            {"name": "A Corrected Name"},
        ),
        expect(LOGIN, 403, 403, 403, 403, 303),
        written=lambda w, me: _certificate_of(w.other).status == "replaced",
    ),
    Row("reference.principles_page", "GET", page("reference.principles_page"), ALL_200),
    # A cached PDF is served to any signed-in learner (the render itself has its own tests).
    Row("publishing.self_directed", "GET", lambda w, me: _cached_pdf(), LEARNERS_200),
    Row("reference.glossary", "GET", page("reference.glossary"), ALL_200),
]


def _row_id(row: Row) -> str:
    methods = [r.method for r in TABLE if r.endpoint == row.endpoint]
    return row.endpoint if len(methods) == 1 else f"{row.endpoint}:{row.method}"


def _succeeds(expected: int | str) -> bool:
    return isinstance(expected, int) and expected < 400


@pytest.fixture
def world(db_session, make_user, make_judiciary) -> World:
    x, y, z = make_judiciary(), make_judiciary(), make_judiciary()
    actors = {
        "anonymous": None,
        "judge": make_user(judiciary=x),
        "trainer": make_user(Role.TRAINER, judiciary=x),
        "coord_x": make_user(Role.COORDINATOR, judiciary=x),
        "coord_y": make_user(Role.COORDINATOR, judiciary=y),
        "admin": make_user(Role.ADMIN),
    }
    other = make_user()
    membership = ops.request_membership(db_session, other, x.id)
    course = get_course()
    for user in [*(a for a in actors.values() if a is not None), other]:
        learning_ops.enrol(db_session, user.id, course)
    lesson = course.lesson(REFLECTION_LESSON)
    block = learning_queries.find_block(lesson, REFLECTION, ("reflection",))
    learning_ops.save_reflection(db_session, other.id, course, lesson, block, OTHER_NOTE, "k-other")
    impartiality = course.module("impartiality")
    done = quiz_ops.start_self_test(db_session, other.id, course, impartiality)
    letters = as_letters(impartiality.quiz, done.seed, _right_answers("impartiality"))
    quiz_ops.submit_self_test(db_session, other.id, course, done.id, letters, "k-other-quiz")
    still_open = quiz_ops.start_self_test(
        db_session, other.id, course, course.module("independence")
    )
    db_session.execute(
        update(Enrolment).where(Enrolment.user_id == other.id).values(completed_at=utcnow())
    )
    final_attempt = final_ops.start_final(db_session, other.id, course, utcnow())
    db_session.commit()
    return World(
        x=x,
        y=y,
        z=z,
        actors=actors,
        other=other,
        membership=membership,
        verify_token=tokens.make_verify_token(other),
        reset_token=tokens.make_reset_token(other),
        other_open_attempt=still_open,
        other_done_attempt=done,
        other_final_attempt=final_attempt,
    )


@pytest.mark.parametrize(
    ("row", "role"),
    [(row, role) for row in TABLE for role in ROLES],
    ids=[f"{_row_id(row)}-{role}" for row in TABLE for role in ROLES],
)
def test_endpoint_answers_role(app, client, world: World, row: Row, role: str):
    me = world.actors[role]
    url, data = row.build(world, me)
    assert app.url_map.bind("localhost").match(urlsplit(url).path, method=row.method)[0] == (
        row.endpoint
    ), f"the row for {row.endpoint} builds {url}, which is another endpoint"
    if me is not None:
        login(client, me)

    response = client.get(url) if row.method == "GET" else post(client, app, url, data)

    expected = row.expected[role]
    location = response.headers.get("Location", "")
    if expected == LOGIN:
        ok = response.status_code == 302 and urlsplit(location).path == u("auth.login")
    else:
        ok = response.status_code == expected
    body = response.get_data(as_text=True)[:300]
    response.close()  # a file download holds its file open until closed
    assert ok, (
        f"{row.method} {row.endpoint} as {role}: expected {expected}, "
        f"got {response.status_code} {location}\n{body}"
    )

    db.session.expire_all()  # read what the request left in the database
    if row.written is not None and _succeeds(expected):
        assert row.written(world, me), (
            f"{row.method} {row.endpoint} as {role}: answered {response.status_code} "
            "but did not make its change"
        )
    elif row.written is not None:
        untouched = row.untouched or (lambda w, me: not row.written(w, me))
        assert untouched(world, me), (
            f"{row.method} {row.endpoint} as {role}: refused with {response.status_code} "
            "but wrote anyway"
        )
    if row.invariant is not None:
        assert row.invariant(world), (
            f"{row.method} {row.endpoint} as {role} changed another user's data"
        )


def test_every_endpoint_and_method_has_a_row(app):
    covered = {(row.endpoint, row.method) for row in TABLE}
    missing = sorted(
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - IGNORED_METHODS
        if (rule.endpoint, method) not in covered
    )
    assert not missing, "endpoints missing from the authorization table: " + ", ".join(
        f"{endpoint} {method}" for endpoint, method in missing
    )


def test_every_row_is_a_real_endpoint_once(app):
    routed = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - IGNORED_METHODS
    }
    keys = [(row.endpoint, row.method) for row in TABLE]
    stale = sorted(set(keys) - routed)
    duplicated = sorted({key for key in keys if keys.count(key) > 1})
    assert not stale, f"rows for endpoints the app does not have: {stale}"
    assert not duplicated, f"rows listed twice: {duplicated}"
