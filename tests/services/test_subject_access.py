"""Subject access: the deadline, the search across every record type, and the reply.

The person (``tests/fixtures/subject_access.py``) is a recipient twice (once misspelt), a
witness, an attendee and named in a disclosure; someone with a similar name but another date
of birth is found below them and flagged. The reply's PDF and JSON hold all of John's items
and nothing of anyone else.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from hfhate.models import AuditEvent, OutboxEntry, Role, SubjectAccessRequest
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.errors import PermissionDenied, ValidationFailed
from hfhate.services.notices import issuing
from hfhate.services.subject_access import requests
from hfhate.services.subject_access.export import Decision, export_reply
from hfhate.services.subject_access.matching import fold, name_likeness, name_parts
from hfhate.services.subject_access.rules import RequestInput, one_month_after
from hfhate.services.subject_access.search import Hit, PersonQuery, search_person
from tests.fixtures.notices import notice_entry
from tests.fixtures.subject_access import (
    JOHN_DOB,
    NOW,
    OTHER_PEOPLE,
    TODAY,
    Scenario,
    build_scenario,
)


@pytest.fixture
def scenario(store: Store, admin: Actor, make_actor, tmp_path: Path) -> Scenario:  # type: ignore[no-untyped-def]
    return build_scenario(store, admin, make_actor, tmp_path / "photos")


def _request(store: Store, actor: Actor, **changes: object) -> SubjectAccessRequest:
    entry = RequestInput(
        requester_name="John Smith",
        requester_date_of_birth=JOHN_DOB,
        requester_postcode="W6 8NJ",
        received_on=date(2025, 3, 3),
        identified_by="Passport seen at the Town Hall",
    )
    with store.session_factory.begin() as session:
        return requests.record_request(
            session, actor, RequestInput(**(vars(entry) | changes)), today=TODAY
        )


def _search(store: Store, actor: Actor, **query: object) -> list[Hit]:
    with store.session_factory.begin() as session:
        return search_person(session, actor, PersonQuery(**query))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2025, 1, 31), date(2025, 2, 28)),
        (date(2024, 1, 31), date(2024, 2, 29)),  # a leap year
        (date(2025, 3, 3), date(2025, 4, 3)),
        (date(2025, 12, 15), date(2026, 1, 15)),
        (date(2025, 8, 31), date(2025, 9, 30)),
        (date(2024, 2, 29), date(2024, 3, 29)),
        (date(2025, 12, 31), date(2026, 1, 31)),
    ],
)
def test_the_deadline_is_one_calendar_month(received: date, due: date) -> None:
    assert one_month_after(received) == due


def test_accents_apostrophes_and_typos_are_tolerated() -> None:
    assert fold("Siobhán O’Neill") == "siobhan oneill"
    assert name_likeness(name_parts("Siobhan O'Neil"), name_parts("Siobhán O’Neill")) > 0.9
    assert name_likeness(name_parts("John Smith"), name_parts("Jon Smyth")) > 0.8
    assert name_likeness(name_parts("John Smith"), name_parts("John Brown")) == 0.0


def test_a_request_is_recorded_with_its_deadline_and_syncs(store, scenario) -> None:  # type: ignore[no-untyped-def]
    request = _request(store, scenario.supervisor, received_on=date(2025, 1, 31))
    with store.session_factory.begin() as session:
        saved = session.get(SubjectAccessRequest, request.id)
        assert (saved.due_on, saved.status) == (date(2025, 2, 28), "open")
        queued = session.scalars(
            select(OutboxEntry).where(OutboxEntry.record_id == request.id)
        ).one()
        assert queued.record_type == "subject_access_requests"
        overdue = requests.overdue_requests(session, scenario.supervisor, today=TODAY)
        assert [r.id for r in overdue] == [request.id]


def test_a_request_needs_a_name_a_date_and_how_the_person_was_identified(store, scenario) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as refused:
        _request(store, scenario.supervisor, requester_name=" ", identified_by="", received_on=None)
    assert set(refused.value.field_errors) == {"requester_name", "identified_by", "received_on"}


def test_only_a_supervisor_searches(store, scenario, make_actor) -> None:  # type: ignore[no-untyped-def]
    officer = make_actor(Role.AUTHORISED_OFFICER, username="ola")
    with pytest.raises(PermissionDenied):
        _search(store, officer, name="John Smith")


def test_the_person_is_found_everywhere_and_the_namesake_below(store, scenario) -> None:  # type: ignore[no-untyped-def]
    hits = _search(store, scenario.supervisor, name="John Smith", date_of_birth=JOHN_DOB)
    found = {(hit.record_type, hit.role, hit.record_id) for hit in hits}
    assert ("notices", "recipient", scenario.notice.id) in found
    assert ("notices", "recipient", scenario.warning.id) in found  # "Jon Smyth"
    assert ("notices", "witness", scenario.witnessed.id) in found
    assert {h.record_type for h in hits} >= {
        "session_register",
        "session_follow_ups",
        "evidence_photos",
    }
    misspelt = next(h for h in hits if h.record_id == scenario.warning.id)
    assert any("Jon Smyth" in why and "like" in why for why in misspelt.why)
    assert "Date of birth matches" in misspelt.why
    joan = next(h for h in hits if h.record_id == scenario.joan.id)
    assert joan.flag.startswith("Date of birth differs")
    assert hits.index(joan) > max(
        hits.index(h) for h in hits if h.record_type == "notices" and not h.flag
    )
    assert all(h.where for h in hits) and all(h.why for h in hits)


def test_the_search_is_one_combination_row_without_the_terms(store, scenario) -> None:  # type: ignore[no-untyped-def]
    hits = _search(store, scenario.supervisor, name="John Smith", postcode="w6 8nj")
    with store.session_factory.begin() as session:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "subject_access_searched")
        ).all()
    assert len(rows) == 1
    details = rows[0].details
    assert rows[0].operation == "combination" and details["count"] == len(hits)
    assert set(rows[0].record_ids or []) == {str(h.record_id) for h in hits}
    said = json.dumps([details, rows[0].record_ids, rows[0].recipients]).casefold()
    assert "smith" not in said and "w6" not in said


def test_search_by_postcode_or_date_of_birth_alone(store, scenario) -> None:  # type: ignore[no-untyped-def]
    by_postcode = _search(store, scenario.supervisor, postcode="w6 8nj")
    assert {h.record_id for h in by_postcode if h.record_type == "notices"} == {
        scenario.notice.id,
        scenario.warning.id,
    }
    by_address = _search(store, scenario.supervisor, address="greyhound  ROAD")
    assert {h.record_id for h in by_address if h.record_type == "notices"} == {
        scenario.notice.id,
        scenario.warning.id,
    }
    by_birth = _search(store, scenario.supervisor, date_of_birth=date(1972, 11, 9))
    assert [h.record_id for h in by_birth if h.record_type == "notices"] == [scenario.joan.id]
    with pytest.raises(ValidationFailed):
        _search(store, scenario.supervisor)


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def test_the_reply_holds_everything_of_the_person_and_nothing_of_anyone_else(
    store, scenario, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    supervisor = scenario.supervisor
    request = _request(store, supervisor)
    hits = _search(store, supervisor, name="John Smith", date_of_birth=JOHN_DOB)
    disclosure = next(h for h in hits if h.record_type == "session_follow_ups")
    decisions = {disclosure.key: Decision(False, "prejudice to an investigation")}
    with store.session_factory.begin() as session:
        exported = export_reply(
            session,
            supervisor,
            request.id,
            hits,
            decisions,
            folder=tmp_path / "reply",
            evidence_dir=store.paths.evidence,
            photo_key=store.photo_key,
            today=TODAY,
        )
    text = _pdf_text(exported.pdf)
    for own in ("John Smith", "Jon Smyth", "02 April 1985", "14 Greyhound Road", "W6 8NJ"):
        assert own in text
    assert "07700 900456" in text  # his own contact as a witness
    assert scenario.notice.number in text and scenario.witnessed.number in text
    assert "Caretaker" in text and "Bystander training" in text
    assert "prejudice to an investigation" in text
    assert "[withheld: another person]" in text
    for other in OTHER_PEOPLE:
        assert other not in text, other
    assert len(PdfReader(exported.pdf).pages) >= 3  # cover, items, the photo
    assert exported.pdf.stat().st_mode & 0o777 == 0o600

    document = json.loads(exported.json.read_text())
    included = {item["key"] for item in document["included"]}
    withheld = {item["key"]: item["reason"] for item in document["withheld"]}
    joan_key = f"notices:{scenario.joan.id}"
    # Joan's notice (another date of birth) is set aside: neither given nor listed.
    assert included | set(withheld) == {h.key for h in hits} - {joan_key}
    assert withheld[disclosure.key] == "prejudice to an investigation"
    assert scenario.joan.number not in text
    assert exported.included == len(included)
    photo = next(i for i in document["included"] if i["key"].startswith("evidence_photos"))
    assert photo["photo_base64"]
    raw = exported.json.read_text()
    for other in OTHER_PEOPLE:
        assert other not in raw, other
    for item in document["included"]:
        assert item["title"] in text

    with store.session_factory.begin() as session:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "subject_access_exported")
        ).all()
        kept = session.get(SubjectAccessRequest, request.id)
        assert kept.decisions[disclosure.key] == {
            "include": False,
            "reason": "prejudice to an investigation",
            "someone_else": False,
        }
        assert kept.decisions[joan_key]["someone_else"] is True
    assert len(rows) == 1
    assert rows[0].recipients == ["data subject"]
    assert rows[0].operation == "disclosure"
    assert rows[0].record_ids and str(disclosure.record_id) not in rows[0].record_ids
    assert "smith" not in json.dumps(rows[0].details).casefold()


def test_a_withheld_item_needs_a_reason(store, scenario, tmp_path) -> None:  # type: ignore[no-untyped-def]
    request = _request(store, scenario.supervisor)
    hits = _search(store, scenario.supervisor, name="John Smith", date_of_birth=JOHN_DOB)
    with store.session_factory.begin() as session, pytest.raises(ValidationFailed) as refused:
        export_reply(
            session,
            scenario.supervisor,
            request.id,
            hits,
            {hits[0].key: Decision(False, "")},
            folder=tmp_path,
            evidence_dir=store.paths.evidence,
            photo_key=store.photo_key,
            today=TODAY,
        )
    assert list(refused.value.field_errors) == [hits[0].key]
    assert not list(tmp_path.glob("subject-access-*"))


def test_answering_a_request_takes_it_off_the_overdue_list(store, scenario) -> None:  # type: ignore[no-untyped-def]
    request = _request(store, scenario.supervisor, received_on=date(2025, 1, 31))
    with store.session_factory.begin() as session:
        requests.answer_request(session, scenario.supervisor, request.id, answered_on=TODAY)
        assert requests.overdue_requests(session, scenario.supervisor, today=TODAY) == []
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "subject_access_request_answered")
        ).one()
        assert event.details["late"] is True
        with pytest.raises(ValidationFailed):
            requests.answer_request(session, scenario.supervisor, request.id, answered_on=TODAY)
    assert uuid.UUID(str(request.id))


def test_a_name_typed_without_accents_finds_the_name_held_with_them(store, scenario) -> None:  # type: ignore[no-untyped-def]
    moment = NOW - timedelta(days=1)
    with store.session_factory.begin() as session:
        held = issuing.issue_notice(
            session,
            scenario.officer,
            notice_entry(moment, recipient_name="Siobhán O’Neill", people=()),
            now=moment,
        )
    hits = _search(store, scenario.supervisor, name="Siobhan O'Neil")
    assert [h.record_id for h in hits if h.record_type == "notices"] == [held.id]


def test_an_included_disclosure_names_nobody_else(store, scenario, tmp_path) -> None:  # type: ignore[no-untyped-def]
    request = _request(store, scenario.supervisor)
    hits = _search(store, scenario.supervisor, name="John Smith", date_of_birth=JOHN_DOB)
    with store.session_factory.begin() as session:
        exported = export_reply(
            session,
            scenario.supervisor,
            request.id,
            hits,
            {},  # every default: all of John's included, Joan's set aside
            folder=tmp_path,
            evidence_dir=store.paths.evidence,
            photo_key=store.photo_key,
            today=TODAY,
        )
    text = _pdf_text(exported.pdf)
    assert "said John Smith was abused at the bus stop" in text
    assert "[withheld: another person] said John Smith" in text
    for other in OTHER_PEOPLE:
        assert other not in text, other
        assert other not in exported.json.read_text(), other
