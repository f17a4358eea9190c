"""The checks of pushed sessions, follow-ups, organisations and accounts: the laptop's rules.

Each turns the record's column values into the input its service checks (``records.inputs``)
and runs that service's own check: ``check_session`` as of today, ``check_follow_up`` against
its session's date (when the session is known), ``check_organisation``, and ``check_user`` on
the details a change touches. What the laptop checks in its own store (that an organisation,
partner or facilitator exists, a username is free) is not checked again; nor are register and
confidence rows, which the laptop checks with their session.
"""

from __future__ import annotations

from datetime import date

from hfhate.clock import london_date
from hfhate.records.checking import CheckedRecord
from hfhate.records.inputs import (
    follow_up_input,
    organisation_input,
    session_input,
    user_input,
)
from hfhate.services.account_rules import check_user
from hfhate.services.engagement.rules import check_follow_up, check_organisation, check_session
from hfhate.services.reference_lists import (
    ReferenceLists,
    check_entry,
    held_entries,
    shipped_lists,
)


def check_session_record(record: CheckedRecord) -> dict[str, str]:
    """A new session must choose a ward, school and partners in use; a changed one may keep
    what it held (even if retired since)."""
    return check_session(session_input(record.values), london_date(record.now), _kept_lists(record))


def _kept_lists(record: CheckedRecord) -> ReferenceLists:
    lists = record.lists or shipped_lists()
    if record.operation == "create":
        return lists
    if record.before is None:  # the record before the change is not known here
        return lists.including_retired()
    before = record.before
    return lists.keeping(
        held_entries(
            before.get("ward"), before.get("organisation_id"), before.get("partner_ids") or ()
        )
    )


def check_follow_up_record(record: CheckedRecord) -> dict[str, str]:
    """The follow-up against its session's date, if the session is known (else no lower bound)."""
    session_date = (record.parent or {}).get("session_date")
    return check_follow_up(
        follow_up_input(record.values),
        session_date if isinstance(session_date, date) else date.min,
    )


def check_organisation_record(record: CheckedRecord) -> dict[str, str]:
    return check_organisation(organisation_input(record.values), _kept_lists(record))


def check_user_record(record: CheckedRecord) -> dict[str, str]:
    """An account's details, where the change touches them (as the laptop checks an edit)."""
    problems = check_user(user_input(record.values))
    return {field: problem for field, problem in problems.items() if field in record.changed}


def check_reference_entry_record(record: CheckedRecord) -> dict[str, str]:
    """A reference list entry: a list there is, a plain code and words to show."""
    values = record.values
    return check_entry(
        str(values.get("list_name") or ""),
        str(values.get("code") or ""),
        str(values.get("label") or ""),
        int(values.get("position") or 0),
    )
