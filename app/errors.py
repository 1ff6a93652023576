"""Error pages: every refusal says what happened and what to do, with the right status."""

from __future__ import annotations

from flask import Flask, Response, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException, SecurityError

from app.accounts.auth_views import render_token_error
from app.accounts.tokens import TokenInvalid
from app.domain import DomainError
from app.extensions import db
from app.web import conflict_response


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(DomainError, _domain_error)
    app.register_error_handler(TokenInvalid, render_token_error)
    app.register_error_handler(SecurityError, _untrusted_host)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(IntegrityError, _conflict)


def _page(title: str, message: object, status: int):
    return render_template("errors/error.html", title=title, message=message), status


def _csrf_error(_error: CSRFError):
    message = _(
        "This form has expired or did not come from this site. "
        "Go back, reload the page and try again."
    )
    return _page(_("Form expired"), message, 400)


def _untrusted_host(_error: SecurityError):
    """A Host not in TRUSTED_HOSTS: no URL can be built, so no page with links."""
    message = _("The request could not be understood. Go back and try again.")
    return Response(message, 400, mimetype="text/plain")


def _domain_error(error: DomainError):
    return _page(_("Not possible"), error.message, error.status)


def _conflict(_error: IntegrityError):
    """A flush inside the view hit a unique constraint another request just took."""
    db.session.rollback()
    return conflict_response()


def _http_error(error: HTTPException):
    titles = {
        400: _("Bad request"),
        403: _("Not allowed"),
        404: _("Page not found"),
        405: _("Method not allowed"),
        413: _("Too large"),
        429: _("Too many requests"),
    }
    messages = {
        400: _("The request could not be understood. Go back and try again."),
        403: _("Your account does not give you access to this page."),
        404: _("There is no page at this address."),
        405: _("This page does not accept that kind of request."),
        413: _("What you sent is too large."),
    }
    status = error.code or 500
    if status >= 500:
        return _page(_("Something went wrong"), _("Please try again in a moment."), status)
    custom = error.description != type(error).description
    # Werkzeug's own descriptions are English and outside our catalog: never show them.
    message = error.description if custom else messages.get(status, messages[400])
    page, status = _page(titles.get(status, _("Error")), message, status)
    # Keep the exception's own headers: Allow on a 405, Content-Range on a 416.
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    return page, status, headers
