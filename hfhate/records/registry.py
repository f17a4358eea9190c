"""The registry of record types that sync: one entry per type, the one place to add a type.

Each entry names the type's table and model, who owns a record (``access``), who may send,
make and change it and which fields are whose, the columns that never leave the laptop, and
the check that decides whether a record may stand (the laptop's own rules, ``records.checks``
and ``records.notice_checks``). The wire schema is generated from the model's columns
(``wire_schema``). The laptop's changes and outbox, the pull applier, the wire schemas and
the server's push all look types up here. Adding a record type is one entry here, plus its
model, its migration and its check.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table

from hfhate.models import (
    ConfidenceResult,
    Consent,
    EngagementSession,
    EvidencePhoto,
    FixedPenaltyNotice,
    FollowUp,
    Incident,
    NoticeEvent,
    Organisation,
    Person,
    PersonLink,
    ReferenceEntry,
    Referral,
    RegisterEntry,
    Role,
    SettingChange,
    SubjectAccessRequest,
    SyncedRecord,
    User,
    VictimFeedback,
)
from hfhate.records.access import Access, FieldRule, OwnField, Parent, ParentOwner
from hfhate.records.checking import RecordCheck
from hfhate.records.checks import (
    check_follow_up_record,
    check_organisation_record,
    check_reference_entry_record,
    check_session_record,
    check_user_record,
)
from hfhate.records.codec import row_values
from hfhate.records.notice_checks import check_notice_record
from hfhate.records.setting_checks import check_setting_change_record
from hfhate.records.subject_access_checks import check_subject_access_record
from hfhate.records.victim_checks import (
    check_consent_record,
    check_feedback_record,
    check_incident_record,
    check_link_record,
    check_person_record,
    check_referral_record,
)
from hfhate.records.victim_held_checks import (
    check_feedback_held,
    check_link_held,
    check_referral_held,
)
from hfhate.services.notices.moves import DECISION_FIELDS

if TYPE_CHECKING:
    from pydantic import BaseModel

R = Role
# Columns every synced record has (models/base.py SyncedRecord): never "missing" on the wire.
BOOKKEEPING_COLUMNS = frozenset(
    {"id", "created_at", "updated_at", "version", "deleted_at", "created_by_id"}
    | {"created_on_device_id"}
)


@dataclass(frozen=True)
class RecordType:
    """One type of record that syncs."""

    name: str  # its table, and its name on the wire
    label: str  # what a record of it is called in a refusal ("notice")
    model: type[SyncedRecord]
    owner: OwnField | ParentOwner
    access: Access
    check: RecordCheck | None = None
    parent: Parent | None = None
    # What the record must point at among the records held where it is checked (the
    # server's): run by the server only, with ``CheckedRecord.held`` (a referral's consent).
    held_check: RecordCheck | None = None
    # Columns that never leave the device, with what a pulled record gets in their place.
    never_sent: Mapping[str, Any] = field(default_factory=dict)
    # Required columns that may hold "" (``required`` otherwise counts "" as missing).
    may_be_empty: frozenset[str] = frozenset()
    # False: records made on a laptop stay there (no outbox entry); the server's own records
    # of the type still reach every laptop by pull (settings changed stand-alone).
    sent: bool = True

    @property
    def table(self) -> Table:
        table = self.model.__table__  # type: ignore[attr-defined]
        assert isinstance(table, Table)
        return table

    @cached_property
    def wire_fields(self) -> frozenset[str]:
        """The fields a record of this type carries on the wire."""
        return frozenset(c.key for c in self.table.columns if c.key not in self.never_sent)

    @cached_property
    def required(self) -> tuple[str, ...]:
        """Columns every record must hold: not nullable, no default, not bookkeeping."""
        return tuple(
            c.key
            for c in self.table.columns
            if not c.nullable
            and c.default is None
            and c.key not in BOOKKEEPING_COLUMNS
            and c.key not in self.never_sent
        )

    def missing(self, fields: Mapping[str, Any]) -> list[str]:
        """The required fields a record lacks: absent, None, or "" where that is not allowed."""
        empty: tuple[Any, ...] = (None,)
        return [
            name
            for name in self.required
            if fields.get(name) in (empty if name in self.may_be_empty else (None, ""))
        ]

    def values_from_wire(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """A record's wire fields as column values (the codec, column by column)."""
        return row_values(self.table, fields)

    @property
    def wire_schema(self) -> type[BaseModel]:
        """The pydantic schema of the type's wire fields, generated from its mapped columns."""
        # pydantic is not imported at window start-up: only sync and the server need it.
        from hfhate.records.wire import wire_schema

        return wire_schema(self)


