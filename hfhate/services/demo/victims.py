"""Sample incidents, victims, witnesses, consents, referrals and feedback for ``hfhate --demo``.

Made through the victims services by the demo officers, after the notices and sessions: a few
dozen incidents over the last four months with their people (some returning, some linked to a
demo notice or a disclosure at a session), consents, referrals in every state (some overdue:
sent weeks ago and never acknowledged) and feedback. A seeded random generator makes the same
records for the same day. Everyone is fictional; phone numbers are in Ofcom's drama range.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.clock import LONDON, london_date
from hfhate.models import (
    EngagementSession,
    FixedPenaltyNotice,
    FollowUp,
    OutboxEntry,
    Person,
    PersonLink,
    Referral,
    User,
    utc_now,
)
from hfhate.records.codec import wire_value
from hfhate.services.actor import Actor
from hfhate.services.demo import notice_texts as texts
from hfhate.services.victims.consent import record_consent
from hfhate.services.victims.feedback import FeedbackInput, record_feedback
from hfhate.services.victims.incidents import IncidentInput, record_incident
from hfhate.services.victims.people import PersonInput, add_link, record_person
from hfhate.services.victims.referrals import (
    ReferralInput,
    acknowledge_referral,
    close_referral,
    draft_referral,
    record_outcome,
    send_referral,
    stop_referral,
)
from hfhate.services.victims.words import victim_words

SEED = 15
INCIDENTS = 32
DAYS_BACK = 120
OFFICERS = ("officer", "mkowalski", "dbrown", "asaeed")
PEOPLE = (
    "Zoë Okonkwo",
    "Amir Haddad",
    "Siobhán Kelly",
    "Tomasz Nowak",
    "Grace Mensah",
    "Rahul Mehta",
    "Leah Cohen",
    "Chloé Martin",
    "Yusuf Ali",
    "María González",
    "Kofi Boateng",
    "Aisha Rahman",
    "Noor Hussain",
    "Eilidh Fraser",
    "Mateus Silva",
    "Ruth Adler",
    "Olu Adebayo",
    "Priti Desai",
    "Iman Farah",
    "José Pereira",
    "Marek Zieliński",
    "Nadia Ahmed",
    "Daniel Osei",
    "Hannah Schmidt",
)
DESCRIBED = (
    "Shopkeeper on North End Road (gave no name)",
    "Older man at the bus stop (gave no name)",
    "Year 9 pupil at the assembly",
)
WITNESSES = ("Sam Taylor", "Lucy Wright", "Ben Carter", "Jamie Clarke")
# hostility -> what happened, as the officer wrote it down
ACCOUNTS = {
    "race": (
        "A man shouted racist abuse at her outside the station and told her to go back home.",
        "Two teenagers threw eggs at his shop window and shouted racist names at him.",
    ),
    "religion": (
        "Her headscarf was pulled by a woman on the bus who swore at her about her faith.",
        "Leaflets mocking his religion were pushed through the door three nights running.",
    ),
    "antisemitic": (
        "Someone painted an antisemitic slogan on the wall by her front door overnight.",
    ),
    "islamophobic": ("A man spat towards him outside the mosque and shouted abuse about Muslims.",),
    "homophobic": (
        "They were followed from the pub and called homophobic names while holding hands.",
    ),
    "transphobic": (
        "A group on the estate shouted transphobic abuse at her and filmed it on a phone.",
    ),
    "disability": (
        "Neighbours mock his stammer every time he leaves the flat and bang on his door.",
    ),
    "misogyny": (
        "A man walked beside her along King Street making sexual comments and blocked her way.",
    ),
}
PARTNER_REASONS = {
    "stop_hate_uk": "She would like someone independent to talk to and help to report again.",
    "victim_support": "He asked for emotional support and help with a new door lock.",
    "met_police": "They want the police to record it as a crime on their behalf.",
    "cmarac": "Repeated targeting at home, getting worse; the risk checklist scores high.",
    "housing_tenancy": "The perpetrators are council tenants on the same estate.",
}
OUTCOMES = (
    "A caseworker called twice and helped her make a statement.",
    "Support sessions arranged; a new lock fitted.",
    "Case heard at the Community MARAC; a safety plan was agreed.",
    "Warning letter sent to the tenants by the housing team.",
)
# The states the referrals end in, one after another (every state, several overdue).
ENDINGS = (
    "closed",
    "sent_overdue",
    "acknowledged",
    "drafted",
    "outcome",
    "sent",
    "sent_overdue",
    "stopped",
    "closed",
    "acknowledged",
    "sent_overdue",
    "outcome",
)


@dataclass
class _Demo:
    rng: random.Random
    now: datetime
    officers: list[Actor]
    people: dict[uuid.UUID, list[Person]] = field(default_factory=dict)  # by officer
    made: int = 0


def _actors(session: Session, usernames: tuple[str, ...], device_id: uuid.UUID) -> list[Actor]:
    users = {
        u.username: u for u in session.scalars(select(User).where(User.username.in_(usernames)))
    }
    return [Actor.of(users[name], device_id) for name in usernames if name in users]


def fill_victims_demo(
    session: Session, device_id: uuid.UUID, *, now: datetime | None = None
) -> int:
    """Add the demo incidents and everything about their people; returns how many incidents."""
    now = now or utc_now()
    demo = _Demo(random.Random(SEED), now, _actors(session, OFFICERS, device_id))
    if not demo.officers:
        return 0
    names = iter(PEOPLE)
    notices = _recent_notices(session, demo)
    disclosures = _disclosures(session, now)
    endings = iter(ENDINGS * 3)
    incidents = 0
    for number in range(INCIDENTS):
        officer = demo.officers[number % len(demo.officers)]
        occurred = now - timedelta(days=DAYS_BACK * (INCIDENTS - number) / INCIDENTS)
        occurred -= timedelta(hours=demo.rng.randint(1, 8))
        source: tuple[str, uuid.UUID] | None = None
        notice = notices.get(officer.user_id, []).pop() if number % 5 == 1 else None
        if notice is not None:
            source = ("notices", notice.id)
        disclosure = disclosures.pop() if number % 7 == 3 and disclosures else None
        if disclosure is not None:
            follow_up, parent, facilitator = disclosure
            officer = Actor.of(facilitator, device_id)
            occurred = datetime.combine(parent.session_date, time(12, 0), LONDON) - timedelta(
                days=demo.rng.randint(2, 20)
            )
            source = ("session_follow_ups", follow_up.id)
        victim = _victim(session, demo, officer, names, notice)
        people = [(victim.id, "victim")]
        if demo.rng.random() < 0.3:
            witness = record_person(
                session,
                officer,
                PersonInput(
                    name=demo.rng.choice(WITNESSES),
                    phone=f"07700 900{demo.rng.randint(0, 999):03d}",
                    contact_preference="phone",
                ),
            )
            people.append((witness.id, "witness"))
        incident = record_incident(
            session,
            officer,
            _incident(demo, occurred, notice, disclosure),
            people,
        )
        incidents += 1
        if source is not None:
            add_link(
                session,
                officer,
                victim,
                "discloser" if source[0] == "session_follow_ups" else "victim",
                *source,
            )
        if number % 3 != 2:
            _referral(
                session, demo, officer, victim, incident.id, incident.occurred_at, next(endings)
            )
    _feedback(session, demo)
    return incidents


def _recent_notices(session: Session, demo: _Demo) -> dict[uuid.UUID, list[FixedPenaltyNotice]]:
    """Each demo officer's notices of the last months with a victim, to link incidents to."""
    since = demo.now - timedelta(days=DAYS_BACK)
    by_officer: dict[uuid.UUID, list[FixedPenaltyNotice]] = {}
    query = (
        select(FixedPenaltyNotice)
        .where(FixedPenaltyNotice.offence_at >= since)
        .order_by(FixedPenaltyNotice.offence_at)
    )
    for notice in session.scalars(query):
        if any(p.get("role") == "victim" and p.get("name") for p in notice.people):
            by_officer.setdefault(notice.officer_id, []).append(notice)
    return by_officer


