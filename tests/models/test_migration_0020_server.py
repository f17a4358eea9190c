"""The server's side of migration 0020 (SQLite and PostgreSQL): migration s0013 derives the
person records of the notices and disclosures it holds, the same as a laptop derives; a push
from a laptop of the previous release has them derived in the same batch; and a create of a
record the server holds with the very same fields is answered ``duplicate``.

Laptops of this release say their store schema in a header; a request without it comes from
the previous release (``server/wire_window.py``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from hfhate.server.app import create_app
from hfhate.server.db import make_server_engine, make_sessions, migrate
from hfhate.server.models import ChangeLogEntry, ServerRecordRow
from hfhate.server.settings import ServerSettings
from hfhate.services.victims import derive
from hfhate.sync.schemas import STORE_SCHEMA, STORE_SCHEMA_HEADER
from tests.server.conftest import Server, change, notice_fields
from tests.server.test_push_pull import push

THIS_RELEASE = {STORE_SCHEMA_HEADER: STORE_SCHEMA}
PEOPLE = [
    {
        "role": "victim",
        "name": "Amira Haddad",
        "contact": "07700 900123",
        "consent_to_contact": True,
        "referral_offered": "stop_hate_uk",
        "referral_accepted": True,
    },
    {
        "role": "witness",
        "name": "Tom Price",
        "contact": "tom@example.org",
        "consent_to_contact": False,
        "referral_offered": "none",
        "referral_accepted": False,
    },
]


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[Server]:
    """As ``tests/server/conftest.py`` makes it: the app on a fresh, migrated database."""
    engine = make_server_engine(database_url)
    migrate(engine, tmp_path / "backups")
    app = create_app(ServerSettings(data_dir=tmp_path, database_url=database_url))
    with TestClient(app) as client:
        yield Server(client=client, engine=engine, sessions=make_sessions(engine))
    engine.dispose()


def _notice(officer: uuid.UUID, device: uuid.UUID, code: int, notice_id: uuid.UUID) -> Any:
    return notice_fields(
        officer,
        code,
        1,
        id=str(notice_id),
        people=PEOPLE,
        created_on_device_id=str(device),
        created_by_id=str(officer),
        deleted_at=None,
    )


def _session(erin: uuid.UUID, device: uuid.UUID, session_id: uuid.UUID) -> dict[str, Any]:
    now = datetime.now(UTC).isoformat()
    return {
        "id": str(session_id),
        "session_type": "community_event",
        "title": "Stall at the market",
        "specialised_topic": "",
        "session_date": "2025-03-12",
        "start_time": "10:00:00",
        "end_time": "12:00:00",
        "venue": "North End Road market",
        "ward": "Ravenscourt",
        "organisation_id": None,
        "year_groups": [],
        "audience": "residents",
        "attendees": 40,
        "attendee_breakdown": {},
        "facilitator_ids": [str(erin)],
        "partner_ids": [],
        "categories": [],
        "topics": [],
        "materials": "",
        "notes": "",
        "feedback": "",
        "duplicated_from_id": None,
        "created_at": now,
        "updated_at": now,
        "version": 1,
        "created_by_id": str(erin),
        "created_on_device_id": str(device),
        "deleted_at": None,
    }


def _disclosure(
    erin: uuid.UUID, device: uuid.UUID, session_id: uuid.UUID, follow_up_id: uuid.UUID
) -> dict[str, Any]:
    now = datetime.now(UTC).isoformat()
    return {
        "id": str(follow_up_id),
        "session_id": str(session_id),
        "kind": "disclosure",
        "description": "A stallholder said customers shout abuse at her every week",
        "category": "hate_incident",
        "referral": "police",
        "flagged": False,
        "owner_id": None,
        "due_on": None,
        "done": False,
        "done_on": None,
        "done_by_id": None,
        "outcome": "",
        "created_at": now,
        "updated_at": now,
        "version": 1,
        "created_by_id": str(erin),
        "created_on_device_id": str(device),
        "deleted_at": None,
    }


def _held(server: Server, record_type: str) -> dict[uuid.UUID, dict[str, Any]]:
    with server.sessions() as session:
        rows = session.execute(
            select(ServerRecordRow.record_id, ServerRecordRow.fields).where(
                ServerRecordRow.record_type == record_type
            )
        )
        return {row.record_id: row.fields for row in rows}


def _expected(records: list[derive.Derived]) -> dict[tuple[str, uuid.UUID], dict[str, Any]]:
    return {(r.record_type, r.id): derive.wire(r.values) for r in records}


def _derived_held(server: Server) -> dict[tuple[str, uuid.UUID], dict[str, Any]]:
    held: dict[tuple[str, uuid.UUID], dict[str, Any]] = {}
    for record_type in ("people", "person_links", "consents"):
        held |= {(record_type, i): f for i, f in _held(server, record_type).items()}
    return held


def _pushed(server: Server) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], Any]:
    """A notice with a victim and a witness, a session and a disclosure at it, pushed as this
    release's laptops push them; their fields, and the officer's and engagement officer's
    headers."""
    olly = server.add_user("olly", "authorised_officer")
    erin = server.add_user("erin", "engagement_officer")
    device, token, code = server.enrol()
    as_olly = server.sign_in(token, "olly") | THIS_RELEASE
    as_erin = server.sign_in(token, "erin") | THIS_RELEASE
    notice = _notice(olly, device, code, uuid.uuid4())
    session_id = uuid.uuid4()
    session = _session(erin, device, session_id)
    disclosure = _disclosure(erin, device, session_id, uuid.uuid4())
    results = push(server, as_olly, change(device, olly, uuid.UUID(notice["id"]), notice))
    results += push(
        server,
        as_erin,
        change(device, erin, session_id, session, record_type="engagement_sessions"),
        change(
            device,
            erin,
            uuid.UUID(disclosure["id"]),
            disclosure,
            record_type="session_follow_ups",
        ),
    )
    assert [r["result"] for r in results] == ["applied"] * 3, results
    return notice, session, disclosure, (olly, erin, device, as_olly, as_erin)


def test_s0013_derives_what_a_laptop_derives_and_laptops_pull_it(server: Server) -> None:
    notice, session, disclosure, (olly, erin, _device, as_olly, as_erin) = _pushed(server)
    assert not _derived_held(server)  # this release's laptops derive their own
    with server.engine.begin() as connection:  # the database as the previous server left it
        connection.execute(text("UPDATE server_alembic_version SET version_num = 's0012'"))
        last = connection.execute(text("SELECT max(seq) FROM change_log")).scalar_one()
    migrate(server.engine)
    expected = _expected(
        derive.from_notice(notice)
        + derive.from_disclosure(disclosure, session["title"], session["session_date"])
    )
    assert len(expected) == 3 * len(PEOPLE) + 2
    assert _derived_held(server) == expected
    [discloser] = [f for (t, _), f in expected.items() if t == "people" and not f["name"]]
    assert discloser["known_as"] == (
        "Person who made a disclosure at Stall at the market on 12 Mar 2025"
    )
    with server.sessions() as db:
        logged = {
            (e.record_type, e.record_id): e
            for e in db.scalars(select(ChangeLogEntry).where(ChangeLogEntry.seq > last))
        }
    assert set(logged) == set(expected)
    for key, entry in logged.items():
        assert entry.fields == expected[key] and entry.version == 1 and not entry.as_sent
        assert entry.owner_id == (erin if entry.fields["created_by_id"] == str(erin) else olly)

    pulled_by_olly = _pulled(server, as_olly)
    pulled_by_erin = _pulled(server, as_erin)
    for key, fields in expected.items():
        owner = olly if fields["created_by_id"] == str(olly) else erin
        assert (pulled_by_olly if owner == olly else pulled_by_erin)[key] == fields

    with server.engine.begin() as connection:  # run again: nothing twice
        connection.execute(text("UPDATE server_alembic_version SET version_num = 's0012'"))
    migrate(server.engine)
    assert _derived_held(server) == expected


def _pulled(server: Server, headers: dict[str, str]) -> dict[tuple[str, uuid.UUID], Any]:
    page = server.client.get("/api/v1/pull", headers=headers, params={"limit": 1000}).json()
    return {
        (c["record_type"], uuid.UUID(c["record_id"])): {
            k: v for k, v in c["fields"].items() if k != "version"
        }
        | {"version": c["version"]}
        for c in page["changes"]
    }


def test_a_previous_release_push_has_its_people_derived_in_the_same_batch(
    server: Server,
) -> None:
    olly = server.add_user("olly", "authorised_officer")
    erin = server.add_user("erin", "engagement_officer")
    device, token, code = server.enrol()
    as_olly = server.sign_in(token, "olly")  # no store schema: the previous release
    as_erin = server.sign_in(token, "erin")
    notice = _notice(olly, device, code, uuid.uuid4())
    del notice["created_on_device_id"]  # filled from the device that pushed it
    session_id, follow_up_id = uuid.uuid4(), uuid.uuid4()
    session = _session(erin, device, session_id)
    disclosure = _disclosure(erin, device, session_id, follow_up_id)
    [taken] = push(server, as_olly, change(device, olly, uuid.UUID(notice["id"]), notice))
    assert taken["result"] == "applied", taken
    results = push(
        server,
        as_erin,
        change(device, erin, session_id, session, record_type="engagement_sessions"),
        change(device, erin, follow_up_id, disclosure, record_type="session_follow_ups"),
    )
    assert [r["result"] for r in results] == ["applied", "applied"], results
    held_notice = _held(server, "notices")[uuid.UUID(notice["id"])]
    assert held_notice["people"] == PEOPLE  # as recorded
    expected = _expected(
        derive.from_notice(notice | {"created_on_device_id": str(device)})
        + derive.from_disclosure(disclosure, session["title"], session["session_date"])
    )
    assert _derived_held(server) == expected

    # An amendment adding a witness derives the new place; the others are left alone.
    third = PEOPLE[1] | {"name": "Jo Bloggs", "contact": ""}
    amended = {"people": [*PEOPLE, third], "updated_at": datetime.now(UTC).isoformat()}
    [taken] = push(
        server,
        as_olly,
        change(
            device,
            olly,
            uuid.UUID(notice["id"]),
            amended,
            operation="update",
            base_version=1,
        ),
    )
    assert taken["result"] == "applied", taken
    held = _derived_held(server)
    assert len(held) == len(expected) + 3
    new_person = held[("people", derive.derived_id("notices", notice["id"], 2, "person"))]
    assert new_person["name"] == "Jo Bloggs"


def test_a_create_the_server_holds_exactly_is_a_duplicate_not_a_conflict(
    server: Server,
) -> None:
    notice, _session, _disclosure, (olly, _erin, device, as_olly, _as_erin) = _pushed(server)
    records = derive.from_notice(notice)
    creates = [
        change(device, olly, r.id, derive.wire(r.values), record_type=r.record_type)
        for r in records
    ]
    assert [r["result"] for r in push(server, as_olly, *creates)] == ["applied"] * len(records)
    # The same records derived again elsewhere (another laptop, or the server), sent anew.
    later = datetime.now(UTC).isoformat()
    again = [
        change(
            device,
            olly,
            r.id,
            derive.wire(r.values) | {"updated_at": later},
            record_type=r.record_type,
        )
        for r in records
    ]
    assert [r["result"] for r in push(server, as_olly, *again)] == ["duplicate"] * len(records)
    person = records[0]
    differing = derive.wire(person.values) | {"name": "Amira H."}
    [answer] = push(
        server, as_olly, change(device, olly, person.id, differing, record_type="people")
    )
    assert answer["result"] == "conflict"
