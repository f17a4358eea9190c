"""The victims' records in a subject access search: person records (a victim, witness or
someone who disclosed, found by name or known-as name, date of birth, postcode and address) and
the free text that may name someone: an incident's account, a referral's reason and outcome,
and a victim's feedback comments.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hfhate.models import Incident, Person, PersonLink, Referral, VictimFeedback
from hfhate.services.audit_sentences import record_name
from hfhate.services.subject_access.matching import NameMatcher, name_parts
from hfhate.services.subject_access.scoring import (
    Hit,
    PersonQuery,
    Score,
    counts,
    mentioned,
    score_name,
    score_particulars,
)

PERSON_ROLE = "person"


def person_hits(session: Session, query: PersonQuery) -> Iterator[Hit]:
    """A hit for each person record that is the person asked for."""
    asked = NameMatcher(name_parts(query.name))
    linked = dict(
        session.execute(
            select(PersonLink.person_id, func.count())
            .where(PersonLink.deleted_at.is_(None))
            .group_by(PersonLink.person_id)
        ).all()
    )
    for person in session.scalars(select(Person).where(Person.deleted_at.is_(None))):
        score = Score()
        score_name(score, asked, person.name)
        if not score.name_matched and person.known_as:
            score_name(score, asked, person.known_as, "Known as")
        score_particulars(
            score,
            query,
            born=person.date_of_birth,
            postcode=person.postcode,
            address=person.address,
        )
        if counts(score, query):
            records = linked.get(person.id, 0)
            yield Hit(
                "people",
                person.id,
                PERSON_ROLE,
                f"Victim or witness record, linked to {records} "
                f"record{'' if records == 1 else 's'}",
                tuple(score.why),
                score.score,
                score.flag,
            )


def victim_text_hits(session: Session, query: PersonQuery) -> list[Hit]:
    """Incidents, referrals and feedback whose free text names the person."""
    asked = NameMatcher(name_parts(query.name))
    if not asked.asked:
        return []
    hits: list[Hit] = []
    for incident in session.scalars(select(Incident).where(Incident.deleted_at.is_(None))):
        hits += mentioned(
            "incidents",
            incident.id,
            asked,
            (("the account of {}", incident.account),),
            partial(record_name, session, "incidents", incident.id, {}),
        )
    for referral in session.scalars(select(Referral).where(Referral.deleted_at.is_(None))):
        hits += mentioned(
            "referrals",
            referral.id,
            asked,
            (("the reason for {}", referral.reason), ("the outcome of {}", referral.outcome)),
            partial(record_name, session, "referrals", referral.id, {}),
        )
    feedback = session.scalars(select(VictimFeedback).where(VictimFeedback.deleted_at.is_(None)))
    for entry in feedback:
        hits += mentioned(
            "victim_feedback",
            entry.id,
            asked,
            (("the comments of {}", entry.comments),),
            partial(_feedback_label, entry),
        )
    return hits


def _feedback_label(entry: VictimFeedback) -> str:
    return f"victims' feedback received {entry.received_on:%d %B %Y}"
