"""The services' own rules on the server: check_notice, amendments, the lifecycle, sessions.

Creates and amendments go through the in-process app. Status moves are checked against the
server's status before the change (``rules.check(before=...)``), so they are also decided here
by calling the rules directly with the stored record, as a push does.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from hfhate.server import rules
from hfhate.server.accounts import Caller
from hfhate.server.models import EnrolledDevice, ServerRecordRow, ServerUser
from hfhate.services.notices.moves import prosecution_deadline
from tests.server.conftest import Server, change, notice_fields
from tests.server.test_push_pull import push


@pytest.fixture
def people(server: Server) -> dict[str, Any]:
    """An officer and a supervisor, each signed in on a laptop of their own."""
    olly, sue = server.add_user("olly", "authorised_officer"), server.add_user("sue", "supervisor")
    olly_device, olly_token, code = server.enrol()
    sue_device, sue_token, _ = server.enrol()
    return {
        "olly": olly,
        "olly_device": olly_device,
        "code": code,
        "olly_headers": server.sign_in(olly_token, "olly"),
        "sue": sue,
        "sue_device": sue_device,
        "sue_headers": server.sign_in(sue_token, "sue"),
    }


def issue(
    server: Server, people: dict[str, Any], **overrides: Any
) -> tuple[uuid.UUID, dict[str, Any]]:
    """Push a new notice from the officer; its id and the result."""
    record = uuid.uuid4()
    fields = notice_fields(people["olly"], people["code"], 1, **overrides)
    result = push(
        server,
        people["olly_headers"],
        change(people["olly_device"], people["olly"], record, fields),
    )[0]
    return record, result


def decide(
    server: Server, people: dict[str, Any], who: str, record: uuid.UUID, fields: dict[str, Any]
) -> str:
    """The rules' answer to an update of a stored notice: "" when allowed, else the reason."""
    with server.sessions() as session:
        row = session.get_one(ServerRecordRow, ("notices", record))
        caller = Caller(
            session.get_one(EnrolledDevice, people[f"{who}_device"]),
            session.get_one(ServerUser, people[who]),
        )
        try:
            rules.check(
                session,
                caller,
                "notices",
                "update",
                dict(row.fields) | fields,
                set(fields),
                row.owner_id,
                before=dict(row.fields),
            )
        except rules.ChangeRefused as refused:
            return str(refused)
    return ""


def test_a_notice_check_notice_refuses_is_rejected_with_the_laptops_words(
    server: Server, people: dict[str, Any]
) -> None:
    _, result = issue(server, people, recipient_address="", circumstances="Shouted at her.")
    assert result["result"] == "rejected"
    assert "Enter the recipient's address, or tick 'No fixed abode'." in result["reason"]
    assert "in at least 80 characters" in result["reason"]
    _, future = issue(server, people, offence_at="2025-03-12T18:00:00+00:00")
    assert "The offence cannot be in the future" in future["reason"]
    _, wrong_start = issue(
        server,
        people,
        identity_method="refused",
        recipient_description="Tall man in a grey hooded jacket, about 30",
    )
    assert wrong_start["result"] == "rejected" and "referred to police" in wrong_start["reason"]
    _, good = issue(server, people)
    assert good["result"] == "applied"


def test_officers_amend_what_the_laptop_lets_them_and_nothing_else(
    server: Server, people: dict[str, Any]
) -> None:
    record, _ = issue(server, people)
    olly, device, headers = people["olly"], people["olly_device"], people["olly_headers"]
    bad_postcode = change(
        device, olly, record, {"recipient_postcode": "nowhere"}, operation="update", base_version=1
    )
    ward = change(device, olly, record, {"ward": "Addison"}, operation="update", base_version=1)
    paid = change(
        device,
        olly,
        record,
        {"status": "paid", "paid_on": "2025-03-14", "paid_amount_pence": 6000},
        operation="update",
        base_version=1,
    )
    good = change(
        device,
        olly,
        record,
        {"recipient_address": "14 Sample Road, London"},
        operation="update",
        base_version=1,
    )
    results = push(server, headers, bad_postcode, ward, paid, good)
    assert [r["result"] for r in results] == ["rejected", "rejected", "rejected", "applied"]
    assert "This is not a UK postcode" in results[0]["reason"]
    assert "can only be amended" in results[1]["reason"] and "ward" in results[1]["reason"]
    assert "supervisor" in results[2]["reason"]


