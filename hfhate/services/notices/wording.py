"""The wording printed on notices and letters: shipped in resources, changed by an administrator.

An administrator exports the wording in force to a JSON file, edits it (the council's address,
phone number, web pages, or sentences) and imports it back; ``check_wording`` refuses a file
with unknown or missing fields before anything changes. The store keeps the replacement;
each change is audited with the texts that changed. The council's details and the reminder
letters' days to pay are dated settings of the catalogue (``hfhate/services/settings``): what
is in force on the day is put into the wording in force.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from hfhate.models import Role
from hfhate.printing.template import Wording, check_wording, shipped_document
from hfhate.services.actor import Actor, require
from hfhate.services.audit import audit
from hfhate.services.device import get_setting, put_setting
from hfhate.services.errors import ValidationFailed

SETTING_KEY = "print_wording"


class WordingRefused(ValidationFailed):
    """A replacement wording that cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__({"wording": "; ".join(problems)})


def _merged(stored: dict[str, Any]) -> dict[str, Any]:
    """The stored wording over the shipped one, so texts added by a newer hfhate are there."""
    merged = copy.deepcopy(shipped_document())

    def merge(into: dict[str, Any], given: dict[str, Any]) -> None:
        for key, value in given.items():
            if key not in into:
                continue  # a text this version no longer prints
            if isinstance(into[key], dict) and isinstance(value, dict):
                merge(into[key], value)
            else:
                into[key] = value

    merge(merged, stored)
    return merged


def current_document(session: Session) -> dict[str, Any]:
    stored = get_setting(session, SETTING_KEY)
    if not isinstance(stored, dict):
        return copy.deepcopy(shipped_document())
    merged = _merged(stored)
    return merged if not check_wording(merged) else copy.deepcopy(shipped_document())


def current_wording(session: Session, on: date | None = None) -> Wording:
    """The wording in force on ``on`` (default: today): the administrator's sentences, or the
    shipped ones, with the council's details and reminder days of the settings in force then."""
    from hfhate.services.settings.stored import settings_on

    document = current_document(session)
    in_force = settings_on(session, on)
    document["settings"] = dict(document["settings"]) | in_force.council
    for reminder in (1, 2):
        letter = document["letters"][f"reminder_{reminder}"]
        letter["days_to_pay"] = in_force.reminder_days(reminder)
    return Wording(document)


def export_wording(session: Session, actor: Actor) -> dict[str, Any]:
    """The wording in force, for an administrator to edit (audited)."""
    require(actor, Role.ADMINISTRATOR, to="export the wording of notices and letters")
    document = current_document(session)
    audit(session, actor, "print_wording_exported")
    return document


def change_wording(session: Session, actor: Actor, document: Any) -> list[str]:
    """Put ``document`` in force for every print from now on; returns the texts changed."""
    require(actor, Role.ADMINISTRATOR, to="change the wording of notices and letters")
    problems = check_wording(document)
    if problems:
        raise WordingRefused(problems)
    before = current_document(session)
    changed = sorted(_changed_paths(before, document))
    put_setting(session, SETTING_KEY, document)
    audit(session, actor, "print_wording_changed", details={"texts": changed})
    return changed


def reset_wording(session: Session, actor: Actor) -> None:
    """Go back to the wording shipped with hfhate."""
    require(actor, Role.ADMINISTRATOR, to="change the wording of notices and letters")
    put_setting(session, SETTING_KEY, None)
    audit(session, actor, "print_wording_reset")


def _changed_paths(before: Any, after: Any, path: str = "") -> list[str]:
    if isinstance(before, dict) and isinstance(after, dict):
        found: list[str] = []
        for key in sorted(set(before) | set(after)):
            found += _changed_paths(
                before.get(key), after.get(key), f"{path}.{key}" if path else key
            )
        return found
    return [] if before == after else [path]
