"""Certificates: issued with the pass, verifiable by anyone, revoked and re-issued by admins."""

from __future__ import annotations

import io
import json
import math

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from app.accounts import operations as account_ops
from app.accounts import tokens
from app.accounts.models import Role
from app.audit.models import AuditEntry
from app.certificates import codes
from app.certificates import operations as ops
from app.certificates.models import Certificate
from app.clock import utcnow
from tests.assessment.conftest import complete_course
from tests.certificates.conftest import pass_final
from tests.conftest import PASSWORD, login, post


def count(session, **where) -> int:
    query = select(func.count()).select_from(Certificate)
    for key, value in where.items():
        query = query.where(getattr(Certificate, key) == value)
    return session.scalar(query)


def download(client):
    """The judge's certificate download (the file it streams is closed after reading)."""
    response = client.get("/learn/certificate.pdf")
    response.get_data()
    response.close()
    return response


def page(client, certificate) -> tuple[int, str]:
    response = client.get(f"/certificates/{codes.grouped(certificate.code)}")
    return response.status_code, response.get_data(as_text=True)


# --- codes --------------------------------------------------------------------------


def test_codes_carry_at_least_128_bits_from_an_unambiguous_alphabet():
    assert codes.LENGTH * math.log2(len(set(codes.ALPHABET))) >= 128
    assert len(set(codes.ALPHABET)) == len(codes.ALPHABET)
    assert not set("0O1IL") & set(codes.ALPHABET)
    code = codes.new_code()
    assert len(code) == codes.LENGTH and set(code) <= set(codes.ALPHABET)
    assert codes.new_code() != code
    shown = codes.grouped(code)
    assert shown.count("-") == codes.LENGTH // codes.GROUP - 1
    assert codes.normalized(shown.lower().replace("-", " ")) == code
    for bad in ("", "ABCD", code[:-1] + "0", code + "A", "<script>"):
        assert codes.normalized(bad) is None


def test_a_code_already_taken_hits_the_unique_index_and_the_next_is_drawn(
    app, db_session, make_user, course, monkeypatch
):
    first, second = make_user(), make_user()
    for user in (first, second):
        complete_course(db_session, user, course)
    taken = _issue(db_session, first, course)
    drawn = iter([taken.code])
    real = codes.new_code
    monkeypatch.setattr(codes, "new_code", lambda: next(drawn, None) or real())
    issued = _issue(db_session, second, course)
    assert issued.code != taken.code and count(db_session) == 2


def _issue(session, user, course):
    """Pass the final for this judge through the operations (grading issues it)."""
    from app.assessment import operations as final_ops
    from tests.assessment.conftest import keyed_letters

    attempt = final_ops.start_final(session, user.id, course, utcnow())
    letters = {k[2:]: v for k, v in keyed_letters(attempt).items()}
    final_ops.submit_final(session, user.id, course, attempt.id, letters, f"k{user.id}", utcnow())
    session.commit()
    return session.scalar(select(Certificate).where(Certificate.user_id == user.id))


# --- issuing --------------------------------------------------------------------------


def test_passing_the_final_issues_the_certificate_with_the_grade(certified, ready_judge):
    assert certified is not None and certified.is_valid
    assert certified.holder_name == ready_judge.full_name and certified.score == 1.0


def test_an_unconfirmed_address_gets_none_until_it_is_confirmed(
    app, db_session, make_user, course, start_attempt
):
    user = make_user(verified=False)
    complete_course(db_session, user, course)
    client = app.test_client()
    login(client, user)
    pass_final(app, client, start_attempt)
    assert count(db_session, user_id=user.id) == 0
    assert "Confirm your e-mail address to receive" in client.get("/learn/").get_data(as_text=True)
    account_ops.verify_email(db_session, tokens.make_verify_token(user))
    db_session.commit()
    assert count(db_session, user_id=user.id, status="valid") == 1


def test_a_password_reset_also_confirms_the_address_and_issues_it(
    app, db_session, make_user, course, start_attempt
):
    user = make_user(verified=False)
    complete_course(db_session, user, course)
    client = app.test_client()
    login(client, user)
    pass_final(app, client, start_attempt)
    account_ops.reset_password(db_session, tokens.make_reset_token(user), "another long passphrase")
    db_session.commit()
    assert count(db_session, user_id=user.id, status="valid") == 1


# --- the PDF -------------------------------------------------------------------------


def test_the_pdf_says_who_what_when_and_the_code_and_is_tagged(
    certified, judge_client, ready_judge, course
):
    response = download(judge_client)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert ready_judge.full_name in text and course.title in text
    assert codes.grouped(certified.code) in text
    assert certified.issued_at.strftime("%B") in text and str(certified.issued_at.year) in text
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "en"
    assert reader.metadata["/Title"].startswith("Certificate of completion")
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height, "A4 landscape"


def test_two_renders_are_identical_and_a_second_download_comes_from_the_cache(
    certified, judge_client, app
):
    from app.publishing.service import cache_dir, limits
    from app.publishing.worker import worker_for

    first = download(judge_client).data
    worker = worker_for(limits())
    renders = worker.renders, worker.started
    again = download(judge_client).data
    assert again == first and (worker.renders, worker.started) == renders, "served from the cache"
    for path in (cache_dir() / "certificates").glob("*.pdf"):
        path.unlink()
    assert download(judge_client).data == first, "same input, same bytes"


