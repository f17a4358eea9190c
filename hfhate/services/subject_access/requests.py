"""Recording subject access requests, answering them, and finding those past their deadline.

Supervisors only. Each request is a synced record (another supervisor's laptop receives it);
recording and answering it are each one audit row naming the request, never the requester.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.models import RequestStatus, Role, SubjectAccessRequest
from hfhate.services.actor import Actor, require
from hfhate.services.changes import record_created, record_updated
from hfhate.services.errors import NotFound, ValidationFailed
from hfhate.services.postcodes import normalise_postcode
from hfhate.services.subject_access.rules import RequestInput, check_request, one_month_after

TASK = "handle subject access requests"


def record_request(
    session: Session, actor: Actor, entry: RequestInput, *, today: date
) -> SubjectAccessRequest:
    """Save a new request; its deadline is one calendar month after it was received."""
    require(actor, Role.SUPERVISOR, to=TASK)
    errors = check_request(entry, today)
    if errors:
        raise ValidationFailed(errors)
    assert entry.received_on is not None
    postcode = entry.requester_postcode.strip()
    request = SubjectAccessRequest(
        requester_name=" ".join(entry.requester_name.split()),
        requester_date_of_birth=entry.requester_date_of_birth,
        requester_address=" ".join(entry.requester_address.split()),
        requester_postcode=normalise_postcode(postcode) or postcode if postcode else "",
        received_on=entry.received_on,
        due_on=one_month_after(entry.received_on),
        identified_by=entry.identified_by.strip(),
        status=RequestStatus.OPEN.value,
        decisions={},
    )
    record_created(session, actor, request, action="subject_access_request_recorded")
    return request


def get_request(session: Session, actor: Actor, request_id: uuid.UUID) -> SubjectAccessRequest:
    require(actor, Role.SUPERVISOR, to=TASK)
    request = session.get(SubjectAccessRequest, request_id)
    if request is None or request.is_deleted:
        raise NotFound("That request is not on this laptop.")
    return request


def answer_request(
    session: Session, actor: Actor, request_id: uuid.UUID, *, answered_on: date
) -> SubjectAccessRequest:
    """Mark the request answered on ``answered_on`` (the day the reply was sent)."""
    request = get_request(session, actor, request_id)
    if request.status == RequestStatus.ANSWERED.value:
        raise ValidationFailed({"status": "This request is already answered."})
    if answered_on < request.received_on:
        raise ValidationFailed(
            {"answered_on": "A request cannot be answered before it was received."}
        )
    record_updated(
        session,
        actor,
        request,
        {"status": RequestStatus.ANSWERED.value, "answered_on": answered_on},
        action="subject_access_request_answered",
        details={"late": answered_on > request.due_on},
    )
    return request


def list_requests(session: Session, actor: Actor) -> Sequence[SubjectAccessRequest]:
    """Open requests first, soonest deadline first; then answered ones, latest first."""
    require(actor, Role.SUPERVISOR, to=TASK)
    rows = session.scalars(
        select(SubjectAccessRequest).where(SubjectAccessRequest.deleted_at.is_(None))
    ).all()
    open_ = sorted((r for r in rows if r.status == RequestStatus.OPEN.value), key=_due)
    answered = sorted(
        (r for r in rows if r.status != RequestStatus.OPEN.value),
        key=lambda r: r.answered_on or r.due_on,
        reverse=True,
    )
    return [*open_, *answered]


def overdue_requests(
    session: Session, actor: Actor, *, today: date
) -> Sequence[SubjectAccessRequest]:
    """Open requests whose deadline has passed, the longest overdue first."""
    return [
        r
        for r in list_requests(session, actor)
        if r.status == RequestStatus.OPEN.value and r.due_on < today
    ]


def is_overdue(request: SubjectAccessRequest, today: date) -> bool:
    return request.status == RequestStatus.OPEN.value and request.due_on < today


def _due(request: SubjectAccessRequest) -> date:
    return request.due_on
