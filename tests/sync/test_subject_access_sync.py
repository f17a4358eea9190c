"""Subject access over a real server: a request reaches other supervisors' laptops and no
officer's, and a supervisor's rectification on one laptop is taken by the server as normal
updates and reaches the officers whose notices it corrected."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import select

from hfhate.models import FixedPenaltyNotice, RegisterEntry, Role, SubjectAccessRequest
from hfhate.server.db import make_server_engine, make_sessions
from hfhate.server.models import ServerRecordRow
from hfhate.services.actor import Actor
from hfhate.services.subject_access import requests
from hfhate.services.subject_access.rectification import Correction, rectify
from hfhate.services.subject_access.rules import RequestInput
from hfhate.services.subject_access.search import PersonQuery, search_person
from tests.fixtures.subject_access import JOHN_DOB, NOW, TODAY, build_scenario
from tests.sync.conftest import Laptop, ServerProcess


def _server_names(server: ServerProcess) -> dict[str, str]:
    engine = make_server_engine(server.database_url)
    try:
        with make_sessions(engine)() as session:
            rows = session.scalars(
                select(ServerRecordRow).where(ServerRecordRow.record_type == "notices")
            ).all()
            return {str(r.record_id): r.fields["recipient_name"] for r in rows}
    finally:
        engine.dispose()


def _server_field(server: ServerProcess, record_id: object, field: str) -> object:
    engine = make_server_engine(server.database_url)
    try:
        with make_sessions(engine)() as session:
            row = session.scalars(
                select(ServerRecordRow).where(ServerRecordRow.record_id == record_id)
            ).one()
            return row.fields[field]
    finally:
        engine.dispose()


def _requests(laptop: Laptop) -> int:
    with laptop.store.session_factory() as session:
        return len(session.scalars(select(SubjectAccessRequest)).all())


def test_a_request_and_a_rectification_travel_as_they_should(
    server: ServerProcess, make_laptop: Callable[..., Laptop], tmp_path: Path
) -> None:
    north = make_laptop(server, "north")
    made: dict[str, Actor] = {}

    def add(*roles: Role, username: str) -> Actor:
        made[username] = north.add(username, *roles)
        return made[username]

    scenario = build_scenario(north.store, north.admin, add, tmp_path / "photos")
    north.enrol()
    for name in ("tom", "sam", "priya"):
        north.sync(made[name])
    office = make_laptop(server, "office")
    sue = office.add("sue", Role.SUPERVISOR)
    office.enrol()
    office.sync(sue)

    with office.store.session_factory.begin() as session:
        request = requests.record_request(
            session,
            sue,
            RequestInput(
                requester_name="John Smith",
                requester_date_of_birth=JOHN_DOB,
                received_on=TODAY,
                identified_by="Passport seen at the Town Hall",
            ),
            today=TODAY,
        )
        hits = search_person(session, sue, PersonQuery("John Smith", JOHN_DOB))
        targets = [h for h in hits if h.role in {"recipient", "witness", "attendee"}]
        targets = [h for h in targets if not h.flag]
        rectify(
            session,
            sue,
            targets,
            Correction(name="Jonathan Smith"),
            reason="Passport seen: the full name is Jonathan Smith.",
            now=NOW,
        )
        rectify(
            session,
            sue,
            [h for h in targets if h.role == "recipient"],
            Correction(date_of_birth=date(1985, 4, 3), address="14a Greyhound Road, London"),
            reason="A council tax bill shows the flat and the right date of birth.",
            now=NOW,
        )
    report = office.sync(sue)
    assert report.needs_attention == 0, "the server refused part of the correction"
    names = _server_names(server)
    assert names[str(scenario.notice.id)] == names[str(scenario.warning.id)] == "Jonathan Smith"
    assert _server_field(server, scenario.warning.id, "recipient_date_of_birth") == "1985-04-03"
    assert _server_field(server, scenario.notice.id, "recipient_address") == (
        "14a Greyhound Road, London"
    )

    north.sync(north.admin)  # an administrator who is not a supervisor: no request
    assert _requests(north) == 0
    north.sync(made["tom"])  # an officer: his notices corrected, no request
    with north.store.session_factory() as session:
        notice = session.get(FixedPenaltyNotice, scenario.notice.id)
        assert notice is not None and notice.recipient_name == "Jonathan Smith"
    assert _requests(north) == 0
    # Another supervisor's laptop receives the request and the corrected register entry.
    east = make_laptop(server, "east")
    ann = east.add("ann", Role.SUPERVISOR)
    east.enrol()
    east.sync(ann)
    with east.store.session_factory() as session:
        received = session.get(SubjectAccessRequest, request.id)
        assert received is not None and received.due_on == request.due_on
        on_register = session.scalars(select(RegisterEntry.name)).all()
        assert sorted(on_register) == ["Amelia Attendee", "Jonathan Smith"]
        witnessed = session.get(FixedPenaltyNotice, scenario.witnessed.id)
        assert witnessed is not None
        assert [p["name"] for p in witnessed.people] == ["Priya Victim", "Jonathan Smith"]
