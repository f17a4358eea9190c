"""Rows for the notices benchmark: a store with officers, and 100,000 notices made in bulk.

The rows go in with SQLAlchemy Core bulk inserts (no services: these are the data the list
reads, not the operation measured), spread as real records are: about 85% notices and 15%
warnings, statuses weighted towards paid, all 21 wards, offence times over two years,
names from a few thousand combinations, five officers on five laptops.
"""

from __future__ import annotations

import random
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from hfhate.config import Paths
from hfhate.models import FixedPenaltyNotice, NoticeKind, NoticeStatus, Role, new_id
from hfhate.models.store import Store, open_store
from hfhate.security.store_key import DEMO_KEY
from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.demo.notice_texts import (
    ACCOUNTS,
    FIRST_NAMES,
    INWARD_LETTERS,
    SURNAMES,
    WARD_PLACES,
)
from hfhate.services.device import set_device_code, this_device
from hfhate.services.notices.numbering import NoticeNumber
from hfhate.services.reference import reference

PASSWORD = "correct horse battery"
S = NoticeStatus
STATUS_WEIGHTS = {
    S.PAID: 45,
    S.ISSUED: 8,
    S.REMINDER_1: 5,
    S.REMINDER_2: 5,
    S.CANCELLED: 6,
    S.REPRESENTATION_RECEIVED: 2,
    S.REFERRED_FOR_PROSECUTION: 4,
    S.CONVICTED: 8,
    S.DISMISSED: 2,
    S.WITHDRAWN: 2,
    S.WRITTEN_OFF: 3,
    S.REFERRED_TO_POLICE: 3,
}
CHUNK = 5_000


@dataclass
class BenchStore:
    """A store with its administrator, an officer and a supervisor signed in."""

    store: Store
    admin: Actor
    officer: Actor
    supervisor: Actor


def make_store(data_dir: Path, officers: int = 1) -> tuple[BenchStore, list[Actor]]:
    """A new store numbered 42, with ``officers`` authorised officers and a supervisor."""
    store = open_store(Paths(data_dir), DEMO_KEY)
    with store.session_factory.begin() as session:
        device_id = this_device(session).id
        user = accounts.create_first_administrator(
            session,
            device_id,
            full_name="Bench Admin",
            username="admin",
            password=PASSWORD,
            confirm=PASSWORD,
        )
        admin = Actor.of(user, device_id)
        set_device_code(session, admin, 42)

        def add(username: str, name: str, role: Role, number: str) -> Actor:
            added = accounts.add_user(
                session,
                admin,
                accounts.NewUser(
                    full_name=name,
                    username=username,
                    roles=frozenset({role}),
                    authorisation_number=number,
                    password=PASSWORD,
                    confirm=PASSWORD,
                ),
            )
            return Actor.of(added, device_id)

        supervisor = add("super", "Bench Supervisor", Role.SUPERVISOR, "")
        team = [
            add(
                f"officer{i}",
                f"{FIRST_NAMES[i]} {SURNAMES[i]}",
                Role.AUTHORISED_OFFICER,
                f"LET-{i:04d}",
            )
            for i in range(officers)
        ]
    return BenchStore(store, admin, team[0], supervisor), team


def fill_notices(bench: BenchStore, team: list[Actor], count: int, *, seed: int = 8) -> None:
    """Insert ``count`` notices and warnings in bulk, in one transaction."""
    rng = random.Random(seed)
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    wards = list(reference().wards)
    prohibitions = list(ACCOUNTS)
    end = datetime(2026, 6, 30, 18, 0, tzinfo=UTC)
    table = FixedPenaltyNotice.__table__
    sequences = dict.fromkeys(range(len(team)), 0)
    with bench.store.engine.begin() as connection:
        rows = []
        for _ in range(count):
            who = rng.randrange(len(team))
            officer = team[who]
            offence = end - timedelta(minutes=rng.randint(0, 730 * 24 * 60))
            warning = rng.random() < 0.15
            status = S.WARNING_GIVEN if warning else rng.choices(statuses, weights)[0]
            numbered = not warning and status is not S.REFERRED_TO_POLICE
            number = None
            if numbered:
                sequences[who] += 1
                number = NoticeNumber(who + 1, sequences[who])
            ward = rng.choice(wards)
            district, places = WARD_PLACES[ward]
            prohibition = rng.choice(prohibitions)
            fitting, texts = ACCOUNTS[prohibition]
            place = rng.choice(places)
            rows.append(
                _row(
                    rng,
                    officer,
                    offence,
                    warning,
                    status,
                    number,
                    ward,
                    district,
                    place,
                    prohibition,
                    rng.choice(fitting),
                    rng.choice(texts).format(place=place),
                )
            )
            if len(rows) == CHUNK:
                connection.execute(insert(table), rows)
                rows = []
        if rows:
            connection.execute(insert(table), rows)


def _row(
    rng: random.Random,
    officer: Actor,
    offence: datetime,
    warning: bool,
    status: NoticeStatus,
    number: NoticeNumber | None,
    ward: str,
    district: str,
    place: str,
    prohibition: str,
    hostility: str,
    circumstances: str,
) -> dict[str, object]:
    issued = offence + timedelta(minutes=rng.randint(5, 40))
    day = issued.date()
    numbered = number is not None
    paid = status is S.PAID
    inward = f"{rng.randint(0, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
    return {
        "id": new_id(),
        "created_at": issued,
        "updated_at": issued,
        "version": 1,
        "deleted_at": None,
        "created_by_id": officer.user_id,
        "created_on_device_id": officer.device_id,
        "kind": NoticeKind.WARNING if warning else NoticeKind.NOTICE,
        "status": status,
        "number": str(number) if number else None,
        "device_code": number.device_code if number else None,
        "sequence": number.sequence if number else None,
        "issued_at": issued,
        "officer_id": officer.user_id,
        "officer_name": officer.full_name,
        "officer_authorisation_number": "LET-0000",
        "offence_at": offence,
        "place": place,
        "postcode": f"{district} {inward}",
        "ward": ward,
        "latitude": None,
        "longitude": None,
        "prohibition": prohibition,
        "hostilities": [hostility],
        "circumstances": circumstances,
        "earlier_warning": False,
        "earlier_warning_id": None,
        "recipient_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
        "recipient_date_of_birth": day.replace(year=day.year - rng.randint(19, 60), day=1),
        "recipient_age_band": None,
        "recipient_address": f"{rng.randint(1, 200)} Example Road",
        "recipient_postcode": f"{district} {inward}",
        "identity_method": "police_check",
        "identity_document": None,
        "recipient_description": "",
        "appears_vulnerable": False,
        "override_by_id": None,
        "override_reason": None,
        "body_worn_video": "",
        "people": [],
        "amount_pence": 10000 if numbered else None,
        "reduced_amount_pence": 6000 if numbered else None,
        "reduced_until": day + timedelta(days=10) if numbered else None,
        "pay_by": day + timedelta(days=14) if numbered else None,
        "no_proceedings_until": day + timedelta(days=14) if numbered else None,
        "paid_on": day + timedelta(days=5) if paid else None,
        "paid_amount_pence": 6000 if paid else None,
        "status_before_representation": None,
    }


def row_ids(cursor: sqlite3.Cursor) -> list[uuid.UUID]:
    """The ids of an executed ``SELECT *`` (SQLAlchemy stores UUIDs on SQLite as 32 hex)."""
    rows = cursor.fetchall()
    at = [column[0] for column in cursor.description].index("id")
    return [uuid.UUID(hex=str(row[at])) for row in rows]
