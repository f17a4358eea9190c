"""The retention review: what on this laptop is past its period, with the date it fell due,
and what is held (a legal hold, or changes still waiting to be sent), with the reason.

Run by a supervisor from the Retention review screen or by ``hfhate retention review``. Each
item names its record by facts, never by personal data (a notice by its number, a session by
its date and venue's ward, an incident by its date and ward, a victim's or witness's record
by the date of their last contact), and says in words what an erasure of it removes.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from hfhate.clock import LONDON, london_date
from hfhate.models import (
    Consent,
    EngagementSession,
    EvidencePhoto,
    FixedPenaltyNotice,
    FollowUp,
    Incident,
    NoticeDraft,
    NoticeEvent,
    NoticeKind,
    NoticeStatus,
    OutboxEntry,
    OutboxStatus,
    Person,
    PersonLink,
    Referral,
    RegisterEntry,
    Role,
    SessionDraft,
    VictimFeedback,
)
from hfhate.services.actor import Actor, require
from hfhate.services.audit import audit
from hfhate.services.notices.moves import add_months
from hfhate.services.retention.schedule import (
    HOLDS,
    REFERRAL_STEPS,
    Due,
    Rule,
    draft_due,
    incident_due,
    last_contact,
    notice_due,
    person_due,
    photos_due,
    referral_steps,
    register_due,
)
from hfhate.services.retention.settings import RetentionSettings, current_retention_settings

CHUNK = 500
WAITING = "Changes to it are still waiting to be sent: sync first, then review again."
Moves = dict[uuid.UUID, list[tuple[datetime, NoticeStatus | None]]]


@dataclass(frozen=True)
class ReviewItem:
    """One record the review lists: due for erasure under ``rule``, or held."""

    # notices, engagement_sessions, notice_drafts, session_drafts, incidents or people
    record_type: str
    record_id: uuid.UUID
    title: str
    rule: Rule
    due_on: date | None
    held: str
    erases: str  # what an erasure of it removes, in words
    rule_words: str = ""  # the rule with the period in force ("...: 6 years after it was closed")

    @property
    def erasable(self) -> bool:
        return not self.held


def retention_review(
    session: Session, actor: Actor, today: date, *, audited: bool = True
) -> list[ReviewItem]:
    """Everything due or held on ``today`` (a London date), due first, oldest first."""
    require(actor, Role.SUPERVISOR, to="review what is past its retention period")
    settings = current_retention_settings(session)
    items = _notices(session, settings, today) + _sessions(session, settings, today)
    items += _drafts(session, settings, today)
    items += _incidents(session, settings, today) + _people(session, settings, today)
    waiting = waiting_ids(session)
    items = [
        replace(_held_if_waiting(item, waiting), rule_words=item.rule.words(settings))
        for item in items
    ]
    items.sort(key=lambda i: (bool(i.held), i.due_on or date.max, i.title))
    if audited:
        due = sum(1 for i in items if i.erasable)
        audit(session, actor, "retention_reviewed", details={"due": due, "held": len(items) - due})
    return items


def review_item(
    session: Session, actor: Actor, record_type: str, record_id: uuid.UUID, today: date
) -> ReviewItem | None:
    """The review's item for one record now (None: not due, not held)."""
    for item in retention_review(session, actor, today, audited=False):
        if item.record_type == record_type and item.record_id == record_id:
            return item
    return None


def notice_title(notice: FixedPenaltyNotice) -> str:
    if notice.kind is NoticeKind.WARNING:
        return f"Warning of {notice.issued_at:%d %b %Y}, {notice.ward}"
    return f"Notice {notice.number or 'referred to police'}, {notice.ward}"


def moves_of(session: Session, notice_ids: list[uuid.UUID]) -> Moves:
    """Each notice's timeline moves, ``(at, status_to)``, read a few hundred notices a query."""
    moves: Moves = defaultdict(list)
    for start in range(0, len(notice_ids), CHUNK):
        query = select(NoticeEvent.notice_id, NoticeEvent.at, NoticeEvent.status_to).where(
            NoticeEvent.status_to.is_not(None),
            NoticeEvent.notice_id.in_(notice_ids[start : start + CHUNK]),
        )
        for notice_id, at, status_to in session.execute(query):
            moves[notice_id].append((at, status_to))
    return moves


def _notices(session: Session, settings: RetentionSettings, today: date) -> list[ReviewItem]:
    candidates = list(session.scalars(_candidates(settings, today)))
    moves = moves_of(session, [notice.id for notice in candidates])
    with_photos = set(
        session.scalars(
            select(EvidencePhoto.notice_id).where(
                EvidencePhoto.erased_at.is_(None), EvidencePhoto.deleted_at.is_(None)
            )
        )
    )
    items: list[ReviewItem] = []
    for notice in candidates:
        title = notice_title(notice)
        due = notice_due(notice.status, notice.issued_at, moves[notice.id], settings)
        if due is not None and (due.held or due.erasable(today)):
            items.append(_item("notices", notice.id, title, due, NOTICE_ERASES))
            continue
        if notice.id in with_photos:
            photos = photos_due(notice.status, notice.issued_at, moves[notice.id], settings)
            if photos is not None and photos.erasable(today):
                items.append(_item("notices", notice.id, title, photos, PHOTOS_ERASE))
    return items


