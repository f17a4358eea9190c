"""What a record type's check is given, on the laptop or on the server, and what it answers.

A check takes one ``CheckedRecord`` (the record after the change, as column values, with the
change's kind and fields, who makes it, the settings source, the time, and the record before
and its parent when known) and answers one plain message per field; empty when it may stand.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from hfhate.services.actor import Actor
from hfhate.services.notices.settings import SettingsSource
from hfhate.services.reference_lists import ReferenceLists


class Held(Protocol):
    """The records held where a check runs (the server's, with those its batch made so far),
    as column values: for a check of what a record points at."""

    def record(self, record_type: str, record_id: uuid.UUID) -> Mapping[str, Any] | None:
        """The record of that type and id, or None if it is not held."""
        ...

    def belonging(
        self, record_type: str, field: str, owner_id: uuid.UUID
    ) -> list[Mapping[str, Any]]:
        """The records of ``record_type`` whose ``field`` holds ``owner_id`` (a person's
        consents)."""
        ...


@dataclass(frozen=True)
class CheckedRecord:
    """One change to one record, as its check sees it."""

    operation: str  # "create" or "update"
    values: Mapping[str, Any]  # the whole record after the change, as column values
    changed: frozenset[str]  # the fields the change sets
    actor: Actor  # who makes the change, with their roles
    settings: SettingsSource
    now: datetime
    # The record before an update, as column values (None: a move in its life is not checked).
    before: Mapping[str, Any] | None = None
    # The record this one belongs to (a follow-up's session), when it is known.
    parent: Mapping[str, Any] | None = None
    # The device code of the laptop that made the change (its notice numbers carry it).
    device_code: int | None = None
    # The reference lists in force where the check runs (None: the shipped lists).
    lists: ReferenceLists | None = None
    # The records held where the check runs, for a type's ``held_check`` (the server only).
    held: Held | None = None


RecordCheck = Callable[[CheckedRecord], dict[str, str]]
