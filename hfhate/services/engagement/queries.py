"""Finding sessions (search, filters, pages) and the staff-training finder.

Queries return pages of plain rows, so a list over tens of thousands of sessions opens without
loading them all. Engagement officers and supervisors see every session: the team shares its
programmes. The finder lists everyone on a training register with their latest training, and
picks out who has not been trained within the last N months (a setting).
"""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from sqlalchemy import Select, String, cast, func, or_, select
from sqlalchemy.orm import Session

from hfhate.models import EngagementSession, Organisation, RegisterEntry, Role
from hfhate.services.actor import Actor, require
from hfhate.services.audit import audit
from hfhate.services.device import get_setting, put_setting
from hfhate.services.engagement.rules import engagement_reference, fold, london_today
from hfhate.services.errors import ValidationFailed

READERS = (Role.ENGAGEMENT_OFFICER, Role.SUPERVISOR)
TRAINING_PERIOD_KEY = "engagement_training_refresh_months"
S = EngagementSession


@dataclass(frozen=True)
class SessionFilter:
    """What the list shows: a search text and filters, all optional."""

    text: str = ""
    session_type: str = ""
    ward: str = ""
    organisation_id: uuid.UUID | None = None
    date_from: date | None = None
    date_to: date | None = None
    facilitator_id: uuid.UUID | None = None
    topic: str = ""


@dataclass(frozen=True)
class SessionRow:
    """One line of the sessions list."""

    id: uuid.UUID
    session_date: date
    start_time: time
    end_time: time
    session_type: str
    title: str
    specialised_topic: str
    organisation: str
    venue: str
    ward: str
    audience: str
    attendees: int
    facilitator_ids: list[str]


ROW_COLUMNS = (
    S.id,
    S.session_date,
    S.start_time,
    S.end_time,
    S.session_type,
    S.title,
    S.specialised_topic,
    Organisation.name,
    S.venue,
    S.ward,
    S.audience,
    S.attendees,
    S.facilitator_ids,
)


def _query(actor: Actor, flt: SessionFilter, *, counting: bool = False) -> Select[*tuple[Any, ...]]:
    require(actor, *READERS, to="see engagement sessions")
    text = flt.text.strip()
    query: Select[*tuple[Any, ...]]
    if counting:
        # The organisation's name is only needed to count when the search may match it.
        query = select(S.id).where(S.deleted_at.is_(None))
    else:
        query = select(*ROW_COLUMNS).where(S.deleted_at.is_(None))
    if text or not counting:
        query = query.outerjoin(Organisation, Organisation.id == S.organisation_id)
    if text:
        like = f"%{text.replace('%', '').replace('_', '')}%"
        query = query.where(
            or_(
                S.title.ilike(like),
                S.venue.ilike(like),
                Organisation.name.ilike(like),
                S.notes.ilike(like),
            )
        )
    if flt.session_type:
        query = query.where(S.session_type == flt.session_type)
    if flt.ward:
        query = query.where(S.ward == flt.ward)
    if flt.organisation_id:
        query = query.where(S.organisation_id == flt.organisation_id)
    if flt.date_from:
        query = query.where(S.session_date >= flt.date_from)
    if flt.date_to:
        query = query.where(S.session_date <= flt.date_to)
    if flt.facilitator_id:
        query = query.where(cast(S.facilitator_ids, String).like(f'%"{flt.facilitator_id}"%'))
    if flt.topic:
        query = query.where(
            or_(S.specialised_topic == flt.topic, cast(S.topics, String).like(f'%"{flt.topic}"%'))
        )
    return query


def count_sessions(session: Session, actor: Actor, flt: SessionFilter) -> int:
    subquery = _query(actor, flt, counting=True).subquery()
    return session.scalar(select(func.count()).select_from(subquery)) or 0


def list_sessions(
    session: Session, actor: Actor, flt: SessionFilter, *, offset: int = 0, limit: int = 200
) -> list[SessionRow]:
    """One page of the list, newest first (ties broken by id, so pages never overlap)."""
    query = _query(actor, flt).order_by(S.session_date.desc(), S.start_time.desc(), S.id.desc())
    return [SessionRow(*row) for row in session.execute(query.offset(offset).limit(limit))]


