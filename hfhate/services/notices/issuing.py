"""Issuing notices and recording warnings, supervisor overrides, and amendments after issue.

Each operation is one transaction: the notice row, its number (allocated from this device's
sequence), its first timeline entry, photos, audit events and outbox entries together.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.clock import LONDON
from hfhate.models import (
    FixedPenaltyNotice,
    NoticeEvent,
    NoticeKind,
    NoticeStatus,
    Role,
    User,
    utc_now,
)
from hfhate.services import accounts
from hfhate.services.actor import Actor, require
from hfhate.services.audit import audit
from hfhate.services.changes import record_created, record_updated, wire_value
from hfhate.services.device import this_device
from hfhate.services.errors import NotFound, PermissionDenied, ValidationFailed
from hfhate.services.notices.evidence import StoredPhoto, attach_photos
from hfhate.services.notices.numbering import allocate_number
from hfhate.services.notices.rules import NoticeInput, Override, PersonInput, check_notice
from hfhate.services.notices.settings import NoticeSettings, current_settings
from hfhate.services.postcodes import normalise_postcode

# The timeline action and audit event of each way a record starts.
FIRST_ACTIONS = {
    NoticeStatus.WARNING_GIVEN: "warning_recorded",
    NoticeStatus.REFERRED_TO_POLICE: "referred_to_police",
    NoticeStatus.ISSUED: "notice_issued",
}
# Fields that may be corrected after issue, by amendment only.
AMENDABLE = frozenset(
    {
        "circumstances",
        "recipient_name",
        "recipient_date_of_birth",
        "recipient_age_band",
        "recipient_address",
        "recipient_postcode",
        "recipient_description",
        "body_worn_video",
        "place",
        "postcode",
        "people",
    }
)


def london_date(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()


def authorise_override(
    session: Session, device_id: uuid.UUID, username: str, password: str, reason: str
) -> Override:
    """A supervisor approves, with their own password, a notice that needs approval.

    The password check is a sign-in, audited and throttled like one: the caller must commit
    the session even when this raises, or a refused attempt would leave no trace.
    """
    supervisor = accounts.attempt_sign_in(session, device_id, username, password)
    if supervisor is None:
        raise ValidationFailed({"override": accounts.SIGN_IN_FAILED})
    if not supervisor.has(Role.SUPERVISOR):
        raise ValidationFailed({"override": "Only a supervisor can approve this notice."})
    if len(reason.strip()) < 10:
        raise ValidationFailed({"override": "Give the supervisor's reason in a sentence."})
    audit(session, supervisor, "override_approved", details={"reason_length": len(reason)})
    return Override(supervisor.user_id, supervisor.full_name, reason.strip())


def issue_notice(
    session: Session,
    actor: Actor,
    entry: NoticeInput,
    *,
    photos: Sequence[StoredPhoto] = (),
    now: datetime | None = None,
) -> FixedPenaltyNotice:
    """Issue a fixed penalty notice; if the recipient refused their details, refer to police."""
    return _create(session, actor, entry, NoticeKind.NOTICE, photos, now or utc_now())


def record_warning(
    session: Session,
    actor: Actor,
    entry: NoticeInput,
    *,
    photos: Sequence[StoredPhoto] = (),
    now: datetime | None = None,
) -> FixedPenaltyNotice:
    """Record a warning (no penalty), usually given before any notice."""
    return _create(session, actor, entry, NoticeKind.WARNING, photos, now or utc_now())


def _create(
    session: Session,
    actor: Actor,
    entry: NoticeInput,
    kind: NoticeKind,
    photos: Sequence[StoredPhoto],
    now: datetime,
) -> FixedPenaltyNotice:
    what = "record warnings" if kind is NoticeKind.WARNING else "issue notices"
    require(actor, Role.AUTHORISED_OFFICER, to=what)
    settings = current_settings(session)
    errors = check_notice(entry, settings, now, warning=kind is NoticeKind.WARNING)
    _check_links(session, actor, entry, errors)
    if errors:
        raise ValidationFailed(errors)
    officer = session.get(User, actor.user_id)
    assert officer is not None and entry.offence_at is not None
    notice = FixedPenaltyNotice(
        kind=kind,
        issued_at=now,
        officer_id=officer.id,
        officer_name=officer.full_name,
        officer_authorisation_number=officer.authorisation_number or "",
        **_entry_columns(entry),
    )
    issue_day = london_date(now)
    notice.status = first_status(kind, entry)
    action = FIRST_ACTIONS[notice.status]
    if notice.status is NoticeStatus.ISSUED:
        number = allocate_number(session, this_device(session))
        notice.number, notice.device_code, notice.sequence = (
            str(number),
            number.device_code,
            number.sequence,
        )
        notice.amount_pence = settings.amount_pence
        notice.reduced_amount_pence = settings.reduced_amount_pence
        notice.reduced_until = issue_day + timedelta(days=settings.reduced_period_days)
        notice.pay_by = issue_day + timedelta(days=settings.no_proceedings_days)
        notice.no_proceedings_until = notice.pay_by
    if entry.override is not None:
        notice.override_by_id = entry.override.supervisor_id
        notice.override_reason = entry.override.reason
    record_created(
        session,
        actor,
        notice,
        action=action,
        details={"number": notice.number} if notice.number else None,
    )
    add_event(
        session,
        actor,
        notice,
        action,
        status_to=notice.status,
        at=now,
        details={"number": notice.number} if notice.number else {},
    )
    if photos:
        attach_photos(session, actor, notice.id, list(photos))
    return notice


def first_status(kind: NoticeKind, entry: NoticeInput) -> NoticeStatus:
    """Where a new record starts: given (warning), issued, or referred to police (refused)."""
    if kind is NoticeKind.WARNING:
        return NoticeStatus.WARNING_GIVEN
    return NoticeStatus.REFERRED_TO_POLICE if entry.details_refused else NoticeStatus.ISSUED


def _entry_columns(entry: NoticeInput) -> dict[str, Any]:
    assert entry.offence_at is not None
    refused = entry.details_refused
    return {
        "offence_at": entry.offence_at,
        "place": entry.place.strip(),
        "postcode": normalise_postcode(entry.postcode) or entry.postcode,
        "ward": entry.ward,
        "latitude": entry.latitude,
        "longitude": entry.longitude,
        "prohibition": entry.prohibition,
        "hostilities": list(entry.hostilities),
        "circumstances": entry.circumstances.strip(),
        "earlier_warning": entry.earlier_warning,
        "earlier_warning_id": entry.earlier_warning_id,
        "recipient_name": entry.recipient_name.strip() or ("Details refused" if refused else ""),
        "recipient_date_of_birth": entry.recipient_date_of_birth,
        "recipient_age_band": entry.recipient_age_band or None,
        "recipient_address": entry.recipient_address.strip(),
        "recipient_postcode": normalise_postcode(entry.recipient_postcode) or "",
        "identity_method": entry.identity_method,
        "identity_document": entry.identity_document or None,
        "recipient_description": entry.recipient_description.strip(),
        "appears_vulnerable": entry.appears_vulnerable,
        "body_worn_video": entry.body_worn_video.strip(),
        "people": [person_json(p) for p in entry.people],
    }


def person_json(person: PersonInput) -> dict[str, Any]:
    return {
        "role": person.role,
        "name": person.name.strip(),
        "contact": person.contact.strip(),
        "consent_to_contact": person.consent_to_contact,
        "referral_offered": person.referral_offered,
        "referral_accepted": person.referral_accepted,
    }


def _check_links(
    session: Session, actor: Actor, entry: NoticeInput, errors: dict[str, str]
) -> None:
    if entry.earlier_warning_id is not None:
        earlier = session.get(FixedPenaltyNotice, entry.earlier_warning_id)
        if earlier is None or earlier.kind is not NoticeKind.WARNING:
            errors["earlier_warning"] = "The linked earlier warning does not exist."
    if entry.override is not None:
        supervisor = session.get(User, entry.override.supervisor_id)
        if (
            supervisor is None
            or not supervisor.active
            or Role.SUPERVISOR not in supervisor.role_set
        ):
            errors["override"] = "The approving supervisor is not an active supervisor."


def add_event(
    session: Session,
    actor: Actor,
    notice: FixedPenaltyNotice,
    action: str,
    *,
    status_from: NoticeStatus | None = None,
    status_to: NoticeStatus | None = None,
    reason: str = "",
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> NoticeEvent:
    """Add a timeline entry (at ``at``, default now); the caller audits the notice itself."""
    event = NoticeEvent(
        notice_id=notice.id,
        at=at or utc_now(),
        action=action,
        status_from=status_from,
        status_to=status_to,
        reason=reason,
        details=details or {},
        by_name=actor.full_name,
    )
    record_created(session, actor, event, action=action, audited=False)
    return event


def visible_notice(session: Session, actor: Actor, notice_id: uuid.UUID) -> FixedPenaltyNotice:
    """The notice if this user may see it: officers their own, supervisors everyone's."""
    notice = session.get(FixedPenaltyNotice, notice_id)
    if notice is None or notice.deleted_at is not None:
        raise NotFound("That notice does not exist.")
    if actor.has(Role.SUPERVISOR):
        return notice
    if actor.has(Role.AUTHORISED_OFFICER) and notice.officer_id == actor.user_id:
        return notice
    raise PermissionDenied("You can see only the notices and warnings you issued.")


