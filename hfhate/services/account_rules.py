"""What an account must hold, checked field by field without the store.

``check_user`` gives one plain message per field; the accounts service adds the checks that
need the store (a username or authorisation number already taken), and the sync server runs
it on the accounts an administrator's laptop pushes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from hfhate.models import Role, User
from hfhate.services import text_rules as text

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
# The pattern in words: the hint under the field and the message when it is broken say this.
USERNAME_RULE = (
    "2 to 64 characters: lower-case letters, digits, dots (.), hyphens (-) and "
    "underscores (_), starting with a letter or digit"
)
USERNAME_HINT = f"{USERNAME_RULE}, e.g. jsmith or j.smith."
AUTHORISATION_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/-]{1,31}$")


@dataclass(frozen=True)
class UserInput:
    """An account's details as an administrator gives them (``username`` None: not changing)."""

    full_name: str = ""
    username: str | None = None
    roles: tuple[str, ...] = ()
    authorisation_number: str = ""


def check_user(entry: UserInput) -> dict[str, str]:
    """Every problem with the account's details, by field; empty when they can stand."""
    errors: dict[str, str] = {}
    if not entry.full_name.strip():
        errors["full_name"] = "Enter the person's full name."
    elif problem := full_name_problem(entry.full_name):
        errors["full_name"] = problem
    if entry.username is not None:
        if not entry.username:
            errors["username"] = "Enter a username."
        elif not USERNAME_PATTERN.match(entry.username):
            errors["username"] = f"A username is {USERNAME_RULE}."
    roles = _known_roles(entry.roles)
    if not entry.roles:
        errors["roles"] = "Choose at least one role."
    elif roles is None:
        errors["roles"] = "Choose roles from the list."
    number = entry.authorisation_number.strip()
    if roles and Role.AUTHORISED_OFFICER in roles:
        if not number:
            errors["authorisation_number"] = "Authorised officers need their authorisation number."
        elif not AUTHORISATION_PATTERN.match(number):
            errors["authorisation_number"] = (
                "Use 2 to 32 letters, digits, hyphens or slashes, as on the officer's warrant card."
            )
    return errors


def full_name_problem(full_name: str) -> str:
    """What is wrong with a typed full name (too long, emoji, symbols...); "" if nothing.
    The user dialogs show it as it is typed."""
    return text.length_problem(
        full_name, text.column_limit(User, "full_name")
    ) or text.name_characters_problem(full_name, digits=True)


def _known_roles(roles: Iterable[str]) -> frozenset[Role] | None:
    try:
        return frozenset(Role(r) for r in roles)
    except ValueError:
        return None
