"""Request plumbing shared by every feature: one commit per request, form responses."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, abort, current_app, g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from werkzeug.routing import IntegerConverter
from wtforms import SelectField, SelectMultipleField
from wtforms.validators import ValidationError

from app.database import begin_read_only, end_read_only
from app.extensions import db

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


# The largest value of an Integer primary key (PostgreSQL `integer`).
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:...>` in a URL: too large for an id column is a 404, not a database error."""

    def __init__(self, map: object, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter  # before the blueprints add their rules
    app.add_template_global(field_attrs)
    app.before_request(_refuse_nul_characters)
    app.before_request(_begin_request)
    app.after_request(_commit_request)
    app.teardown_request(_end_request)


def _refuse_nul_characters() -> None:
    """A NUL character in the input is a 400: PostgreSQL can neither store nor compare it."""
    for data in (request.args, request.form):
        for key, values in data.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                abort(400)
    for value in (request.view_args or {}).values():
        if isinstance(value, str) and "\x00" in value:
            abort(400)


def _begin_request() -> None:
    if request.method in SAFE_METHODS or _is_short_write():
        g.read_only_token = begin_read_only()


def short_write(view: Callable) -> Callable:
    """A POST view that takes SQLite's write lock only for its writes: the request reads
    in a deferred transaction and the view wraps its operation in
    `db.write_transaction()`, so loading the user, parsing the form and rendering the
    response never hold the lock (the busiest writes: a judge's answers as they go)."""
    view.is_short_write = True  # type: ignore[attr-defined]
    return view


def _is_short_write() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "is_short_write", False))


def _end_request(_exc: BaseException | None) -> None:
    token = g.pop("read_only_token", None)
    if token is not None:
        end_read_only(token)


def _commit_request(response: Response) -> Response:
    """Commit a state-changing request that succeeded (or asked to keep its changes)."""
    if request.method in SAFE_METHODS:
        return response
    if response.status_code < 400 or g.get("keep_changes"):
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            return conflict_response()
    else:
        db.session.rollback()
    return response


def conflict_response() -> Response:
    """Two requests changed the same thing at once and the database refused this one."""
    title = _l("Changed at the same time")
    message = _l("Someone else changed this at the same moment. Reload the page and try again.")
    page = render_template("errors/error.html", title=title, message=message)
    return Response(page, status=409, mimetype="text/html")


def is_fetch() -> bool:
    """Sent by our page script, which wants a fragment of HTML rather than a whole page."""
    return request.headers.get("X-Requested-With") == "fetch"


def keep_changes() -> None:
    """Commit this request's changes even though its response is an error (4xx)."""
    g.keep_changes = True


class StrictForm(FlaskForm):
    """A form that refuses fields it does not declare (e.g. a posted `roles`)."""

    def validate(self, extra_validators: dict | None = None) -> bool:
        valid = super().validate(extra_validators)
        extra = sorted(set(request.form) - set(self._fields))
        if extra:
            self.form_errors.append(
                _l("This form does not accept these fields: %(fields)s", fields=", ".join(extra))
            )
            return False
        return valid


CHOICE_MESSAGE = _l("Choose one of the options in the list.")


class _OwnChoiceMessage:
    """A value that is not among the choices is refused with our message, from our catalog.

    WTForms' own ("Not a valid choice.", "Invalid Choice: could not coerce.") come from
    WTForms' catalog, which our translators never see and which has no entry for some
    locales (they then show in English), and they do not say what to do.
    """

    def process_formdata(self, valuelist: list) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(CHOICE_MESSAGE) from error

    def pre_validate(self, form: FlaskForm) -> None:
        try:
            super().pre_validate(form)
        except ValidationError as error:
            raise ValidationError(CHOICE_MESSAGE) from error


class ChoiceField(_OwnChoiceMessage, SelectField):
    """A select list (one choice)."""


class MultipleChoiceField(_OwnChoiceMessage, SelectMultipleField):
    """A list of choices, any number of them."""


def form_page(template: str, form: FlaskForm, status: int | None = None, **context: object):
    """Render a form page: 422 when a submitted form has errors, else 200."""
    if status is None:
        status = 422 if form.is_submitted() and form.errors else 200
    return render_template(template, form=form, **context), status


def add_form_error(form: FlaskForm, message: object) -> None:
    form.form_errors.append(message)


def field_attrs(field: object, autocomplete: str | None = None, hint: object = None) -> dict:
    """HTML attributes tying a field to its hint and error for screen readers."""
    attrs: dict[str, str] = {}
    described = []
    if hint:
        described.append(f"{field.id}-hint")
    if field.errors:
        described.append(f"{field.id}-error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    return attrs


def json_download(data: object, filename: str) -> Response:
    """Personal data as a JSON attachment that no cache keeps."""
    import json

    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