def open_notice(session: Session, actor: Actor, notice_id: uuid.UUID) -> FixedPenaltyNotice:
    """Read a notice for display; the viewing is audited (DPA 2018 s.62: consultation)."""
    notice = visible_notice(session, actor, notice_id)
    audit(session, actor, "notice_viewed", record_type="notices", record_id=notice.id)
    return notice


def timeline(session: Session, actor: Actor, notice_id: uuid.UUID) -> list[NoticeEvent]:
    visible_notice(session, actor, notice_id)
    query = (
        select(NoticeEvent)
        .where(NoticeEvent.notice_id == notice_id)
        .order_by(NoticeEvent.at, NoticeEvent.id)
    )
    return list(session.scalars(query))


def amend_notice(
    session: Session,
    actor: Actor,
    notice_id: uuid.UUID,
    changes: dict[str, Any],
    *,
    reason: str,
    now: datetime | None = None,
) -> FixedPenaltyNotice:
    """Correct circumstances or recipient details; the original values stay on the timeline."""
    notice = visible_notice(session, actor, notice_id)
    if not (actor.has(Role.SUPERVISOR) or notice.officer_id == actor.user_id):
        raise PermissionDenied("Only the issuing officer or a supervisor can amend a notice.")
    unknown = set(changes) - AMENDABLE
    if unknown:
        raise ValidationFailed({sorted(unknown)[0]: "This cannot be amended after issue."})
    errors: dict[str, str] = {}
    if len(reason.strip()) < 10:
        errors["reason"] = "Say why the notice is amended, in a sentence."
    errors |= amendment_problems(notice, changes, current_settings(session), now or utc_now())
    if errors:
        raise ValidationFailed(errors)
    merged = notice_as_input(notice, changes)
    new_values = {k: v for k, v in _entry_columns(merged).items() if k in changes}
    before = {k: wire_value(getattr(notice, k)) for k in new_values}
    if not record_updated(
        session,
        actor,
        notice,
        new_values,
        action="notice_amended",
        details={"reason_length": len(reason)},
    ):
        raise ValidationFailed({"reason": "Nothing was changed."})
    after = {k: wire_value(getattr(notice, k)) for k in new_values}
    add_event(
        session,
        actor,
        notice,
        "amended",
        reason=reason.strip(),
        at=now,
        details={
            k: {"from": before[k], "to": after[k]} for k in new_values if before[k] != after[k]
        },
    )
    return notice


