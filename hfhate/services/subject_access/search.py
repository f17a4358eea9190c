"""Finding everything held about one person: the search behind a subject access request.

It reads warnings and notices (the recipient's name, date of birth, address and postcode; the
victims and witnesses in ``people``; the free text of the circumstances and the description),
the photos of the notices found, session registers (attendees), follow-ups (disclosures),
session notes, and the victims' records (``victims_search``: person records, incidents'
accounts, referrals and feedback). Names are matched with typos and accents tolerated
(``matching``). Each hit says where it was found and why it matched. Supervisors only; each
search is one "combination" row in the audit trail, with the ids of what it found and how
many, never the terms searched for.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.models import (
    EngagementSession,
    EvidencePhoto,
    FixedPenaltyNotice,
    FollowUp,
    RegisterEntry,
    Role,
)
from hfhate.services.actor import Actor, require
from hfhate.services.audit import audit
from hfhate.services.audit_sentences import record_name
from hfhate.services.errors import ValidationFailed
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
from hfhate.services.subject_access.victims_search import person_hits, victim_text_hits

__all__ = ["Hit", "PersonQuery", "check_query", "find_person", "search_person"]

SEARCHED = "subject_access_searched"


def check_query(query: PersonQuery) -> dict[str, str]:
    if not (query.name.strip() or query.date_of_birth or query.address.strip()):
        if not query.postcode.strip():
            return {"name": "Enter a name, date of birth, address or postcode to search by."}
    if query.name.strip() and sum(ch.isalpha() for ch in query.name) < 2:
        return {"name": "Enter at least two letters of the name."}
    return {}


def search_person(
    session: Session,
    actor: Actor,
    query: PersonQuery,
    *,
    request_id: uuid.UUID | None = None,
) -> list[Hit]:
    """Every record holding something about the person, best match first; logged."""
    require(actor, Role.SUPERVISOR, to="search for everything held about a person")
    errors = check_query(query)
    if errors:
        raise ValidationFailed(errors)
    hits = find_person(session, query)
    audit(
        session,
        actor,
        SEARCHED,
        record_type="subject_access_requests" if request_id else None,
        record_id=request_id,
        details={"count": len(hits)},
        record_ids=[hit.record_id for hit in hits],
    )
    return hits


def find_person(session: Session, query: PersonQuery) -> list[Hit]:
    """The search itself, unlogged (``search_person`` logs it)."""
    hits = [*_notice_hits(session, query), *_register_hits(session, query)]
    hits += [*person_hits(session, query), *victim_text_hits(session, query)]
    hits += _text_hits(session, query)
    notice_hits = {hit.record_id: hit for hit in hits if hit.record_type == "notices"}
    hits += _photo_hits(session, notice_hits)
    return sorted(hits, key=lambda hit: (-hit.score, hit.where))


def _recipient(notice: FixedPenaltyNotice, query: PersonQuery, asked: NameMatcher) -> Score:
    score = Score()
    score_name(score, asked, notice.recipient_name)
    score_particulars(
        score,
        query,
        born=notice.recipient_date_of_birth,
        postcode=notice.recipient_postcode,
        address=notice.recipient_address,
    )
    return score


def _notice_hits(session: Session, query: PersonQuery) -> Iterator[Hit]:
    asked = NameMatcher(name_parts(query.name))
    notices = session.scalars(
        select(FixedPenaltyNotice).where(FixedPenaltyNotice.deleted_at.is_(None))
    )
    for notice in notices:
        score = _recipient(notice, query, asked)
        if counts(score, query):
            label = record_name(session, "notices", notice.id, {})
            yield Hit(
                "notices",
                notice.id,
                "recipient",
                f"Recipient of {label}",
                tuple(score.why),
                score.score,
                score.flag,
            )
            continue
        for index, person in enumerate(notice.people or []):
            found = Score()
            score_name(found, asked, str(person.get("name", "")))
            if found.name_matched:
                label = record_name(session, "notices", notice.id, {})
                role = str(person.get("role") or "victim")
                yield Hit(
                    "notices",
                    notice.id,
                    role,
                    f"{role.capitalize()} in {label}",
                    tuple(found.why),
                    found.score,
                    person_index=index,
                )
                break
        else:
            yield from mentioned(
                "notices",
                notice.id,
                asked,
                (
                    ("the circumstances of {}", notice.circumstances),
                    ("the description of the recipient of {}", notice.recipient_description),
                ),
                partial(record_name, session, "notices", notice.id, {}),
            )


def _register_hits(session: Session, query: PersonQuery) -> Iterator[Hit]:
    asked = NameMatcher(name_parts(query.name))
    if not asked.asked:
        return
    rows = session.execute(
        select(RegisterEntry, EngagementSession)
        .join(EngagementSession, EngagementSession.id == RegisterEntry.session_id)
        .where(RegisterEntry.deleted_at.is_(None), EngagementSession.deleted_at.is_(None))
    )
    for entry, parent in rows:
        score = Score()
        score_name(score, asked, entry.name)
        if score.name_matched:
            label = record_name(session, "engagement_sessions", parent.id, {})
            yield Hit(
                "session_register",
                entry.id,
                "attendee",
                f"On the register of {label}",
                tuple(score.why),
                score.score,
            )


def _text_hits(session: Session, query: PersonQuery) -> list[Hit]:
    asked = NameMatcher(name_parts(query.name))
    if not asked.asked:
        return []
    hits: list[Hit] = []
    follow_ups = session.scalars(select(FollowUp).where(FollowUp.deleted_at.is_(None)))
    for follow_up in follow_ups:
        what = "a disclosure" if follow_up.kind == "disclosure" else "a follow-up"
        hits += mentioned(
            "session_follow_ups",
            follow_up.id,
            asked,
            (
                (f"{what} recorded at {{}}", follow_up.description),
                (f"the outcome of {what} recorded at {{}}", follow_up.outcome),
            ),
            partial(record_name, session, "engagement_sessions", follow_up.session_id, {}),
        )
    sessions = session.scalars(
        select(EngagementSession).where(EngagementSession.deleted_at.is_(None))
    )
    for record in sessions:
        hits += mentioned(
            "engagement_sessions",
            record.id,
            asked,
            (("the notes of {}", record.notes), ("the feedback of {}", record.feedback)),
            partial(record_name, session, "engagement_sessions", record.id, {}),
        )
    return hits


def _photo_hits(session: Session, notices: dict[uuid.UUID, Hit]) -> list[Hit]:
    if not notices:
        return []
    photos = session.scalars(
        select(EvidencePhoto).where(
            EvidencePhoto.notice_id.in_(list(notices)), EvidencePhoto.deleted_at.is_(None)
        )
    )
    hits = []
    for photo in photos:
        parent = notices[photo.notice_id]
        label = record_name(session, "notices", photo.notice_id, {})
        hits.append(
            Hit(
                "evidence_photos",
                photo.id,
                "photo",
                f"Photo attached to {label}",
                (f"Evidence of a record where the person is the {parent.role}",),
                parent.score - 0.01,
                parent.flag,
                notice_id=photo.notice_id,
                notice_role=parent.role,
            )
        )
    return hits