def _candidates(settings: RetentionSettings, today: date) -> Select[FixedPenaltyNotice]:
    """The notices that may be due or held on ``today``: a notice closes after it is issued,
    so one issued later than a period before today cannot have reached its end (a day's
    margin for the London date of an instant); and every notice under a hold."""
    years = min(settings.notice_years, settings.photo_years)
    issued_by = _london_midnight(add_months(today, -12 * years) + timedelta(days=1))
    cancelled_by = _london_midnight(today - timedelta(days=settings.cancelled_photo_days - 1))
    N = FixedPenaltyNotice  # noqa: N806 - the table, as in the notice queries
    return select(N).where(
        N.erased_at.is_(None),
        N.deleted_at.is_(None),
        or_(
            N.status.in_(list(HOLDS)),
            N.issued_at < issued_by,
            and_(N.status == NoticeStatus.CANCELLED, N.issued_at < cancelled_by),
        ),
    )


def _london_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=LONDON)


def _sessions(session: Session, settings: RetentionSettings, today: date) -> list[ReviewItem]:
    with_parts = set(
        session.scalars(select(RegisterEntry.session_id).where(RegisterEntry.erased_at.is_(None)))
    ) | set(session.scalars(select(FollowUp.session_id).where(FollowUp.erased_at.is_(None))))
    items = []
    for record in session.scalars(
        select(EngagementSession).where(
            EngagementSession.erased_at.is_(None),
            EngagementSession.deleted_at.is_(None),
            EngagementSession.id.in_(with_parts),
        )
    ):
        due = register_due(record.session_date, settings)
        if due.erasable(today):
            title = f"Session of {record.session_date:%d %b %Y}, {record.ward}"
            items.append(_item("engagement_sessions", record.id, title, due, REGISTER_ERASES))
    return items


def _drafts(session: Session, settings: RetentionSettings, today: date) -> list[ReviewItem]:
    items = []
    for model, name, what in (
        (NoticeDraft, "notice_drafts", "Draft notice"),
        (SessionDraft, "session_drafts", "Draft session"),
    ):
        for draft_id, saved_at in session.execute(select(model.id, model.updated_at)):
            due = draft_due(saved_at, settings)
            if due.erasable(today):
                title = f"{what} last saved {saved_at:%d %b %Y}"
                items.append(_item(name, draft_id, title, due, DRAFT_ERASES))
    return items


def _incidents(session: Session, settings: RetentionSettings, today: date) -> list[ReviewItem]:
    """Incidents past their period (``victim_years`` after they occurred): due, or held by an
    open referral made from them."""
    statuses = _referral_statuses_from(session, "incidents")
    occurred_by = _london_midnight(
        add_months(today, -12 * settings.victim_years) + timedelta(days=1)
    )
    query = select(Incident).where(
        Incident.erased_at.is_(None),
        Incident.deleted_at.is_(None),
        Incident.occurred_at < occurred_by,
    )
    items = []
    for incident in session.scalars(query):
        due = incident_due(incident.occurred_at, statuses.get(incident.id, []), settings)
        if _past(due, today):
            title = f"Incident of {_long_date(london_date(incident.occurred_at))}, {incident.ward}"
            items.append(_item("incidents", incident.id, title, due, INCIDENT_ERASES))
    return items


def _past(due: Due, today: date) -> bool:
    """A victim's record is listed once its period has ended: due, or held past it."""
    return due.due_on is not None and due.due_on <= today


