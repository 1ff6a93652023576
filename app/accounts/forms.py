"""Account forms; every label and message goes through Flask-Babel."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from app.i18n import language_choices
from app.web import ChoiceField, StrictForm

PASSWORD_MIN = 10
PASSWORD_MAX = 128


def _password_field(label: object) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(message=_l("Enter a password.")),
            Length(
                min=PASSWORD_MIN,
                max=PASSWORD_MAX,
                message=_l(
                    "Use between %(min)d and %(max)d characters.",
                    min=PASSWORD_MIN,
                    max=PASSWORD_MAX,
                ),
            ),
        ],
    )


def _at_most(length: int) -> Length:
    """A maximum length, refused with our message (WTForms' own is not in our catalog)."""
    return Length(max=length, message=_l("Use at most %(max)d characters.", max=length))


def _confirm_field(target: str) -> PasswordField:
    return PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(message=_l("Repeat the password.")),
            EqualTo(target, message=_l("The two passwords do not match.")),
        ],
    )


def _email_field() -> EmailField:
    return EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(message=_l("Enter your e-mail address.")),
            Length(max=254, message=_l("An e-mail address has at most 254 characters.")),
            Email(
                message=_l("Enter a valid e-mail address, like name@court.example."),
                check_deliverability=False,
            ),
        ],
    )


def _text_field(label: object, required: bool, max_length: int = 120) -> StringField:
    validators = [
        DataRequired(message=_l("This field is required.")) if required else Optional(),
        _at_most(max_length),
        one_line(),
    ]
    return StringField(label, validators=validators, filters=[_strip])


def one_line() -> Regexp:
    """Names go into e-mail headers and certificates: no line breaks or control characters."""
    return Regexp(r"^[^\x00-\x1f\x7f]*\Z", message=_l("Remove line breaks and control characters."))


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class ProfileFields:
    """The fields a person fills in about themselves."""

    full_name = _text_field(_l("Full name, as it should appear on your certificate"), True)
    preferred_language = ChoiceField(_l("Preferred language"), choices=language_choices)
    court = _text_field(_l("Court (optional)"), False)
    region = _text_field(_l("Region or district (optional)"), False)


class RegistrationForm(StrictForm, ProfileFields):
    email = _email_field()
    password = _password_field(_l("Password (at least 10 characters)"))
    password_confirm = _confirm_field("password")

    def validate_password(self, field: PasswordField) -> None:
        if self.email.data and field.data and field.data.lower() == self.email.data.strip().lower():
            raise ValidationError(_l("Do not use your e-mail address as your password."))


class ProfileForm(StrictForm, ProfileFields):
    pass


class LoginForm(StrictForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(message=_l("Enter your e-mail address.")), _at_most(254)],
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Enter your password.")), _at_most(PASSWORD_MAX)],
    )


class ForgotPasswordForm(StrictForm):
    email = _email_field()


class ResetPasswordForm(StrictForm):
    password = _password_field(_l("New password (at least 10 characters)"))
    password_confirm = _confirm_field("password")


class ChangePasswordForm(StrictForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[
            DataRequired(message=_l("Enter your current password.")),
            _at_most(PASSWORD_MAX),
        ],
    )
    password = _password_field(_l("New password (at least 10 characters)"))
    password_confirm = _confirm_field("password")


class DeleteAccountForm(StrictForm):
    password = PasswordField(
        _l("Your password, to confirm"),
        validators=[DataRequired(message=_l("Enter your password.")), _at_most(PASSWORD_MAX)],
    )


class JoinJudiciaryForm(StrictForm):
    judiciary_id = ChoiceField(_l("Judiciary"), coerce=int, choices=[], validate_choice=True)


class InviteForm(StrictForm):
    email = _email_field()


class LanguageForm(StrictForm):
    locale = ChoiceField(_l("Language"), choices=language_choices)
    next = StringField()