_NOTICE_OWNER = ParentOwner(
    "notices", "notice_id", missing="The notice this belongs to has not reached the server."
)
_NOTICE_PART = Access(
    owner_or_refusal="Only the notice's officer or a supervisor can add to it.",
    others=frozenset({R.SUPERVISOR}),
    also_create=True,
)
_ENGAGEMENT = Access(
    senders=frozenset({R.ENGAGEMENT_OFFICER, R.SUPERVISOR}),
    senders_refusal="Only engagement officers and supervisors record sessions.",
    owner_or_refusal="Only the session's own officers or a supervisor can change it.",
    others=frozenset({R.SUPERVISOR}),
    co_owners="facilitator_ids",
)
_SESSION = Parent("engagement_sessions", "session_id")
# Victims' records: officers of either kind and supervisors record them; each belongs to the
# officer who recorded the person (a consent, link or referral to the person's officer).
_VICTIM_SENDERS = frozenset({R.AUTHORISED_OFFICER, R.ENGAGEMENT_OFFICER, R.SUPERVISOR})
_VICTIM_SENDERS_REFUSAL = "Only officers and supervisors record victims and witnesses."
_PERSON_OWNER = ParentOwner(
    "people", "person_id", missing="The person this belongs to has not reached the server."
)
_PERSON_PART = Access(
    senders=_VICTIM_SENDERS,
    senders_refusal=_VICTIM_SENDERS_REFUSAL,
    owner_or_refusal="Only the officer who recorded this person or a supervisor can add to "
    "their record.",
    others=frozenset({R.SUPERVISOR}),
    also_create=True,
)
_PERSON = Parent("people", "person_id")

