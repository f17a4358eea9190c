"""Demo warnings and notices for ``hfhate --demo``: two years of them, every status, every ward.

Everything is made through the real services (``issue_notice``, ``record_warning``,
``amend_notice``, ``apply_action``) at moments in the past, so each record has its timeline,
audit events and outbox entries, and the rules hold for every one of them. A seeded random
generator makes the same records for the same day. People are fictional (see
``demo_notice_texts``); officers are the demo accounts, and the demo supervisor follows up.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.clock import LONDON, london_date
from hfhate.models import FixedPenaltyNotice, NoticeStatus, User, utc_now
from hfhate.services.actor import Actor
from hfhate.services.demo import notice_texts as texts
from hfhate.services.device import set_device_code
from hfhate.services.notices.issuing import amend_notice, issue_notice, record_warning
from hfhate.services.notices.lifecycle import Action, Payment, amount_due, apply_action
from hfhate.services.notices.rules import NoticeInput, Override, PersonInput
from hfhate.services.notices.settings import current_settings
from hfhate.services.reference import reference

DEMO_DEVICE_CODE = 7
SEED = 20240708
NOTICES, WARNINGS, REFERRALS = 340, 120, 14
OFFICERS = ("officer", "officer", "mkowalski", "mkowalski", "dbrown", "asaeed")
DAYS_BACK = 730
S, A = NoticeStatus, Action
# How the demo supervisor's follow-up ends, for notices old enough to get there.
OUTCOMES = {
    S.PAID: 46,
    S.CONVICTED: 8,
    S.CANCELLED: 6,
    S.REFERRED_FOR_PROSECUTION: 4,
    S.REMINDER_2: 4,
    S.WRITTEN_OFF: 4,
    S.ISSUED: 3,
    S.REMINDER_1: 3,
    S.REPRESENTATION_RECEIVED: 3,
    S.DISMISSED: 2,
    S.WITHDRAWN: 2,
}
Step = tuple[date, Action, str]


@dataclass(frozen=True)
class _Planned:
    """One record to make: when it was issued, what it is and who issued it."""

    issued_at: datetime
    kind: str  # notice, warning or referral
    officer: Actor
    ward: str


def fill_demo_notices(
    session: Session, admin: Actor, device_id: uuid.UUID, *, now: datetime | None = None
) -> int:
    """Number this laptop 7 and fill it with demo records; returns how many were made."""
    now = now or utc_now()
    set_device_code(session, admin, DEMO_DEVICE_CODE)
    rng = random.Random(SEED)
    officers = [_actor(session, username, device_id) for username in OFFICERS]
    supervisor = _actor(session, "supervisor", device_id)
    first = max(
        current_settings(session).pspo_in_force_from, london_date(now) - timedelta(days=DAYS_BACK)
    )
    plans = _plan(rng, officers, first, now)
    warnings: list[FixedPenaltyNotice] = []
    outcomes = _outcomes(rng, sum(1 for p in plans if p.kind == "notice"))
    for plan in plans:
        entry = _entry(rng, plan, supervisor, warnings)
        if plan.kind == "warning":
            warnings.append(record_warning(session, plan.officer, entry, now=plan.issued_at))
            continue
        notice = issue_notice(session, plan.officer, entry, now=plan.issued_at)
        if plan.kind == "notice":
            _follow_up(session, rng, notice, plan, supervisor, next(outcomes), now)
    return len(plans)


def _actor(session: Session, username: str, device_id: uuid.UUID) -> Actor:
    user = session.scalars(select(User).where(User.username == username)).one()
    return Actor.of(user, device_id)


def _plan(rng: random.Random, officers: list[Actor], first: date, now: datetime) -> list[_Planned]:
    """Every record's moment, kind, officer and ward, oldest first (numbers follow time)."""
    wards = list(reference().wards)
    kinds = ["notice"] * NOTICES + ["warning"] * WARNINGS + ["referral"] * REFERRALS
    span = (london_date(now) - first).days
    plans = []
    for number, kind in enumerate(kinds):
        day = first + timedelta(days=rng.randint(0, span))
        hour = rng.choices(range(9, 24), weights=[1, 1, 2, 3, 3, 3, 4, 5, 6, 6, 6, 5, 4, 3, 2])[0]
        offence = datetime.combine(day, time(hour, rng.randint(0, 59)), LONDON)
        issued = min(offence + timedelta(minutes=rng.randint(6, 35)), now - timedelta(minutes=1))
        ward = wards[number] if number < len(wards) else rng.choice(wards)  # every ward once
        plans.append(_Planned(issued, kind, rng.choice(officers), ward))
    return sorted(plans, key=lambda p: p.issued_at)


def _outcomes(rng: random.Random, count: int) -> Iterator[NoticeStatus]:
    """Each notice's final status: the first few (the oldest) cover every one, then weighted."""
    cycle = list(OUTCOMES)
    rest = rng.choices(cycle, weights=list(OUTCOMES.values()), k=max(0, count - len(cycle)))
    return iter(cycle + rest)