def _disclosures(session: Session, now: datetime) -> list[tuple[FollowUp, EngagementSession, User]]:
    """Disclosures at recent sessions, with the officer who recorded each."""
    query = (
        select(FollowUp, EngagementSession, User)
        .join(EngagementSession, EngagementSession.id == FollowUp.session_id)
        .join(User, User.id == FollowUp.created_by_id)
        .where(
            FollowUp.kind == "disclosure",
            EngagementSession.session_date >= london_date(now) - timedelta(days=365),
        )
        .order_by(EngagementSession.session_date.desc())
        .limit(5)
    )
    return [(f, s, u) for f, s, u in session.execute(query)]


def _victim(
    session: Session,
    demo: _Demo,
    officer: Actor,
    names: Iterator[str],
    notice: FixedPenaltyNotice | None,
) -> Person:
    """The victim: the notice's own (recorded from it if need be), one of the officer's
    people returning, or someone new."""
    rng = demo.rng
    if notice is not None:
        held = session.scalar(
            select(Person)
            .join(PersonLink, PersonLink.person_id == Person.id)
            .where(
                PersonLink.record_type == "notices",
                PersonLink.record_id == notice.id,
                PersonLink.role == "victim",
            )
        )
        if held is not None and held.created_by_id == officer.user_id:
            return held
        name = next(p["name"] for p in notice.people if p.get("role") == "victim")
        return _new_person(session, demo, officer, name)
    known = demo.people.get(officer.user_id, [])
    if known and rng.random() < 0.2:
        return rng.choice(known)
    name = next(names, None)
    if name is None or rng.random() < 0.1:
        return _new_person(session, demo, officer, "", rng.choice(DESCRIBED))
    return _new_person(session, demo, officer, name)


