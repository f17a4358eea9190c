"""A laptop of the previous release (wire view 0012) and victims' records, against a real
server on SQLite and PostgreSQL: a supervisor signed in on it is served none of the new
types (pulled or fetched by id, every answer valid in the 0012 format), and it cannot push
them: each is refused, saying to upgrade the laptop."""

from __future__ import annotations

import uuid

import httpx

from hfhate.server.pull import VICTIM_TYPES
from hfhate.sync.compat import laptop_headers
from tests.server.conftest import change
from tests.server.live import Live
from tests.server.test_previous_release import OldLaptop, _pull_all, known_record, live, valid
from tests.server.test_victims_push import NOW, _stamp

__all__ = ["live"]  # the fixture: a server process of the next release, on each database


def test_a_previous_release_laptop_is_neither_served_nor_sends_victims_records(
    live: Live,
) -> None:
    olly_id = live.user("olly", "authorised_officer")
    live.user("sue", "supervisor")
    # This release's laptop: olly records a person and her consent.
    current = live.sign_in(live.enrol(), "olly")
    headers = current.headers | laptop_headers()
    person_id, consent_id = uuid.uuid4(), uuid.uuid4()
    stamp = _stamp(olly_id, current.device_id, person_id)
    person = change(
        current.device_id,
        olly_id,
        person_id,
        stamp | {"name": "Zoë Okonkwo"},
        record_type="people",
    )
    consent = change(
        current.device_id,
        olly_id,
        consent_id,
        _stamp(olly_id, current.device_id, consent_id)
        | {
            "person_id": str(person_id),
            "purpose": "contact",
            "partner": "",
            "given": True,
            "recorded_at": NOW.isoformat(),
            "recorded_by_name": "Olly",
            "method": "in_person",
        },
        record_type="consents",
    )
    reply = httpx.post(
        f"{live.url}/api/v1/push", headers=headers, json={"changes": [person, consent]}
    )
    assert [r["result"] for r in reply.json()["results"]] == ["applied", "applied"], reply.text
    # The supervisor on this release's laptop is served them: the checks below can fail.
    sue_now = live.sign_in(live.enrol(), "sue")
    served = httpx.get(
        f"{live.url}/api/v1/pull",
        headers=sue_now.headers | laptop_headers(),
        params={"limit": 1000},
    )
    assert {"people", "consents"} <= {c["record_type"] for c in served.json()["changes"]}

    old = OldLaptop(live)
    old.enrol()
    _, sue = old.sign_in("sue")
    pulled = _pull_all(old.url, sue)
    assert pulled and not {c["record_type"] for c in pulled} & set(VICTIM_TYPES)
    for pulled_change in pulled:
        known_record(pulled_change["record_type"], pulled_change["fields"])
    asked = httpx.post(
        f"{old.url}/records",
        headers=sue,
        json={"records": [{"record_type": "people", "record_id": str(person_id)}]},
    )
    assert valid("RecordsResponse", asked)["records"] == []
    assert "Okonkwo" not in asked.text

    # Nor can it send them.
    _, olly = old.sign_in("olly")
    made = uuid.uuid4()
    fields = _stamp(olly_id, old.device_id, made) | {"name": "Ray Witness"}
    sent = change(old.device_id, olly_id, made, fields, record_type="people")
    reply = httpx.post(f"{old.url}/push", headers=olly, json={"changes": [sent]})
    [result] = valid("PushResponse", reply)["results"]
    assert result["result"] == "rejected"
    assert result["reason"].startswith(
        "Records of type people are not sent by this laptop's release of hfhate"
    )
