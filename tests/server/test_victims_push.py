"""The server's own checks of pushed victims' records against what it holds, on SQLite and
PostgreSQL: a link or a referral must point at a record it holds; a referral made or sent
needs the person's consent as the server holds it (and sharing with the police for a police
partner), counting a consent sent earlier in the same push; an officer sends only people and
feedback of their own."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from hfhate.sync.schemas import STORE_SCHEMA, STORE_SCHEMA_HEADER
from tests.server.conftest import Server, change

NOW = datetime.now(UTC)


def _stamp(user_id: uuid.UUID, device_id: uuid.UUID, record_id: uuid.UUID) -> dict[str, Any]:
    at = NOW.isoformat()
    return {
        "id": str(record_id),
        "created_at": at,
        "updated_at": at,
        "version": 1,
        "deleted_at": None,
        "created_by_id": str(user_id),
        "created_on_device_id": str(device_id),
    }


class Officer:
    """A signed-in officer on an enrolled laptop, making victims' records to push."""

    def __init__(self, server: Server, username: str, *roles: str) -> None:
        self.server = server
        self.user_id = server.add_user(username, *roles)
        self.device_id, token, _code = server.enrol()
        self.headers = server.sign_in(token, username) | {STORE_SCHEMA_HEADER: STORE_SCHEMA}

    def make(self, record_type: str, fields: dict[str, Any], **overrides: Any) -> dict[str, Any]:
        record_id = uuid.uuid4()
        values = _stamp(self.user_id, self.device_id, record_id) | fields | overrides
        return change(self.device_id, self.user_id, record_id, values, record_type=record_type)

    def person(self, **overrides: Any) -> dict[str, Any]:
        return self.make("people", {"name": "Zoë Okonkwo", "known_as": ""}, **overrides)

    def consent(self, person: dict[str, Any], purpose: str, partner: str = "", **o: Any) -> Any:
        fields = {
            "person_id": person["record_id"],
            "purpose": purpose,
            "partner": partner,
            "given": True,
            "recorded_at": (NOW - timedelta(minutes=5)).isoformat(),
            "recorded_by_name": "Olly",
            "method": "in_person",
            "note": "",
        }
        return self.make("consents", fields, **o)

    def referral(self, person: dict[str, Any], partner: str, source: dict[str, Any]) -> Any:
        fields = {
            "person_id": person["record_id"],
            "partner": partner,
            "from_type": source["record_type"],
            "from_id": source["record_id"],
            "reason": "She asked for support.",
            "risk_answers": [],
            "status": "drafted",
        }
        return self.make("referrals", fields)

    def link(self, person: dict[str, Any], record_type: str, record_id: str) -> dict[str, Any]:
        fields = {
            "person_id": person["record_id"],
            "role": "victim",
            "record_type": record_type,
            "record_id": record_id,
        }
        return self.make("person_links", fields)

    def incident(self) -> dict[str, Any]:
        fields = {
            "officer_id": str(self.user_id),
            "officer_name": "Olly",
            "kind": "hate_crime",
            "how_known": "disclosed",
            "occurred_at": (NOW - timedelta(days=1)).isoformat(),
            "place": "Fulham Broadway station",
            "ward": "Fulham Town",
            "hostilities": ["race"],
            "account": "A man shouted racist abuse at her on the platform.",
        }
        return self.make("incidents", fields)

    def push(self, *changes: dict[str, Any]) -> list[str]:
        """Each change's result, with the reason of one refused."""
        reply = self.server.client.post(
            "/api/v1/push", headers=self.headers, json={"changes": list(changes)}
        )
        assert reply.status_code == 200, reply.text
        return [
            r["result"] + (f": {r['reason']}" if r["result"] == "rejected" else "")
            for r in reply.json()["results"]
        ]


def _update(officer: Officer, made: dict[str, Any], version: int, **fields: Any) -> Any:
    return change(
        officer.device_id,
        officer.user_id,
        uuid.UUID(made["record_id"]),
        {"updated_at": NOW.isoformat(), "version": version + 1} | fields,
        operation="update",
        base_version=version,
        record_type=made["record_type"],
    )