def amendment_problems(
    notice: FixedPenaltyNotice, changes: dict[str, Any], settings: NoticeSettings, now: datetime
) -> dict[str, str]:
    """What ``check_notice`` finds wrong with the amended notice, in what an amendment touches.

    The sync server runs it too, on an amendment a laptop pushes.
    """
    problems = check_notice(
        notice_as_input(notice, changes), settings, now, warning=notice.kind is NoticeKind.WARNING
    )
    return {k: v for k, v in problems.items() if k in AMENDABLE or k.startswith("recipient")}


def notice_as_input(notice: FixedPenaltyNotice, changes: dict[str, Any]) -> NoticeInput:
    """A stored notice, with ``changes`` over it, as the input ``check_notice`` takes."""
    values: dict[str, Any] = {
        "offence_at": notice.offence_at,
        "place": notice.place,
        "postcode": notice.postcode,
        "ward": notice.ward,
        "latitude": notice.latitude,
        "longitude": notice.longitude,
        "prohibition": notice.prohibition,
        "hostilities": tuple(notice.hostilities),
        "circumstances": notice.circumstances,
        "earlier_warning": notice.earlier_warning,
        "earlier_warning_id": notice.earlier_warning_id,
        "recipient_name": notice.recipient_name,
        "recipient_date_of_birth": notice.recipient_date_of_birth,
        "recipient_age_band": notice.recipient_age_band or "",
        "recipient_address": notice.recipient_address,
        "recipient_postcode": notice.recipient_postcode,
        "identity_method": notice.identity_method,
        "identity_document": notice.identity_document or "",
        "recipient_description": notice.recipient_description,
        "appears_vulnerable": notice.appears_vulnerable,
        "body_worn_video": notice.body_worn_video,
        "people": tuple(PersonInput(**p) for p in notice.people),
    }
    values |= changes
    if isinstance(values["people"], list):
        values["people"] = tuple(
            p if isinstance(p, PersonInput) else PersonInput(**p) for p in values["people"]
        )
    if notice.override_by_id is not None:
        values["override"] = Override(notice.override_by_id, "", notice.override_reason or "")
    return NoticeInput(**values)
