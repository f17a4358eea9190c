"""Issuing notices and recording warnings, supervisor overrides, and amendments after issue.

Each operation is one transaction: the notice row, its number (allocated from this device's
sequence), its first timeline entry, photos, audit events and outbox entries together.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.clock import london_date
from hfhate.models import (
    FixedPenaltyNotice,
    NoticeEvent,
    NoticeKind,
    NoticeStatus,
    Role,
    User,
    utc_now,
)
from hfhate.records.codec import columns_from, columns_of, plain, wire_value
from hfhate.records.inputs import notice_input
from hfhate.services import accounts, derived_people
from hfhate.services.actor import Actor, require
from hfhate.services.audit import append_consultation, audit
from hfhate.services.changes import record_created, record_updated
from hfhate.services.device import this_device
from hfhate.services.errors import NotFound, PermissionDenied, ValidationFailed
from hfhate.services.justification import check_justification
from hfhate.services.notices.evidence import StoredPhoto, attach_photos
from hfhate.services.notices.moves import prosecution_deadline
from hfhate.services.notices.numbering import allocate_number
from hfhate.services.notices.rules import (
    AMENDABLE,
    NoticeInput,
    Override,
    PersonInput,
    amendment_problems,
    check_notice,
    first_status,
)
from hfhate.services.notices.settings import StoredSettings
from hfhate.services.postcodes import normalise_postcode
from hfhate.services.reference_lists import lists_for

# The timeline action and audit event of each way a record starts.
FIRST_ACTIONS = {
    NoticeStatus.WARNING_GIVEN: "warning_recorded",
    NoticeStatus.REFERRED_TO_POLICE: "referred_to_police",
    NoticeStatus.ISSUED: "notice_issued",
}


def _postcode(entry: NoticeInput) -> str:
    return normalise_postcode(entry.postcode) or entry.postcode


def _recipient_postcode(entry: NoticeInput) -> str:
    return normalise_postcode(entry.recipient_postcode) or ""


def _recipient_name(entry: NoticeInput) -> str:
    return entry.recipient_name.strip() or ("Details refused" if entry.details_refused else "")


# The columns stored otherwise than as typed and trimmed (see ``notice_columns``).
NORMALISED: dict[str, Callable[[NoticeInput], str]] = {
    "postcode": _postcode,
    "recipient_postcode": _recipient_postcode,
    "recipient_name": _recipient_name,
}


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
    settings = StoredSettings(session).notice_settings(now)
    errors = check_notice(
        entry, settings, now, warning=kind is NoticeKind.WARNING, lists=lists_for(session)
    )
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
        **notice_columns(entry),
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
        notice.prosecute_by = prosecution_deadline(notice.offence_at, settings.prosecution_months)
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
    derived_people.people_of_notice(session, actor, notice)
    if photos:
        attach_photos(session, actor, notice.id, list(photos))
    return notice


def notice_columns(entry: NoticeInput) -> dict[str, Any]:
    """The notice's columns from what the officer entered (the codec, then ``NORMALISED``)."""
    assert entry.offence_at is not None
    columns = columns_from(entry, FixedPenaltyNotice)
    return columns | {name: normalise(entry) for name, normalise in NORMALISED.items()}


def person_json(person: PersonInput) -> dict[str, Any]:
    """A victim or witness as the notice's ``people`` column holds them."""
    values: dict[str, Any] = plain(person)
    return values


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


def open_notice(
    session: Session, actor: Actor, notice_id: uuid.UUID, *, justification: str | None = None
) -> FixedPenaltyNotice:
    """Read a notice for display; the viewing is audited (DPA 2018 s.62: consultation)."""
    notice = visible_notice(session, actor, notice_id)
    note_viewed(session, actor, notice, (), justification=justification)
    return notice


def note_viewed(
    session: Session,
    actor: Actor,
    notice: FixedPenaltyNotice,
    photo_ids: Sequence[uuid.UUID],
    *,
    justification: str | None = None,
) -> None:
    """The consultation of ``notice`` and its photos shown, in one row; refused without a
    justification where this laptop requires one (``justification.py``)."""
    given = check_justification(session, actor, notice.officer_id, justification)
    append_consultation(
        session,
        actor,
        "notice_viewed",
        record_type="notices",
        record_id=notice.id,
        record_ids=[notice.id, *photo_ids],
        justification=given,
    )


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
    now = now or utc_now()
    merged = notice_input(columns_of(notice) | changes)
    errors |= amendment_problems(
        merged,
        StoredSettings(session).notice_settings(now),
        now,
        warning=notice.kind is NoticeKind.WARNING,
    )
    if errors:
        raise ValidationFailed(errors)
    new_values = {k: v for k, v in notice_columns(merged).items() if k in changes}
    before = {k: wire_value(getattr(notice, k)) for k in new_values}
    listed = len(notice.people or [])
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
    # Victims and witnesses added become person records; those there before are left alone.
    derived_people.people_of_notice(
        session, actor, notice, positions=range(listed, len(notice.people or []))
    )
    return notice