def training_period_months(session: Session) -> int:
    """N in "not trained in the last N months": the store's setting, or the shipped default."""
    stored = get_setting(session, TRAINING_PERIOD_KEY)
    return int(stored) if stored else engagement_reference().training_refresh_months


def set_training_period_months(session: Session, actor: Actor, months: int) -> None:
    """Supervisors set how often staff should be trained again."""
    require(actor, Role.SUPERVISOR, to="change the staff training period")
    if not 1 <= months <= 120:
        raise ValidationFailed({"months": "Choose from 1 to 120 months."})
    before = training_period_months(session)
    if before != months:
        put_setting(session, TRAINING_PERIOD_KEY, months)
        audit(session, actor, "training_period_changed", details={"from": before, "to": months})


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier, or the month's last day if it is shorter."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class TrainedPerson:
    """Someone on a training register: their latest training and how often they came."""

    name: str
    role: str
    organisation: str
    last_trained: date
    last_session_id: uuid.UUID
    last_session_type: str
    times_trained: int

    def due(self, cutoff: date) -> bool:
        return self.last_trained < cutoff


def trained_people(
    session: Session,
    actor: Actor,
    *,
    text: str = "",
    organisation: str = "",
) -> list[TrainedPerson]:
    """Everyone on a training register, by name; the same name at the same organisation is
    one person. ``text`` matches names and roles; ``organisation`` is matched whole."""
    require(actor, *READERS, to="see who has been trained")
    types = sorted(engagement_reference().register_types)
    query = (
        select(
            RegisterEntry.name_key,
            RegisterEntry.organisation_key,
            RegisterEntry.name,
            RegisterEntry.role,
            RegisterEntry.organisation,
            S.session_date,
            S.id,
            S.session_type,
        )
        .join(S, S.id == RegisterEntry.session_id)
        .where(
            RegisterEntry.deleted_at.is_(None), S.deleted_at.is_(None), S.session_type.in_(types)
        )
        .order_by(S.session_date, S.start_time)
    )
    if organisation:
        query = query.where(RegisterEntry.organisation_key == fold(organisation))
    wanted = fold(text)
    people: dict[tuple[str, str], TrainedPerson] = {}
    for name_key, org_key, name, role, org, day, session_id, kind in session.execute(query):
        if wanted and wanted not in name_key and wanted not in fold(role):
            continue
        earlier = people.get((name_key, org_key))
        people[(name_key, org_key)] = TrainedPerson(
            name=name,
            role=role or (earlier.role if earlier else ""),
            organisation=org,
            last_trained=day,
            last_session_id=session_id,
            last_session_type=kind,
            times_trained=(earlier.times_trained if earlier else 0) + 1,
        )
    return sorted(people.values(), key=lambda p: (fold(p.name), fold(p.organisation)))


def not_trained_since(
    session: Session,
    actor: Actor,
    *,
    months: int | None = None,
    today: date | None = None,
    text: str = "",
    organisation: str = "",
) -> tuple[date, list[TrainedPerson]]:
    """The cutoff date and the people whose latest training was before it."""
    period = months if months is not None else training_period_months(session)
    cutoff = months_before(today or london_today(), period)
    found = trained_people(session, actor, text=text, organisation=organisation)
    return cutoff, [p for p in found if p.due(cutoff)]


def register_organisations(session: Session, actor: Actor) -> list[str]:
    """Organisations named on training registers, for the finder's filter."""
    require(actor, *READERS, to="see who has been trained")
    rows = session.execute(
        select(RegisterEntry.organisation_key, func.min(RegisterEntry.organisation))
        .where(RegisterEntry.deleted_at.is_(None), RegisterEntry.organisation_key != "")
        .group_by(RegisterEntry.organisation_key)
        .order_by(RegisterEntry.organisation_key)
    )
    return [name for _key, name in rows]