def _new_person(
    session: Session, demo: _Demo, officer: Actor, name: str, known_as: str = ""
) -> Person:
    rng = demo.rng
    preference = rng.choice(("phone", "phone", "email", "post", "none")) if name else "none"
    district = rng.choice(texts.HOME_DISTRICTS)
    letters = rng.choice(texts.INWARD_LETTERS) + rng.choice(texts.INWARD_LETTERS)
    today = london_date(demo.now)
    person = record_person(
        session,
        officer,
        PersonInput(
            name=name,
            known_as=known_as,
            date_of_birth=(
                date(today.year - rng.randint(19, 78), rng.randint(1, 12), rng.randint(1, 28))
                if name and rng.random() < 0.7
                else None
            ),
            phone=f"07700 900{rng.randint(0, 999):03d}" if name else "",
            email=(
                f"{name.split()[0].lower().encode('ascii', 'ignore').decode()}"
                f"{rng.randint(1, 99)}@example.org"
                if name and (preference == "email" or rng.random() < 0.6)
                else ""
            ),
            address=(f"{rng.randint(1, 180)} {rng.choice(texts.STREETS)}, London" if name else ""),
            postcode=f"{district} {rng.randint(0, 9)}{letters}" if name else "",
            contact_preference=preference,
            contact_notes=rng.choice(
                ("", "", "Call after 6pm.", "Do not leave a voicemail.", "Needs an interpreter.")
            ),
        ),
    )
    demo.people.setdefault(officer.user_id, []).append(person)
    return person


def _incident(
    demo: _Demo,
    occurred: datetime,
    notice: FixedPenaltyNotice | None,
    disclosure: tuple[FollowUp, EngagementSession, User] | None,
) -> IncidentInput:
    rng = demo.rng
    hostility = rng.choice(list(ACCOUNTS))
    if notice is not None:
        ward, place = notice.ward, notice.place
        hostilities = tuple(notice.hostilities) or (hostility,)
        occurred = notice.offence_at - timedelta(minutes=rng.randint(5, 40))
    elif disclosure is not None:
        ward, place = disclosure[1].ward, rng.choice(texts.WARD_PLACES[disclosure[1].ward][1])
        hostilities = (hostility,)
    else:
        ward = rng.choice(list(texts.WARD_PLACES))
        place = rng.choice(texts.WARD_PLACES[ward][1])
        hostilities = (hostility,)
    reported = rng.random() < 0.4
    return IncidentInput(
        kind=rng.choice(("hate_crime", "hate_incident")),
        how_known="witnessed" if notice is not None else "disclosed",
        occurred_at=occurred,
        place=place,
        ward=ward,
        hostilities=hostilities,
        account=rng.choice(ACCOUNTS.get(hostilities[0], ACCOUNTS[hostility])),
        reported_to_police=reported,
        crime_reference=f"CAD {rng.randint(1000, 9999)}/{occurred:%d%b%y}".upper()
        if reported
        else "",
        notice_id=notice.id if notice is not None else None,
        session_id=disclosure[1].id if disclosure is not None else None,
        follow_up_id=disclosure[0].id if disclosure is not None else None,
    )


