"""Who owns a synced record, who may send it, and who may change which of its fields.

Declared per record type in the registry, and read by the server's push (``server/rules``):
no type is special-cased in code. The words of each refusal are declared with the rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from hfhate.models import Role


@dataclass(frozen=True)
class OwnField:
    """The record names its owner in one of its own fields."""

    field: str


@dataclass(frozen=True)
class ParentOwner:
    """The record belongs to whoever owns its parent (a notice's timeline and photos)."""

    record_type: str
    field: str
    missing: str  # what a change is told when the parent has not reached the server


@dataclass(frozen=True)
class Parent:
    """The record another record belongs to, read for its check (a follow-up's session)."""

    record_type: str
    field: str


@dataclass(frozen=True)
class FieldRule:
    """Fields only ``roles`` may change (none: nobody, through sync), and what others are told."""

    fields: frozenset[str]
    roles: frozenset[Role]
    refusal: str
    on_create: bool = False  # also when the record is made, not only when it changes


@dataclass(frozen=True)
class Access:
    """Who may send records of a type, make them and change them."""

    # Roles that may send the type at all (None: any signed-in user), and the refusal.
    senders: frozenset[Role] | None = None
    senders_refusal: str = ""
    # Roles that may make one (None: any sender), and the refusal.
    creators: frozenset[Role] | None = None
    creators_refusal: str = ""
    # When set, a new record must be the sender's own; the refusal.
    own_creations: str = ""
    # When set, only the owner (or one of ``co_owners``, or a holder of ``others``) may
    # change a record; the refusal. ``also_create``: the same holds for making one.
    owner_or_refusal: str = ""
    others: frozenset[Role] = frozenset()
    co_owners: str = ""  # a field listing further owners by id (a session's facilitators)
    also_create: bool = False
    field_rules: tuple[FieldRule, ...] = ()

    @property
    def decision_fields(self) -> frozenset[str]:
        """Fields that record a decision some role takes: on a clash they stand."""
        return frozenset().union(*(rule.fields for rule in self.field_rules if rule.roles))
