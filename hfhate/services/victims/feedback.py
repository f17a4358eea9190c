"""Victims' feedback on the support they had: recorded by an officer or from a paper form, and
reported only in aggregate (how many, how satisfied, whether they felt listened to), never
with a name or what they wrote.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.clock import london_date
from hfhate.models import Referral, Role, VictimFeedback, utc_now
from hfhate.services.actor import Actor, require
from hfhate.services.changes import ERASED_REFUSAL, record_created
from hfhate.services.errors import NotFound, ServiceError, ValidationFailed
from hfhate.services.victims.access import require_reader, visible_person
from hfhate.services.victims.rules import check_feedback
from hfhate.services.victims.words import SATISFACTION, victim_words


@dataclass(frozen=True)
class FeedbackInput:
    """Feedback as the officer entered it (from what the person said, or their form)."""

    received_on: date | None = None
    source: str = "officer"
    satisfaction: int = 0
    felt_listened_to: str = ""
    comments: str = ""
    person_id: uuid.UUID | None = None
    referral_id: uuid.UUID | None = None


@dataclass
class FeedbackSummary:
    """Feedback received in a period, counted: no names, no free text."""

    count: int
    average_satisfaction: float | None
    by_satisfaction: dict[int, int]  # 1..5 -> how many
    listened: dict[str, int]  # yes, partly, no -> how many


def record_feedback(session: Session, actor: Actor, entry: FeedbackInput) -> VictimFeedback:
    """Record one person's feedback (officers and supervisors); the person and referral it
    is about, when given, must be ones ``actor`` may see."""
    require_reader(actor, to="record victims' feedback")
    person_id = entry.person_id
    if entry.referral_id is not None:
        referral = session.get(Referral, entry.referral_id)
        if referral is None or referral.deleted_at is not None:
            raise NotFound("That referral is not in this laptop's records.")
        if person_id is not None and person_id != referral.person_id:
            raise ValidationFailed({"referral": "This referral is of another person."})
        person_id = referral.person_id
    if person_id is not None and visible_person(session, actor, person_id).erased_at is not None:
        raise ServiceError(ERASED_REFUSAL)  # nothing is added to an erased record
    values = {
        "received_on": entry.received_on,
        "source": entry.source,
        "satisfaction": entry.satisfaction,
        "felt_listened_to": entry.felt_listened_to,
        "comments": entry.comments.strip(),
        "person_id": person_id,
        "referral_id": entry.referral_id,
    }
    errors = check_feedback(values, london_date(utc_now()))
    if errors:
        raise ValidationFailed(errors)
    feedback = VictimFeedback(**values)
    record_created(
        session,
        actor,
        feedback,
        action="feedback_recorded",
        details={"source": entry.source, "satisfaction": entry.satisfaction},
    )
    return feedback


def feedback_summary(session: Session, actor: Actor, start: date, end: date) -> FeedbackSummary:
    """The feedback received from ``start`` to ``end`` (both included), counted (supervisors)."""
    require(actor, Role.SUPERVISOR, to="see the summary of victims' feedback")
    query = select(VictimFeedback.satisfaction, VictimFeedback.felt_listened_to).where(
        VictimFeedback.deleted_at.is_(None),
        VictimFeedback.received_on >= start,
        VictimFeedback.received_on <= end,
    )
    by_satisfaction = dict.fromkeys(SATISFACTION, 0)
    listened = dict.fromkeys(victim_words().felt_listened_to, 0)
    count = total = 0
    for satisfaction, felt in session.execute(query):
        count += 1
        total += satisfaction
        by_satisfaction[satisfaction] = by_satisfaction.get(satisfaction, 0) + 1
        listened[felt] = listened.get(felt, 0) + 1
    return FeedbackSummary(
        count=count,
        average_satisfaction=round(total / count, 2) if count else None,
        by_satisfaction=by_satisfaction,
        listened=listened,
    )