def test_a_referral_needs_consent_as_the_server_holds_it(server: Server) -> None:
    olly = Officer(server, "olly", "authorised_officer")
    zoe, incident = olly.person(), olly.incident()
    # Consent sent in the same push, just before the referral it allows: it counts.
    given = olly.consent(zoe, "referral", "stop_hate_uk")
    to_shuk = olly.referral(zoe, "stop_hate_uk", incident)
    assert olly.push(zoe, incident, given, to_shuk) == ["applied"] * 4

    refused = olly.referral(zoe, "victim_support", incident)
    assert olly.push(refused) == [
        "rejected: No consent to a referral to Victim Support is recorded for this person."
    ]
    # The police need both: the referral's consent and sharing with the police.
    police_only = olly.consent(zoe, "referral", "met_police")
    to_police = olly.referral(zoe, "met_police", incident)
    assert olly.push(police_only, to_police)[1].startswith(
        "rejected: A referral to Metropolitan Police (report on the victim's behalf) shares "
        "their account with the police"
    )
    sharing = olly.consent(zoe, "police")
    again = olly.referral(zoe, "met_police", incident)
    assert olly.push(sharing, again) == ["applied", "applied"]

    # Withdrawn after drafting: the move to sent is refused, the record stays drafted.
    withdrawn = olly.consent(
        zoe, "referral", "stop_hate_uk", given=False, recorded_at=NOW.isoformat()
    )
    send = _update(olly, to_shuk, 1, status="sent", sent_at=NOW.isoformat(), sent_how="portal")
    assert olly.push(withdrawn, send) == [
        "applied",
        f"rejected: They withdrew their consent to a referral to Stop Hate UK on {NOW.day} "
        f"{NOW:%B %Y}.",
    ]
    # Stopping it needs no consent.
    stop = _update(
        olly, to_shuk, 1, status="stopped", stopped_at=NOW.isoformat(), stop_reason="Withdrawn."
    )
    assert olly.push(stop) == ["applied"]


def test_links_and_referrals_point_at_records_the_server_holds(server: Server) -> None:
    olly = Officer(server, "olly", "authorised_officer")
    zoe, incident = olly.person(), olly.incident()
    consent = olly.consent(zoe, "referral", "stop_hate_uk")
    assert olly.push(zoe, consent) == ["applied", "applied"]
    nowhere = str(uuid.uuid4())
    assert olly.push(olly.link(zoe, "incidents", nowhere)) == [
        "rejected: The incident this person is linked to has not reached the server."
    ]
    # The id of a record the server holds, named as another type: still refused.
    assert olly.push(olly.link(zoe, "notices", str(zoe["record_id"]))) == [
        "rejected: The warning or notice this person is linked to has not reached the server."
    ]
    assert olly.push(olly.referral(zoe, "stop_hate_uk", incident)) == [
        "rejected: The incident this referral was made from has not reached the server."
    ]
    assert olly.push(incident, olly.link(zoe, "incidents", incident["record_id"])) == [
        "applied",
        "applied",
    ]


def test_an_officer_sends_only_their_own_people_and_what_hangs_on_them(server: Server) -> None:
    olly = Officer(server, "olly", "authorised_officer")
    oona = Officer(server, "oona", "engagement_officer")
    sue = Officer(server, "sue", "supervisor")
    zoe = olly.person()
    assert olly.push(zoe) == ["applied"]
    as_olly = oona.person(created_by_id=str(olly.user_id))
    assert oona.push(as_olly) == [
        "rejected: Only the officer who recorded this person or a supervisor can change their "
        "record."
    ]
    refusal = (
        "rejected: Only the officer who recorded this person or a supervisor can add to their "
        "record."
    )
    assert oona.push(oona.consent(zoe, "contact")) == [refusal]
    assert sue.push(sue.consent(zoe, "contact")) == ["applied"]