def test_no_certificate_no_download(judge_client):
    assert download(judge_client).status_code == 404


# --- public verification ------------------------------------------------------------


def test_anyone_sees_a_valid_certificate_and_nothing_more(app, certified, ready_judge, course):
    status, html = page(app.test_client(), certified)
    assert status == 200 and "Valid." in html
    assert ready_judge.full_name in html and course.title in html and certified.edition in html
    assert "Score: 100%." in html
    main = html.split("<main")[1]
    assert ready_judge.email not in main and "@" not in main
    assert "Judiciary" not in main, "course.yml leaves the judiciary off"


def test_the_form_finds_a_typed_code_and_a_wrong_code_is_a_404(app, certified):
    client = app.test_client()
    typed = codes.grouped(certified.code).lower().replace("-", " ")
    response = client.get("/certificates/", query_string={"code": typed})
    assert response.status_code == 302
    assert client.get(response.headers["Location"]).status_code == 200
    for wrong in ("ABCD-EFGH", "not-a-code", codes.new_code()):
        missing = client.get(f"/certificates/{wrong}")
        assert missing.status_code == 404 and "There is no certificate" in missing.get_data(
            as_text=True
        )


def test_look_ups_are_limited_per_address(app, certified, db_session):
    client = app.test_client()
    app.config["CERTIFICATE_LOOKUPS"] = 3
    try:
        statuses = [page(client, certified)[0] for _ in range(5)]
    finally:
        app.config["CERTIFICATE_LOOKUPS"] = 30
    assert statuses == [200, 200, 200, 429, 429]


def test_an_admin_revokes_with_a_reason_and_re_issues_in_a_corrected_name(
    app, certified, db_session, make_user, ready_judge
):
    admin = make_user(Role.ADMIN)
    client = app.test_client()
    login(client, admin)
    refused = post(client, app, f"/admin/certificates/{certified.id}/revoke", {"reason": "  "})
    assert refused.status_code == 422 and count(db_session, status="valid") == 1
    new_name = "Judge Corrected Name"
    reissued = post(client, app, f"/admin/certificates/{certified.id}/reissue", {"name": new_name})
    assert reissued.status_code == 303
    db_session.expire_all()
    old = db_session.get(Certificate, certified.id)
    new = db_session.get(Certificate, old.replaced_by_id)
    assert (old.status, new.status, new.holder_name) == ("replaced", "valid", new_name)
    _status, html = page(app.test_client(), old)
    assert "Replaced." in html and codes.grouped(new.code) in html
    revoked = post(
        client, app, f"/admin/certificates/{new.id}/revoke", {"reason": "Issued in error."}
    )
    assert revoked.status_code == 303
    _status, html = page(app.test_client(), new)
    assert "Revoked." in html and "Issued in error." in html
    actions = set(db_session.scalars(select(AuditEntry.action)))
    assert {"certificate.reissued", "certificate.revoked"} <= actions
    judge = app.test_client()
    login(judge, ready_judge)
    assert "revoked: Issued in error." in judge.get("/learn/").get_data(as_text=True)


def test_a_judge_cannot_revoke(app, judge_client, certified, db_session):
    response = post(
        judge_client, app, f"/admin/certificates/{certified.id}/revoke", {"reason": "x"}
    )
    assert response.status_code == 403 and count(db_session, status="valid") == 1


def test_deleting_the_account_withdraws_the_certificate_and_its_name(
    app, judge_client, certified, db_session, ready_judge
):
    name = ready_judge.full_name
    response = post(judge_client, app, "/account/delete", {"password": PASSWORD})
    assert response.status_code == 302
    db_session.expire_all()
    withdrawn = db_session.get(Certificate, certified.id)
    assert (withdrawn.status, withdrawn.revoke_reason) == ("revoked", ops.WITHDRAWN)
    _status, html = page(app.test_client(), withdrawn)
    assert "Revoked." in html and ops.WITHDRAWN in html
    assert name not in html and "name withdrawn by the holder" in html


def test_the_data_export_holds_the_certificate(judge_client, certified):
    exported = json.loads(judge_client.get("/account/export.json").data)
    (mine,) = exported["certificates"]
    assert mine["code"] == codes.grouped(certified.code) and mine["status"] == "valid"


def test_the_judiciary_shows_only_where_course_yml_says_so(
    app, certified, db_session, ready_judge, make_judiciary, course
):
    from dataclasses import replace

    judiciary = make_judiciary("Judiciary of Somewhere")
    ready_judge.judiciary_id = judiciary.id
    db_session.commit()
    assert "Judiciary of Somewhere" not in page(app.test_client(), certified)[1]
    shown = replace(course, certificate=replace(course.certificate, shows_judiciary=True))
    app.extensions["course"] = shown
    try:
        assert "Judiciary of Somewhere" in page(app.test_client(), certified)[1]
    finally:
        app.extensions["course"] = course


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_language_without_translated_strings_gives_an_english_certificate(
    certified, ready_judge, db_session, app, language
):
    from app.certificates.render import language_of

    ready_judge.preferred_language = language
    db_session.commit()
    with app.test_request_context():
        assert language_of(ready_judge) == "en", "the catalogs hold no certificate strings yet"
