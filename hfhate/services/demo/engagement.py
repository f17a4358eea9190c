"""Sample engagement sessions for demo and training mode, across the wards and two school years.

Sessions of every type, recorded through the services by the demo engagement officers
(engagement, jlee, asaeed), with registers for training, confidence answers, feedback and
follow-ups, some of them overdue. Dates count back from today, so the demo always looks current.
Names of schools, partners and people are made up.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.models import EngagementSession, Organisation, User
from hfhate.services.actor import Actor
from hfhate.services.engagement.follow_ups import add_follow_up, complete_follow_up
from hfhate.services.engagement.organisations import OrganisationInput, add_organisation
from hfhate.services.engagement.rules import (
    Answers,
    ConfidenceInput,
    FollowUpInput,
    RegisterPerson,
    SessionInput,
    engagement_reference,
    london_today,
)
from hfhate.services.engagement.sessions import record_session
from hfhate.services.reference import reference

FACILITATORS = ("engagement", "jlee", "asaeed")
SCHOOLS = (
    ("Coningham Road Primary School", "primary", "Coningham"),
    ("Old Oak Vale Primary School", "primary", "College Park & Old Oak"),
    ("Munster Gardens Primary School", "primary", "Munster"),
    ("Sands End Primary School", "primary", "Sands End"),
    ("Wendell Green Primary School", "primary", "Wendell Park"),
    ("Riverside Fulham Academy", "secondary", "Fulham Reach"),
    ("Shepherd's Bush High School", "secondary", "Shepherd's Bush Green"),
    ("White City Community School", "secondary", "White City"),
    ("Grove Park Sixth Form College", "sixth_form", "Grove"),
)
PARTNERS = (
    ("Metropolitan Police, H&F", "police"),
    ("Stop Hate UK", "voluntary"),
    ("Victim Support, West London", "voluntary"),
    ("H&F Council Housing", "council"),
    ("H&F Council Libraries", "council"),
    ("H&F Interfaith Forum", "faith"),
    ("West London Pride Network", "voluntary"),
    ("Disability Action Network H&F", "voluntary"),
    ("King Street Traders' Association", "business"),
    ("Riverside Tenants' Association", "housing"),
)
STAFF = (
    ("Alex Morgan", "Housing officer", "H&F Council Housing"),
    ("Bea Okonjo", "Tenancy sustainment officer", "H&F Council Housing"),
    ("Carl Reyes", "Caretaker", "H&F Council Housing"),
    ("Dana Whitfield", "Library assistant", "H&F Council Libraries"),
    ("Eli Novak", "Library manager", "H&F Council Libraries"),
    ("Farah Qureshi", "Parks officer", "H&F Council"),
    ("Gus Pereira", "Neighbourhood warden", "H&F Council"),
    ("Hana Sato", "Youth worker", "H&F Council"),
    ("Ivan Petrov", "Customer services adviser", "H&F Council"),
    ("Jade Brooks", "PCSO", "Metropolitan Police, H&F"),
    ("Kofi Mensah", "PC", "Metropolitan Police, H&F"),
    ("Lena Fischer", "Community nurse", "NHS North West London"),
    ("Marcus Bell", "Bus station supervisor", "Transport for London"),
    ("Nadia Haddad", "Family support worker", "H&F Council"),
    ("Owen Price", "Licensing officer", "H&F Council"),
    ("Paula Duarte", "Street cleansing supervisor", "H&F Council"),
    ("Quinn Avery", "Security officer", "Westfield London"),
    ("Rosa Lindqvist", "Shop manager", "King Street Traders' Association"),
    ("Sami Haidari", "Outreach worker", "Riverside Tenants' Association"),
    ("Tara Flynn", "Receptionist", "H&F Council"),
)
TITLES = {
    "school_programme": (
        "{years} hate crime awareness",
        "{years} assembly: speaking up",
        "{years} workshop: online hate",
    ),
    "bystander_training": ("Bystander training: safe ways to step in", "Active bystander workshop"),
    "staff_training": (
        "Recognising and reporting hate crime",
        "Hate crime awareness for frontline staff",
    ),
    "specialised_training": ("Specialised training: {topic}",),
    "community_event": (
        "Community safety forum",
        "Hate Crime Awareness Week stall",
        "Residents' drop-in on street harassment",
    ),
    "partner_meeting": ("Hate Crime Steering Group", "Partners' referral pathways meeting"),
}
VENUES = {
    "school_programme": ("School hall", "Classroom", "Library"),
    "bystander_training": ("Hammersmith Library", "Fulham Library", "Shepherd's Bush Library"),
    "staff_training": ("Hammersmith Town Hall", "Council training room, 145 King Street"),
    "specialised_training": ("Hammersmith Town Hall", "Online (Teams)"),
    "community_event": ("Lyric Square", "White City Community Centre", "Fulham Broadway"),
    "partner_meeting": ("Hammersmith Town Hall", "Online (Teams)"),
}
AUDIENCE = {
    "school_programme": "pupils",
    "bystander_training": "residents",
    "staff_training": "staff",
    "specialised_training": "professionals",
    "community_event": "mixed",
    "partner_meeting": "professionals",
}
ACTIONS = (
    "Send the slides and reporting leaflets",
    "Arrange a follow-up lesson",
    "Share Stop Hate UK posters for the noticeboard",
    "Book the next session",
    "Send the feedback summary to the head of service",
)
FEEDBACK = (
    "Attendees said the real examples helped.",
    "Asked for more on online hate.",
    "Several did not know about third-party reporting before today.",
    "Good discussion; ask for a longer slot next time.",
    "",
)
SPECIAL_TOPICS = ("antisemitism", "islamophobia", "lgbt_hate", "disability_hate")


@dataclass
class _Demo:
    """What the sessions are made from: the officers, organisations and a seeded dice."""

    today: date
    dice: random.Random
    officers: list[Actor]
    schools: list[Organisation]
    partners: list[Organisation]
    first_january: date  # the middle of last school year


def fill_engagement_demo(session: Session, device_id: uuid.UUID, today: date | None = None) -> None:
    """Add organisations and sessions from the start of last school year to yesterday."""
    today = today or london_today()
    users = {
        u.username: u for u in session.scalars(select(User).where(User.username.in_(FACILITATORS)))
    }
    officers = [Actor.of(users[name], device_id) for name in FACILITATORS]
    start = date(today.year - (1 if today.month >= 9 else 2), 9, 1)
    demo = _Demo(today, random.Random(4), officers, [], [], date(start.year + 1, 1, 1))
    ref = engagement_reference()
    for name, phase, ward in SCHOOLS:
        demo.schools.append(
            add_organisation(
                session,
                officers[0],
                OrganisationInput(
                    name=name,
                    kind="school",
                    school_phase=phase,
                    ward=ward,
                    year_groups=tuple(ref.phase_year_groups[phase]),
                ),
            )
        )
    for name, kind in PARTNERS:
        demo.partners.append(
            add_organisation(session, officers[0], OrganisationInput(name=name, kind=kind))
        )
    types = list(ref.session_types)
    day, number = start, 0
    while day < today:
        if day.weekday() < 5 and day.month != 8:
            _session(session, demo, types[number % len(types)], day, number)
            number += 1
        day += timedelta(days=demo.dice.choice((2, 3, 4)))
    _overdue_for(session, demo, demo.officers[0])


def _overdue_for(session: Session, demo: _Demo, officer: Actor) -> None:
    """Two overdue actions for the first officer, so their start page has something to show."""
    recent = session.scalars(
        select(EngagementSession)
        .where(
            EngagementSession.created_by_id == officer.user_id,
            EngagementSession.session_date < demo.today - timedelta(days=10),
        )
        .order_by(EngagementSession.session_date.desc())
        .limit(2)
    ).all()
    for record, text in zip(
        recent,
        ("Send the register to the head of service", "Arrange a follow-up lesson"),
        strict=False,
    ):
        add_follow_up(
            session,
            officer,
            record.id,
            FollowUpInput(
                "action",
                text,
                owner_id=officer.user_id,
                due_on=record.session_date + timedelta(days=7),
            ),
        )


def _session(session: Session, demo: _Demo, kind: str, day: date, number: int) -> None:
    dice, wards = demo.dice, reference().wards
    officer = demo.officers[number % len(demo.officers)]
    school = dice.choice(demo.schools) if kind == "school_programme" else None
    years = tuple(dice.sample(school.year_groups, 1)) if school else ()
    topic = SPECIAL_TOPICS[number % len(SPECIAL_TOPICS)] if kind == "specialised_training" else ""
    ref = engagement_reference()
    title = dice.choice(TITLES[kind]).format(
        years=" and ".join(years), topic=ref.topics.get(topic, "")
    )
    attendees = dice.randint(18, 32) if school else dice.randint(6, 24)
    early = day < demo.first_january
    register = _register(dice, attendees, early) if kind in ref.register_types else ()
    breakdown = {"pupils": attendees - 2, "staff": 2} if school else {}
    hour = dice.choice((9, 10, 13, 14, 18)) if not school else dice.choice((9, 11, 13))
    others = [o.user_id for o in demo.officers if o is not officer]
    entry = SessionInput(
        session_type=kind,
        title=title[:200],
        specialised_topic=topic,
        session_date=day,
        start_time=time(hour, dice.choice((0, 15, 30))),
        end_time=time(hour + dice.choice((1, 2)), 0),
        venue=dice.choice(VENUES[kind]),
        ward=school.ward if school else wards[number % len(wards)],
        organisation_id=school.id
        if school
        else dice.choice([None, *[p.id for p in demo.partners]]),
        year_groups=years,
        audience=AUDIENCE[kind],
        attendees=attendees,
        breakdown=breakdown,
        facilitator_ids=(officer.user_id, *dice.sample(others, dice.randint(0, 1))),
        partner_ids=tuple(p.id for p in dice.sample(demo.partners, dice.randint(0, 2))),
        categories=tuple(dice.sample(list(ref.categories), dice.randint(1, 3))),
        topics=tuple(dice.sample(list(ref.topics), dice.randint(1, 3))),
        materials=dice.choice(
            ("Slides and reporting leaflets", "Scenario cards", "Stop Hate UK posters", "")
        ),
        feedback=dice.choice(FEEDBACK),
        confidence=_confidence(dice, attendees) if kind != "partner_meeting" else (),
        register=register,
    )
    record = record_session(session, officer, entry, today=demo.today)
    if number % 3 == 0:
        _follow_ups(session, demo, record, officer, school is not None)


def _register(dice: random.Random, attendees: int, early: bool) -> tuple[RegisterPerson, ...]:
    # The last eight were trained only in the autumn term of last school year, so the finder
    # shows them as due a refresher.
    pool = STAFF if early else STAFF[:-8]
    people = dice.sample(pool, min(attendees, dice.randint(4, 10)))
    return tuple(RegisterPerson(name, role, organisation) for name, role, organisation in people)


def _confidence(dice: random.Random, attendees: int) -> tuple[ConfidenceInput, ...]:
    if dice.random() < 0.4:
        return ()
    questions = dice.sample(list(engagement_reference().confidence_questions), 2)
    answers = []
    for question in questions:
        before = round(dice.uniform(1.8, 3.2), 1)
        after = round(min(5.0, before + dice.uniform(0.6, 1.7)), 1)
        answers.append(
            ConfidenceInput(
                question,
                Answers(before, dice.randint(attendees // 2, attendees)),
                Answers(after, dice.randint(attendees // 2, attendees)),
            )
        )
    return tuple(answers)


def _follow_ups(
    session: Session, demo: _Demo, record: EngagementSession, officer: Actor, at_school: bool
) -> None:
    dice, today = demo.dice, demo.today
    due = record.session_date + timedelta(days=dice.choice((7, 14, 21)))
    follow_up = add_follow_up(
        session,
        officer,
        record.id,
        FollowUpInput("action", dice.choice(ACTIONS), owner_id=officer.user_id, due_on=due),
    )
    # Past actions were done a few days before they were due, but a few recent ones are late.
    if due < today and (due < today - timedelta(days=45) or dice.random() < 0.6):
        complete_follow_up(
            session,
            officer,
            follow_up.id,
            "Done and filed.",
            today=min(due - timedelta(days=2), today),
        )
    if at_school and dice.random() < 0.35:
        flagged = dice.random() < 0.6
        due = record.session_date + timedelta(days=7)
        disclosure = add_follow_up(
            session,
            officer,
            record.id,
            FollowUpInput(
                "disclosure",
                "A pupil described being called names because of their religion "
                "on the way to school.",
                category="hate_incident",
                referral=dice.choice(("school_safeguarding_lead", "stop_hate_uk", "police")),
                flagged=flagged,
                owner_id=officer.user_id if flagged else None,
                due_on=due if flagged else None,
            ),
        )
        if flagged and due < today - timedelta(days=45):
            complete_follow_up(
                session,
                officer,
                disclosure.id,
                "Checked with the school that the referral was picked up.",
                today=due,
            )