def _referral(
    session: Session,
    demo: _Demo,
    officer: Actor,
    person: Person,
    incident_id: uuid.UUID,
    occurred: datetime,
    ending: str,
) -> Referral:
    """Consent, then a referral that ends in ``ending``, its steps dated after the incident
    and before now (one sent less than the setting's days ago is not overdue yet)."""
    rng, now = demo.rng, demo.now
    partner = rng.choice(list(PARTNER_REASONS))
    # Consent is asked when the incident is recorded, and the referral drafted then.
    asked = min(occurred + timedelta(minutes=20), now - timedelta(minutes=5))
    record_consent(session, officer, person.id, "contact", True, "in_person", at=asked)
    if partner == "met_police":
        record_consent(session, officer, person.id, "police", True, "in_person", at=asked)
    record_consent(
        session, officer, person.id, "referral", True, "in_person", partner=partner, at=asked
    )
    answers = tuple(rng.sample(sorted(victim_words().risk_checklist), rng.randint(3, 9)))
    referral = draft_referral(
        session,
        officer,
        person.id,
        "incidents",
        incident_id,
        ReferralInput(partner, PARTNER_REASONS[partner], answers if partner == "cmarac" else ()),
    )
    _drafted_at(session, referral, asked + timedelta(minutes=2))
    if ending == "drafted":
        return referral
    if ending == "stopped":
        return stop_referral(session, officer, referral.id, "They decided to wait a few weeks.")

    def later(at: datetime, low: int, high: int) -> datetime:
        return min(at + timedelta(days=rng.randint(low, high)), now - timedelta(minutes=1))

    sent = later(occurred, 1, 3)
    send_referral(session, officer, referral.id, rng.choice(("secure_email", "portal")), at=sent)
    if ending in ("sent", "sent_overdue"):
        return referral
    acknowledged = later(sent, 1, 6)
    reference = f"P-{rng.randint(1000, 9999)}"
    acknowledge_referral(
        session, officer, referral.id, at=acknowledged, partner_reference=reference
    )
    if ending == "acknowledged":
        return referral
    outcome_at = later(acknowledged, 3, 10)
    record_outcome(session, officer, referral.id, rng.choice(OUTCOMES), at=outcome_at)
    if ending == "closed":
        close_referral(session, officer, referral.id, at=later(outcome_at, 1, 3))
    return referral


def _drafted_at(session: Session, referral: Referral, at: datetime) -> None:
    """Date a demo referral as drafted when its incident was recorded (the services stamp
    the moment the demo is built), in the store and in its waiting outbox entry alike."""
    referral.created_at = at
    session.flush()
    entry = session.scalars(
        select(OutboxEntry).where(
            OutboxEntry.record_id == referral.id, OutboxEntry.operation == "create"
        )
    ).one()
    entry.fields = dict(entry.fields) | {"created_at": wire_value(at)}


def _feedback(session: Session, demo: _Demo) -> None:
    """Feedback from the people whose referrals reached their outcome."""
    rng = demo.rng
    rows = session.execute(
        select(Referral, Person.created_by_id)
        .join(Person, Person.id == Referral.person_id)
        .where(Referral.status.in_(("outcome", "closed")))
        .order_by(Referral.outcome_at)
    )
    by_id = {a.user_id: a for a in demo.officers}
    for referral, officer_id in rows:
        officer = by_id.get(officer_id) if officer_id is not None else None
        if officer is None or referral.outcome_at is None:
            continue
        satisfaction = rng.choices((1, 2, 3, 4, 5), weights=(1, 1, 2, 4, 4))[0]
        record_feedback(
            session,
            officer,
            FeedbackInput(
                received_on=min(
                    london_date(referral.outcome_at) + timedelta(days=rng.randint(1, 7)),
                    london_date(demo.now),
                ),
                source=rng.choice(("officer", "paper_form")),
                satisfaction=satisfaction,
                felt_listened_to="yes" if satisfaction >= 4 else rng.choice(("partly", "no")),
                comments="They said the caseworker kept them informed."
                if satisfaction >= 4
                else "",
                person_id=referral.person_id,
                referral_id=referral.id,
            ),
        )
