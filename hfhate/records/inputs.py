"""Each record type's input, read from column values: a stored row's or a pushed record's.

These are the inputs the services' checks take (``NoticeInput`` for ``check_notice``,
``SessionInput`` for ``check_session``...). The laptop builds them from its rows (to check an
amendment) and the server from the wire, with the same functions, so both run the same check
on the same input. Fields match columns by name (``codec.input_from``); only what differs is
written here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hfhate.records.codec import input_from
from hfhate.services.account_rules import UserInput
from hfhate.services.engagement.rules import FollowUpInput, OrganisationInput, SessionInput
from hfhate.services.notices.rules import NoticeInput, Override


def notice_input(values: Mapping[str, Any]) -> NoticeInput:
    """A warning or notice as ``check_notice`` takes it (the approval from its two columns)."""
    return input_from(NoticeInput, values, parts={"override": _override})


def session_input(values: Mapping[str, Any]) -> SessionInput:
    """A session as ``check_session`` takes it, without its register and answers (own rows)."""
    return input_from(SessionInput, values, names={"breakdown": "attendee_breakdown"})


def follow_up_input(values: Mapping[str, Any]) -> FollowUpInput:
    return input_from(FollowUpInput, values)


def organisation_input(values: Mapping[str, Any]) -> OrganisationInput:
    return input_from(OrganisationInput, values)


def user_input(values: Mapping[str, Any]) -> UserInput:
    """An account's details; the username is left out (it never changes through sync)."""
    return input_from(UserInput, values, parts={"username": lambda _values: None})


def _override(values: Mapping[str, Any]) -> Override | None:
    supervisor = values.get("override_by_id")
    if supervisor is None:
        return None
    return Override(supervisor, "", values.get("override_reason") or "")