def test_status_moves_follow_the_lifecycle_from_the_servers_status(
    server: Server, people: dict[str, Any]
) -> None:
    record, _ = issue(server, people)
    assert decide(server, people, "sue", record, {"status": "convicted"}) == (
        "A notice cannot go from 'issued' to 'convicted'."
    )
    assert decide(server, people, "sue", record, {"status": "written_off"}) == ""
    assert "supervisor" in decide(server, people, "olly", record, {"status": "cancelled"})
    too_little = decide(
        server,
        people,
        "sue",
        record,
        {"status": "paid", "paid_on": "2025-03-14", "paid_amount_pence": 5999},
    )
    assert "paid exactly when the payments received reach the amount due" in too_little
    payment = {"status": "paid", "paid_on": "2025-03-14", "paid_amount_pence": 6000}
    assert decide(server, people, "sue", record, payment) == ""
    # Through the app, as a supervisor's laptop pushes it: it applies.
    sue, sue_device = people["sue"], people["sue_device"]
    applied = push(
        server,
        people["sue_headers"],
        change(sue_device, sue, record, payment, operation="update", base_version=1),
    )[0]
    assert applied["result"] == "applied"
    assert decide(server, people, "sue", record, {"status": "issued"}) == (
        "A notice cannot go from 'paid' to 'issued'."
    )
    # A change that repeats the status the server already holds is no move at all.
    assert decide(server, people, "sue", record, {"status": "paid"}) == ""


def test_a_move_not_possible_yet_gets_the_lifecycles_reason(
    server: Server, people: dict[str, Any]
) -> None:
    now = datetime.now(UTC)
    record, result = issue(
        server,
        people,
        issued_at=now.isoformat(),
        offence_at=(now - timedelta(hours=1)).isoformat(),
        reduced_until=(date.today() + timedelta(days=10)).isoformat(),
        no_proceedings_until=(date.today() + timedelta(days=14)).isoformat(),
        pay_by=(date.today() + timedelta(days=14)).isoformat(),
        prosecute_by=prosecution_deadline(now - timedelta(hours=1), 6).isoformat(),
    )
    assert result["result"] == "applied", result
    assert "The reduced-payment period runs until" in decide(
        server, people, "sue", record, {"status": "reminder_1"}
    )
    assert "No proceedings may be taken until after" in decide(
        server, people, "sue", record, {"status": "referred_for_prosecution"}
    )
    assert (
        decide(
            server,
            people,
            "sue",
            record,
            {"status": "representation_received", "status_before_representation": "issued"},
        )
        == ""
    )


def test_a_session_the_laptop_would_not_save_is_rejected(server: Server) -> None:
    erin = server.add_user("erin", "engagement_officer")
    device, token, _ = server.enrol()
    headers = server.sign_in(token, "erin")
    now = datetime.now(UTC).isoformat()
    fields = {
        "session_type": "community_event",
        "title": "Stall at the market",
        "specialised_topic": "",
        "session_date": "2025-03-12",
        "start_time": "10:00:00",
        "end_time": "09:00:00",
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
        "deleted_at": None,
    }
    wrong = change(device, erin, uuid.uuid4(), fields, record_type="engagement_sessions")
    right = change(
        device,
        erin,
        uuid.uuid4(),
        fields | {"end_time": "12:00:00"},
        record_type="engagement_sessions",
    )
    results = push(server, headers, wrong, right)
    assert [r["result"] for r in results] == ["rejected", "applied"], results
    assert "The session must end after it starts (10:00)" in results[0]["reason"]