def _referral_statuses_from(session: Session, from_type: str) -> dict[uuid.UUID, list[str]]:
    found: dict[uuid.UUID, list[str]] = defaultdict(list)
    for from_id, status in session.execute(
        select(Referral.from_id, Referral.status).where(
            Referral.from_type == from_type, Referral.deleted_at.is_(None)
        )
    ):
        found[from_id].append(status)
    return found


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _people(session: Session, settings: RetentionSettings, today: date) -> list[ReviewItem]:
    """Victims' and witnesses' records past their period (``victim_years`` after their last
    contact): due, or held (an open referral, a linked notice under a legal hold). Read in a
    few whole-table queries: a laptop holds thousands of people at most."""
    people = session.execute(
        select(Person.id, Person.created_at).where(
            Person.erased_at.is_(None), Person.deleted_at.is_(None)
        )
    ).all()
    if not people:
        return []
    links = session.execute(
        select(PersonLink.person_id, PersonLink.record_type, PersonLink.record_id).where(
            PersonLink.deleted_at.is_(None)
        )
    ).all()
    incidents: dict[uuid.UUID, datetime] = {
        row.id: row.occurred_at
        for row in session.execute(
            select(Incident.id, Incident.occurred_at).where(Incident.deleted_at.is_(None))
        )
    }
    notices = {
        notice_id: (issued_at, status)
        for notice_id, issued_at, status in session.execute(
            select(FixedPenaltyNotice.id, FixedPenaltyNotice.issued_at, FixedPenaltyNotice.status)
        )
    }
    disclosures: dict[uuid.UUID, date] = {
        row.id: row.session_date
        for row in session.execute(
            select(FollowUp.id, EngagementSession.session_date).join(
                EngagementSession, EngagementSession.id == FollowUp.session_id
            )
        )
    }
    dates: dict[uuid.UUID, list[date]] = defaultdict(list)
    held_notices: dict[uuid.UUID, list[NoticeStatus]] = defaultdict(list)
    for person_id, record_type, record_id in links:
        if record_type == "incidents" and record_id in incidents:
            dates[person_id].append(london_date(incidents[record_id]))
        elif record_type == "notices" and record_id in notices:
            issued_at, status = notices[record_id]
            dates[person_id].append(london_date(issued_at))
            held_notices[person_id].append(status)
        elif record_type == "session_follow_ups" and record_id in disclosures:
            dates[person_id].append(disclosures[record_id])
    moments: dict[uuid.UUID, list[datetime]] = defaultdict(list)
    for person_id, recorded_at in session.execute(
        select(Consent.person_id, Consent.recorded_at).where(Consent.deleted_at.is_(None))
    ):
        moments[person_id].append(recorded_at)
    statuses: dict[uuid.UUID, list[str]] = defaultdict(list)
    steps = [getattr(Referral, name) for name in REFERRAL_STEPS]
    for row in session.execute(
        select(Referral.person_id, Referral.status, *steps).where(Referral.deleted_at.is_(None))
    ):
        statuses[row.person_id].append(row.status)
        moments[row.person_id] += referral_steps(dict(row._mapping))
    items = []
    for person_id, created_at in people:
        last = last_contact(created_at, dates[person_id], moments[person_id], [])
        due = person_due(last, statuses[person_id], held_notices[person_id], settings)
        if _past(due, today):
            title = f"Victim or witness record, last contact {_long_date(last)}"
            items.append(_item("people", person_id, title, due, PERSON_ERASES))
    return items


NOTICE_ERASES = (
    "The recipient's name, date of birth, address, postcode, identity document and "
    "description, the circumstances, victims and witnesses, the body-worn video reference, "
    "the reasons and notes on its timeline, and its photos."
)
PHOTOS_ERASE = "Its photos (the notice itself is kept until its own period ends)."
REGISTER_ERASES = "The names on its register and the text of its follow-ups and disclosures."
DRAFT_ERASES = "The whole draft."
INCIDENT_ERASES = (
    "What happened (the account), the place, its postcode and the crime reference; its kind, "
    "date, ward and hostilities are kept for statistics."
)
PERSON_ERASES = (
    "Their name, how they were known, date of birth, phone, email, address, postcode and "
    "contact preference and notes; the notes on their consents and who recorded them; their "
    "referrals' reasons, risk answers, partner references, outcomes and reasons for stopping; "
    "the comments of their feedback. Dates, partners, statuses and scores are kept for "
    "statistics."
)


def _item(record_type: str, record_id: uuid.UUID, title: str, due: Due, erases: str) -> ReviewItem:
    return ReviewItem(record_type, record_id, title, due.rule, due.due_on, due.held, erases)


# The parts of a record that wait with it: (table, model, the column naming the record).
PARTS = (
    ("notice_events", NoticeEvent, NoticeEvent.notice_id),
    ("evidence_photos", EvidencePhoto, EvidencePhoto.notice_id),
    ("session_register", RegisterEntry, RegisterEntry.session_id),
    ("session_follow_ups", FollowUp, FollowUp.session_id),
    ("person_links", PersonLink, PersonLink.person_id),
    ("consents", Consent, Consent.person_id),
    ("referrals", Referral, Referral.person_id),
    ("victim_feedback", VictimFeedback, VictimFeedback.person_id),
)


def waiting_ids(session: Session) -> set[uuid.UUID]:
    """Records with changes not yet sent, and the notices, sessions and people their parts
    belong to."""
    rows = session.execute(
        select(OutboxEntry.record_type, OutboxEntry.record_id).where(
            OutboxEntry.status.in_((OutboxStatus.PENDING, OutboxStatus.NEEDS_ATTENTION))
        )
    ).all()
    found = {record_id for _type, record_id in rows}
    for name, model, parent in PARTS:
        ids = [record_id for record_type, record_id in rows if record_type == name]
        if ids:
            found.update(session.scalars(select(parent).where(model.id.in_(ids))))
    return found


def _held_if_waiting(item: ReviewItem, waiting: set[uuid.UUID]) -> ReviewItem:
    """Held while the record (or a part of it) has changes this laptop has not sent."""
    if item.held or not waiting or item.record_type.endswith("_drafts"):
        return item
    if item.record_id in waiting:
        return _with_hold(item)
    return item


def _with_hold(item: ReviewItem) -> ReviewItem:
    return ReviewItem(
        item.record_type, item.record_id, item.title, item.rule, item.due_on, WAITING, item.erases
    )