def _entry(
    rng: random.Random, plan: _Planned, supervisor: Actor, warnings: list[FixedPenaltyNotice]
) -> NoticeInput:
    district, places = texts.WARD_PLACES[plan.ward]
    place = rng.choice(places)
    prohibition = rng.choice(list(texts.ACCOUNTS))
    fitting, accounts = texts.ACCOUNTS[prohibition]
    hostilities = _hostilities(rng, fitting)
    issued_day = london_date(plan.issued_at)
    point = texts.DISTRICT_POINTS[district] if rng.random() < 0.5 else None
    entry = NoticeInput(
        offence_at=plan.issued_at - timedelta(minutes=rng.randint(5, 30)),
        place=place,
        postcode=_postcode(rng, district),
        ward=plan.ward,
        latitude=None if point is None else round(point[0] + rng.uniform(-0.004, 0.004), 5),
        longitude=None if point is None else round(point[1] + rng.uniform(-0.004, 0.004), 5),
        prohibition=prohibition,
        hostilities=hostilities,
        circumstances=rng.choice(accounts).format(place=place),
        body_worn_video=(
            f"BWV-{_initials(plan.officer)}-{issued_day:%y%m%d}-{rng.randint(1, 40):02d}"
        )
        if rng.random() < 0.75
        else "",
        people=_people(rng),
    )
    if plan.kind == "referral":
        return replace(
            entry,
            identity_method="refused",
            recipient_description=rng.choice(texts.REFUSED_DESCRIPTIONS),
        )
    entry = _with_recipient(rng, entry, issued_day)
    earlier = [
        w
        for w in warnings
        if w.issued_at < plan.issued_at - timedelta(days=3) and w.recipient_age_band != "14-17"
    ]
    if plan.kind == "notice" and earlier and rng.random() < 0.25:
        warned = rng.choice(earlier)
        entry = replace(
            entry,
            earlier_warning=True,
            earlier_warning_id=warned.id,
            recipient_name=warned.recipient_name,
            recipient_date_of_birth=warned.recipient_date_of_birth,
            recipient_age_band=warned.recipient_age_band or "",
            recipient_address=warned.recipient_address,
            recipient_postcode=warned.recipient_postcode,
        )
    young = rng.random() < (0.12 if plan.kind == "warning" else 0.04) and not entry.earlier_warning
    if young:
        entry = replace(entry, recipient_date_of_birth=None, recipient_age_band="14-17")
    if plan.kind == "notice" and rng.random() < 0.02:
        entry = replace(entry, appears_vulnerable=True)
    if plan.kind == "notice" and (young or entry.appears_vulnerable):
        entry = replace(
            entry,
            override=Override(
                supervisor.user_id, supervisor.full_name, rng.choice(texts.OVERRIDE_REASONS)
            ),
        )
    return entry


def _initials(officer: Actor) -> str:
    return "".join(part[0] for part in officer.full_name.split()).upper()


def _hostilities(rng: random.Random, fitting: tuple[str, ...]) -> tuple[str, ...]:
    first = rng.choice(fitting)
    others = [h for h in fitting if h not in (first, "none_apparent")]
    if first != "none_apparent" and others and rng.random() < 0.2:
        return (first, rng.choice(others))
    return (first,)


def _postcode(rng: random.Random, district: str) -> str:
    letters = rng.choice(texts.INWARD_LETTERS) + rng.choice(texts.INWARD_LETTERS)
    return f"{district} {rng.randint(0, 9)}{letters}"


def _with_recipient(rng: random.Random, entry: NoticeInput, issued_day: date) -> NoticeInput:
    age = rng.randint(19, 63)
    born = date(issued_day.year - age, 1, 1) + timedelta(days=rng.randint(0, 364))
    banded = rng.random() < 0.2
    flat = f"Flat {rng.randint(1, 40)}, " if rng.random() < 0.35 else ""
    documents = reference().identity_documents
    method = "document" if rng.random() < 0.65 else "police_check"
    return replace(
        entry,
        recipient_name=f"{rng.choice(texts.FIRST_NAMES)} {rng.choice(texts.SURNAMES)}",
        recipient_date_of_birth=None if banded else born,
        recipient_age_band=rng.choice(reference().age_bands[2:]) if banded else "",
        recipient_address=f"{flat}{rng.randint(1, 180)} {rng.choice(texts.STREETS)}, London",
        recipient_postcode=_postcode(rng, rng.choice(texts.HOME_DISTRICTS)),
        identity_method=method,
        identity_document=rng.choice(documents[:6]) if method == "document" else "",
    )


def _people(rng: random.Random) -> tuple[PersonInput, ...]:
    people: list[PersonInput] = []
    for _ in range(rng.choice((0, 1, 1, 1, 2))):
        witness = bool(people) or rng.random() < 0.2
        offered = "none" if witness else rng.choice(("none", "victim_support", "stop_hate_uk"))
        consent = rng.random() < 0.6
        people.append(
            PersonInput(
                role="witness" if witness else "victim",
                name=rng.choice(texts.WITNESS_NAMES if witness else texts.VICTIM_NAMES),
                contact=f"07700 900{rng.randint(0, 999):03d}" if consent else "",
                consent_to_contact=consent,
                referral_offered=offered,
                referral_accepted=offered != "none" and rng.random() < 0.5,
            )
        )
    return tuple(people)


