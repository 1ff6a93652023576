"""Admin forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from app.accounts.forms import one_line
from app.accounts.models import Role
from app.web import ChoiceField, MultipleChoiceField, StrictForm


def role_choices() -> list[tuple[str, str]]:
    labels = {
        Role.TRAINER: _l("Trainer"),
        Role.COORDINATOR: _l("Coordinator"),
        Role.ADMIN: _l("Administrator"),
    }
    return [(role.value, labels[role]) for role in Role]


class RolesForm(StrictForm):
    roles = MultipleChoiceField(
        _l("Roles"),
        choices=role_choices,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )


class MoveForm(StrictForm):
    judiciary_id = ChoiceField(_l("Judiciary"), coerce=int, choices=[])


class JudiciaryForm(StrictForm):
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(message=_l("This field is required.")),
            Length(max=160, message=_l("Use at most %(max)d characters.", max=160)),
            one_line(),
        ],
    )
    country = StringField(
        _l("Country code (ISO 3166, two letters)"),
        validators=[
            DataRequired(message=_l("This field is required.")),
            Regexp(
                r"^[A-Za-z]{2}\Z", message=_l("Use the two-letter country code, like KE or FR.")
            ),
        ],
    )