RECORD_TYPES: tuple[RecordType, ...] = (
    RecordType(
        "users",
        "account",
        User,
        owner=OwnField("id"),
        access=Access(
            senders=frozenset({R.ADMINISTRATOR}),
            senders_refusal="Only an administrator can change accounts.",
            field_rules=(
                FieldRule(
                    frozenset({"username", "roles"}),
                    frozenset(),
                    "Usernames and roles are changed on the server by an administrator.",
                    on_create=True,
                ),
            ),
        ),
        check=check_user_record,
        # Pulled accounts have no local password until their first sign-in online here (or
        # an administrator sets one here); when the verifier was confirmed online is local.
        never_sent={"password_hash": "", "online_confirmed_at": None, "verifier_changed_at": None},
    ),
    RecordType(
        "notices",
        "notice",
        FixedPenaltyNotice,
        owner=OwnField("officer_id"),
        access=Access(
            creators=frozenset({R.AUTHORISED_OFFICER}),
            creators_refusal="Only an authorised officer can issue warnings and notices.",
            own_creations="An officer can only send their own warnings and notices.",
            owner_or_refusal="Only the notice's officer or a supervisor can change it.",
            others=frozenset({R.SUPERVISOR}),
            field_rules=(
                FieldRule(
                    DECISION_FIELDS,
                    frozenset({R.SUPERVISOR}),
                    "Status decisions on a notice are taken by a supervisor.",
                ),
            ),
        ),
        check=check_notice_record,
        # An officer without an authorisation number on the server still issues.
        may_be_empty=frozenset({"officer_authorisation_number"}),
    ),
    RecordType("notice_events", "timeline entry", NoticeEvent, _NOTICE_OWNER, _NOTICE_PART),
    RecordType("evidence_photos", "photo", EvidencePhoto, _NOTICE_OWNER, _NOTICE_PART),
    RecordType(
        "organisations",
        "organisation",
        Organisation,
        owner=OwnField("created_by_id"),
        access=Access(
            senders=frozenset({R.ENGAGEMENT_OFFICER, R.SUPERVISOR, R.AUTHORISED_OFFICER}),
            senders_refusal="Only officers and supervisors can add organisations.",
        ),
        check=check_organisation_record,
    ),
    RecordType(
        "engagement_sessions",
        "session",
        EngagementSession,
        owner=OwnField("created_by_id"),
        access=_ENGAGEMENT,
        check=check_session_record,
    ),
    RecordType(
        "session_register",
        "register entry",
        RegisterEntry,
        OwnField("created_by_id"),
        _ENGAGEMENT,
        parent=_SESSION,
    ),
    RecordType(
        "session_confidence",
        "confidence result",
        ConfidenceResult,
        OwnField("created_by_id"),
        _ENGAGEMENT,
        parent=_SESSION,
    ),
    RecordType(
        "session_follow_ups",
        "follow-up",
        FollowUp,
        owner=OwnField("created_by_id"),
        access=_ENGAGEMENT,
        check=check_follow_up_record,
        parent=_SESSION,
    ),
    RecordType(
        "subject_access_requests",
        "subject access request",
        SubjectAccessRequest,
        owner=OwnField("created_by_id"),
        access=Access(
            senders=frozenset({R.SUPERVISOR}),
            senders_refusal="Only supervisors handle subject access requests.",
            owner_or_refusal="Only a supervisor can change a subject access request.",
            others=frozenset({R.SUPERVISOR}),
        ),
        check=check_subject_access_record,
    ),
    RecordType(
        "setting_changes",
        "setting change",
        SettingChange,
        owner=OwnField("created_by_id"),
        access=Access(
            senders=frozenset({R.ADMINISTRATOR}),
            senders_refusal="Only an administrator changes settings.",
            field_rules=(
                FieldRule(
                    frozenset({"name", "value", "in_force_from"}),
                    frozenset(),
                    "Settings are changed on the server by an administrator (the Settings "
                    "area when connected, or hfhate-server settings set), not sent by laptops.",
                    on_create=True,
                ),
            ),
        ),
        check=check_setting_change_record,
        may_be_empty=frozenset({"note", "made_by"}),
        sent=False,
    ),
    RecordType(
        "reference_entries",
        "reference list entry",
        ReferenceEntry,
        owner=OwnField("created_by_id"),
        # Only the server makes them (an administrator, centrally); a stand-alone laptop
        # edits its own, which never leave it.
        access=Access(
            senders=frozenset(),
            senders_refusal="Reference lists are changed on the server by an administrator.",
        ),
        check=check_reference_entry_record,
    ),
    RecordType(
        "incidents",
        "incident",
        Incident,
        owner=OwnField("officer_id"),
        access=Access(
            senders=_VICTIM_SENDERS,
            senders_refusal=_VICTIM_SENDERS_REFUSAL,
            own_creations="An officer can only send incidents they recorded.",
            owner_or_refusal="Only the incident's officer or a supervisor can change it.",
            others=frozenset({R.SUPERVISOR}),
        ),
        check=check_incident_record,
    ),
    RecordType(
        "people",
        "person",
        Person,
        owner=OwnField("created_by_id"),
        access=Access(
            senders=_VICTIM_SENDERS,
            senders_refusal=_VICTIM_SENDERS_REFUSAL,
            owner_or_refusal="Only the officer who recorded this person or a supervisor can "
            "change their record.",
            others=frozenset({R.SUPERVISOR}),
            also_create=True,  # an officer sends only people they recorded
        ),
        check=check_person_record,
        may_be_empty=frozenset({"name"}),
    ),
    RecordType(
        "person_links",
        "link to a person",
        PersonLink,
        _PERSON_OWNER,
        _PERSON_PART,
        check=check_link_record,
        parent=_PERSON,
        held_check=check_link_held,
    ),
    RecordType(
        "consents",
        "consent",
        Consent,
        _PERSON_OWNER,
        _PERSON_PART,
        check=check_consent_record,
        parent=_PERSON,
    ),
    RecordType(
        "referrals",
        "referral",
        Referral,
        _PERSON_OWNER,
        _PERSON_PART,
        check=check_referral_record,
        parent=_PERSON,
        held_check=check_referral_held,
    ),
    RecordType(
        "victim_feedback",
        "feedback",
        VictimFeedback,
        owner=OwnField("created_by_id"),
        access=Access(
            senders=_VICTIM_SENDERS,
            senders_refusal=_VICTIM_SENDERS_REFUSAL,
            owner_or_refusal="Only the officer who recorded this feedback or a supervisor can "
            "change it.",
            others=frozenset({R.SUPERVISOR}),
            also_create=True,
        ),
        check=check_feedback_record,
        held_check=check_feedback_held,
    ),
)
BY_NAME: Mapping[str, RecordType] = {kind.name: kind for kind in RECORD_TYPES}
SYNCED_TABLES: tuple[str, ...] = tuple(BY_NAME)


def record_type(name: str) -> RecordType | None:
    """The registry entry of a record type, by its table name; None if it does not sync."""
    return BY_NAME.get(name)


def record_type_of(record: SyncedRecord) -> RecordType:
    """The registry entry of a record's type; a type that syncs must have one."""
    kind = BY_NAME.get(record.__tablename__)  # type: ignore[attr-defined]
    if kind is None or not isinstance(record, kind.model):
        raise LookupError(f"{type(record).__name__} is not a registered record type")
    return kind