def _follow_up(
    session: Session,
    rng: random.Random,
    notice: FixedPenaltyNotice,
    plan: _Planned,
    supervisor: Actor,
    outcome: NoticeStatus,
    now: datetime,
) -> None:
    """Take the notice towards ``outcome``, one supervisor move at a time, up to today."""
    moment = plan.issued_at
    if (
        rng.random() < 0.04
        and plan.issued_at + timedelta(hours=3) < now
        and not notice.recipient_address.startswith("Flat")
    ):
        moment = plan.issued_at + timedelta(hours=rng.randint(1, 3))
        amend_notice(
            session,
            plan.officer,
            notice.id,
            {"recipient_address": "Flat 2, " + notice.recipient_address},
            reason="Recipient gave the flat number after the notice was printed.",
            now=moment,
        )
    for day, action, reason in _steps(rng, notice, outcome):
        candidate = datetime.combine(day, time(rng.randint(9, 16), rng.randint(0, 59)), LONDON)
        moment = max(candidate, moment + timedelta(minutes=1))
        if moment > now or london_date(moment) != day:
            return
        payment = None
        if action is A.RECORD_PAYMENT:
            due = amount_due(notice, day)
            assert due is not None
            method = rng.choice(list(reference().payment_methods))
            payment = Payment(day, due, method, f"PAY-{rng.randint(100000, 999999)}")
        apply_action(
            session,
            supervisor,
            notice.id,
            action,
            reason=reason,
            payment=payment,
            today=day,
            now=moment,
        )


def _steps(rng: random.Random, notice: FixedPenaltyNotice, outcome: NoticeStatus) -> list[Step]:
    """The moves from issue to ``outcome``, each on its day (reasons where the rules ask)."""
    issued = london_date(notice.issued_at)
    assert notice.reduced_until is not None and notice.no_proceedings_until is not None
    reminder_1 = notice.reduced_until + timedelta(days=rng.randint(1, 4))
    reminder_2 = reminder_1 + timedelta(days=rng.randint(14, 21))
    reminders: list[Step] = [
        (reminder_1, A.SEND_REMINDER_1, ""),
        (reminder_2, A.SEND_REMINDER_2, ""),
    ]
    refer_day = max(
        notice.no_proceedings_until + timedelta(days=1),
        reminder_2 + timedelta(days=rng.randint(7, 21)),
    )
    referral: list[Step] = [
        *reminders,
        (refer_day, A.REFER_FOR_PROSECUTION, "Unpaid after two reminders."),
    ]
    court_day = refer_day + timedelta(days=rng.randint(35, 120))
    representation = issued + timedelta(days=rng.randint(1, 8))
    received: Step = (representation, A.RECEIVE_REPRESENTATION, rng.choice(texts.REPRESENTATIONS))
    decided = representation + timedelta(days=rng.randint(3, 12))
    if outcome is S.PAID:
        if rng.random() < 0.7:
            return [(issued + timedelta(days=rng.randint(1, 9)), A.RECORD_PAYMENT, "")]
        if rng.random() < 0.3:
            return [
                received,
                (decided, A.REJECT_REPRESENTATION, rng.choice(texts.REJECTED)),
                (decided + timedelta(days=rng.randint(1, 10)), A.RECORD_PAYMENT, ""),
            ]
        return [
            reminders[0],
            (reminder_1 + timedelta(days=rng.randint(2, 20)), A.RECORD_PAYMENT, ""),
        ]
    if outcome is S.CANCELLED and rng.random() < 0.5:
        return [received, (decided, A.ACCEPT_REPRESENTATION, rng.choice(texts.ACCEPTED))]
    if outcome is S.CANCELLED:
        return [
            (issued + timedelta(days=rng.randint(1, 5)), A.CANCEL, rng.choice(texts.CANCEL_REASONS))
        ]
    if outcome is S.WRITTEN_OFF:
        return [
            *reminders,
            (
                reminder_2 + timedelta(days=rng.randint(30, 60)),
                A.WRITE_OFF,
                rng.choice(texts.WRITE_OFF_REASONS),
            ),
        ]
    verdicts = {
        S.CONVICTED: (A.RECORD_CONVICTED, ""),
        S.DISMISSED: (A.RECORD_DISMISSED, ""),
        S.WITHDRAWN: (A.RECORD_WITHDRAWN, rng.choice(texts.WITHDRAWN_REASONS)),
    }
    if outcome in verdicts:
        action, reason = verdicts[outcome]
        return [*referral, (court_day, action, reason)]
    return {
        S.REFERRED_FOR_PROSECUTION: referral,
        S.REMINDER_2: reminders,
        S.REMINDER_1: reminders[:1],
        S.REPRESENTATION_RECEIVED: [received],
    }.get(outcome, [])
