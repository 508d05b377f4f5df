"""The user form of the administration pages: the account's fields, its role rows (a role picker and a
region picker each) and its creation unit, chosen by name."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from webapp.errors import Invalid
from webapp.i18n import _

RoleRow = tuple[str, str]
"""(role, region code) as a row of the page shows it, perhaps half filled in."""
MAX_ROWS = 50


class UserForm(FlaskForm):
    username = StringField(_("Username"), validators=[DataRequired(), Length(max=60)])
    display_name = StringField(_("Name shown to others"), validators=[Length(max=100)])
    password = PasswordField(_("Password"), validators=[Optional(), Length(max=200)])
    # the unit's id is only the value of its option: people choose it by name
    creation_unit_id = SelectField(_("Creation unit (for its own staff only)"), choices=[], validate_choice=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.role_errors: list[str] = []

    def unit_id(self) -> int | None:
        value = (self.creation_unit_id.data or "").strip()
        if value and not value.isdecimal():
            raise Invalid(_("Choose a creation unit from the list."),
                          field_errors={"creation_unit_id": [_("Choose a creation unit from the list.")]})
        return int(value) if value else None

    def show(self, error: Invalid) -> None:
        """The refusal's messages beside the fields they are about (the role rows for any other)."""
        for name, messages in error.field_errors.items():
            field = self._fields.get(name)
            if field is not None:
                field.errors = [*field.errors, *(str(message) for message in messages)]
            else:
                self.role_errors += [str(message) for message in messages]

    @property
    def has_errors(self) -> bool:
        return bool(self.errors or self.role_errors)


def posted_rows(form: MultiDict[str, str]) -> list[RoleRow]:
    """The role rows as posted: the n-th role picker with the n-th region picker."""
    roles, codes = form.getlist("role")[:MAX_ROWS], form.getlist("region")[:MAX_ROWS]
    return [(role.strip(), code.strip()) for role, code in zip(roles, codes, strict=False)]


def prefilled_rows(args: Mapping[str, str]) -> list[RoleRow]:
    """Rows a link asks for, e.g. the stranded tasks' page: `?roles=official@610323101` (comma-separated)."""
    pairs = (item.strip().partition("@") for item in args.get("roles", "")[:200].split(","))
    return [(role, code) for role, _sep, code in pairs if role and code]


def roles_of(rows: list[RoleRow]) -> list[tuple[str, str]]:
    """The roles the rows give; a row with only its role or only its region is refused, blank rows are left out."""
    half = [row for row in rows if bool(row[0]) != bool(row[1])]
    if half:
        raise Invalid(_("Choose both the role and its region in each row."),
                      field_errors={"roles": [_("Choose both the role and its region in each row.")]})
    return [row for row in rows if row[0]]
