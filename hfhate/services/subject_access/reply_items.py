"""What each hit of a search gives the requester: the record's fields about them, with every
other person named in it redacted.

A notice where the person is the recipient shows their details and the offence; where they
are a victim or witness, their own entry and the facts of the offence, never the recipient's
details; a register entry shows their own line, and counts the others without naming them.
Free text (circumstances, descriptions, disclosures, notes) is given with the names of the
other people the record holds replaced by ``WITHHELD``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.clock import LONDON
from hfhate.models import (
    EngagementSession,
    EvidencePhoto,
    FixedPenaltyNotice,
    FollowUp,
    NoticeEvent,
    NoticeKind,
    RegisterEntry,
)
from hfhate.printing.particulars import long_date, pounds
from hfhate.printing.subject_access_pdf import ReplyItem
from hfhate.services.audit_sentences import record_name
from hfhate.services.reference import reference
from hfhate.services.subject_access.reply_redaction import WITHHELD, redact
from hfhate.services.subject_access.search import Hit
from hfhate.services.subject_access.victims_reply import VICTIM_TYPES, victim_reply_item

ReadPhoto = Callable[[EvidencePhoto], bytes | None]


def reply_item(session: Session, hit: Hit, requester_name: str, read_photo: ReadPhoto) -> ReplyItem:
    """The item of ``hit`` as the requester receives it."""
    if hit.record_type in VICTIM_TYPES:
        return victim_reply_item(session, hit, requester_name)
    if hit.record_type == "notices":
        notice = session.get(FixedPenaltyNotice, hit.record_id)
        assert notice is not None
        return _notice_item(session, hit, notice, requester_name)
    if hit.record_type == "session_register":
        entry = session.get(RegisterEntry, hit.record_id)
        assert entry is not None
        return _register_item(session, hit, entry)
    if hit.record_type == "session_follow_ups":
        follow_up = session.get(FollowUp, hit.record_id)
        assert follow_up is not None
        return _follow_up_item(session, hit, follow_up, requester_name)
    if hit.record_type == "engagement_sessions":
        record = session.get(EngagementSession, hit.record_id)
        assert record is not None
        return _session_item(session, hit, record, requester_name)
    photo = session.get(EvidencePhoto, hit.record_id)
    assert photo is not None
    clear = read_photo(photo)
    fields = [
        ("Attached to", record_name(session, "notices", photo.notice_id, {})),
        ("Kind of file", photo.media_type),
    ]
    if clear is None:
        fields.append(("Note", "The photo is not on this laptop yet; it is sent separately."))
    return ReplyItem(hit.key, hit.where, tuple(fields), clear)


def _notice_item(
    session: Session, hit: Hit, notice: FixedPenaltyNotice, requester_name: str
) -> ReplyItem:
    people: list[dict[str, Any]] = list(notice.people or [])
    label = _capital(record_name(session, "notices", notice.id, {}))
    facts = [
        ("Kind", "Warning" if notice.kind is NoticeKind.WARNING else "Fixed penalty notice"),
        ("Number", notice.number or "none (not numbered)"),
        ("Status", notice.status.label),
        ("Date and time", f"{notice.offence_at.astimezone(LONDON):%d %B %Y, %H:%M}"),
        ("Place", f"{notice.place}, {notice.postcode}"),
        ("Ward", notice.ward),
        ("Prohibition", reference().prohibitions.get(notice.prohibition, notice.prohibition)),
        ("Officer's authorisation number", notice.officer_authorisation_number or "-"),
    ]
    if hit.role == "recipient":
        own = [requester_name, notice.recipient_name]
        others = [str(person.get("name", "")) for person in people]
        fields = facts + [
            ("What happened", redact(notice.circumstances, own, others)),
            ("Your name", notice.recipient_name),
            ("Your date of birth", _date(notice.recipient_date_of_birth)),
            ("Your address", notice.recipient_address),
            ("Your postcode", notice.recipient_postcode),
            ("How you were identified", _identified(notice)),
            ("How you were described", redact(notice.recipient_description, own, others)),
            ("Body-worn video reference", notice.body_worn_video or "-"),
            *_money(notice),
            ("Timeline", _timeline(session, notice)),
        ]
        if people:
            fields.append(("Other people named", f"{len(people)}: {WITHHELD}"))
        return ReplyItem(hit.key, f"{label}: you are the recipient", tuple(fields))
    index = hit.person_index
    mine = people[index] if index is not None and index < len(people) else {}
    own = [requester_name, str(mine.get("name", ""))]
    others = [notice.recipient_name] + [
        str(person.get("name", "")) for number, person in enumerate(people) if number != index
    ]
    fields = facts + [("What happened", redact(notice.circumstances, own, others))]
    if mine:
        fields += [
            ("You are recorded as", str(mine.get("role", "victim")).capitalize()),
            ("Your name", str(mine.get("name", ""))),
            ("Your contact details", str(mine.get("contact", "")) or "-"),
            ("You agreed to be contacted", "Yes" if mine.get("consent_to_contact") else "No"),
            ("Referral offered", str(mine.get("referral_offered", "none")).replace("_", " ")),
            ("Referral accepted", "Yes" if mine.get("referral_accepted") else "No"),
        ]
        title = f"{label}: you are recorded as a {mine.get('role', 'victim')}"
    else:
        title = f"{label}: you are named in it"
    fields.append(("The person the record is about", WITHHELD))
    return ReplyItem(hit.key, title, tuple(fields))


def _register_item(session: Session, hit: Hit, entry: RegisterEntry) -> ReplyItem:
    parent = session.get(EngagementSession, entry.session_id)
    assert parent is not None
    others = _register_names(session, parent, exclude=entry.id)
    fields = (
        *_session_facts(parent),
        ("Your name", entry.name),
        ("Your role", entry.role or "-"),
        ("Your organisation", entry.organisation or "-"),
        ("Other people on the register", f"{len(others)}: {WITHHELD}" if others else "none"),
    )
    label = record_name(session, "engagement_sessions", parent.id, {})
    return ReplyItem(hit.key, f"You attended {label}", fields)


def _follow_up_item(
    session: Session, hit: Hit, follow_up: FollowUp, requester_name: str
) -> ReplyItem:
    parent = session.get(EngagementSession, follow_up.session_id)
    assert parent is not None
    others = _register_names(session, parent)
    what = "Disclosure" if follow_up.kind == "disclosure" else "Follow-up action"
    fields = (
        *_session_facts(parent),
        ("Recorded", what),
        ("What was recorded", redact(follow_up.description, [requester_name], others)),
        ("Referred to", follow_up.referral.replace("_", " ") or "-"),
        ("Outcome", redact(follow_up.outcome, [requester_name], others) or "-"),
    )
    return ReplyItem(hit.key, hit.where, fields)


def _session_item(
    session: Session, hit: Hit, record: EngagementSession, requester_name: str
) -> ReplyItem:
    others = _register_names(session, record)
    fields = (
        *_session_facts(record),
        ("Notes", redact(record.notes, [requester_name], others) or "-"),
        ("Feedback", redact(record.feedback, [requester_name], others) or "-"),
    )
    return ReplyItem(hit.key, hit.where, fields)


def _session_facts(record: EngagementSession) -> Sequence[tuple[str, str]]:
    return (
        ("Session", record.title or record.session_type.replace("_", " ")),
        ("Date", long_date(record.session_date)),
        ("Venue", f"{record.venue} ({record.ward})"),
    )


def _register_names(session: Session, record: EngagementSession, exclude: Any = None) -> list[str]:
    rows = session.scalars(
        select(RegisterEntry).where(
            RegisterEntry.session_id == record.id, RegisterEntry.deleted_at.is_(None)
        )
    )
    return [row.name for row in rows if row.id != exclude]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _date(day: Any) -> str:
    return long_date(day) if day else "-"


def _identified(notice: FixedPenaltyNotice) -> str:
    method = notice.identity_method.replace("_", " ")
    return f"{method}: {notice.identity_document}" if notice.identity_document else method


def _money(notice: FixedPenaltyNotice) -> list[tuple[str, str]]:
    if notice.amount_pence is None:
        return []
    return [
        ("Amount", pounds(notice.amount_pence)),
        ("Pay by", _date(notice.pay_by)),
        ("Paid", f"{pounds(notice.paid_amount_pence)} on {_date(notice.paid_on)}")
        if notice.paid_on
        else ("Paid", "not yet"),
    ]


def _timeline(session: Session, notice: FixedPenaltyNotice) -> str:
    events = session.scalars(
        select(NoticeEvent)
        .where(NoticeEvent.notice_id == notice.id, NoticeEvent.deleted_at.is_(None))
        .order_by(NoticeEvent.at)
    )
    lines = [
        f"{event.at.astimezone(LONDON):%d %B %Y}: {event.action.replace('_', ' ')}"
        for event in events
    ]
    return "\n".join(lines) or "-"
