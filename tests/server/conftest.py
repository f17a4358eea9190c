"""Server fixtures: an app on a fresh database (SQLite and PostgreSQL), accounts and a device."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from hfhate.server import accounts
from hfhate.server.app import create_app
from hfhate.server.db import make_server_engine, make_sessions, migrate
from hfhate.server.settings import ServerSettings
from hfhate.services.notices.numbering import NoticeNumber
from hfhate.sync.schemas import STORE_SCHEMA

PASSWORD = "correct horse battery"
OFFENCE = "2025-03-12T14:00:00+00:00"
CIRCUMSTANCES = (
    "At 14:00 I saw the recipient follow a woman along King Street for fifty "
    "metres, shouting sexual comments at her while she asked him to stop."
)


@dataclass
class Server:
    """An app on a migrated database, with direct access to the database for checks."""

    client: TestClient
    engine: Engine
    sessions: sessionmaker[Session]

    def add_user(self, username: str, *roles: str) -> uuid.UUID:
        with self.sessions.begin() as session:
            return accounts.create_user(
                session,
                username=username,
                full_name=username.title(),
                roles=list(roles),
                password=PASSWORD,
            ).id

    def code(self) -> str:
        with self.sessions.begin() as session:
            return accounts.issue_enrolment_code(session)

    def enrol(self, device_code: int | None = None) -> tuple[uuid.UUID, str, int]:
        device_id = uuid.uuid4()
        reply = self.client.post(
            "/api/v1/enrol",
            json={
                "code": self.code(),
                "device_id": str(device_id),
                "device_name": "laptop",
                "device_code": device_code,
                "store_schema": STORE_SCHEMA,
            },
        )
        assert reply.status_code == 200, reply.text
        body = reply.json()
        return device_id, body["device_token"], body["device_code"]

    def sign_in(self, device_token: str, username: str) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {device_token}"}
        reply = self.client.post(
            "/api/v1/sign-in", headers=headers, json={"username": username, "password": PASSWORD}
        )
        assert reply.status_code == 200, reply.text
        return headers | {"X-Hfhate-Session": reply.json()["session_token"]}


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[Server]:
    engine = make_server_engine(database_url)
    migrate(engine, tmp_path / "backups")
    app = create_app(ServerSettings(data_dir=tmp_path, database_url=database_url))
    with TestClient(app) as client:
        yield Server(client=client, engine=engine, sessions=make_sessions(engine))
    engine.dispose()


def notice_fields(
    officer_id: uuid.UUID, device_code: int, sequence: int, **overrides: Any
) -> dict[str, Any]:
    """The fields of a fixed penalty notice as a laptop sends them when it is issued (valid)."""
    now = datetime.now(UTC).isoformat()
    fields: dict[str, Any] = {
        "kind": "notice",
        "status": "issued",
        "number": str(NoticeNumber(device_code, sequence)),
        "device_code": device_code,
        "sequence": sequence,
        "issued_at": OFFENCE,
        "officer_id": str(officer_id),
        "officer_name": "Officer",
        "officer_authorisation_number": "LET-1",
        "offence_at": OFFENCE,
        "place": "King Street",
        "postcode": "W6 9JU",
        "ward": "Ravenscourt",
        "prohibition": "sexualised_comments",
        "hostilities": ["misogyny"],
        "circumstances": CIRCUMSTANCES,
        "recipient_name": "Kevin Example",
        "recipient_date_of_birth": "1990-05-17",
        "recipient_address": "12 Sample Road, London",
        "recipient_postcode": "W12 8QQ",
        "identity_method": "document",
        "identity_document": "Driving licence",
        "people": [],
        "recipient_age_band": None,
        "recipient_description": "",
        "appears_vulnerable": False,
        "latitude": None,
        "longitude": None,
        "earlier_warning": False,
        "earlier_warning_id": None,
        "body_worn_video": "",
        "override_by_id": None,
        "override_reason": None,
        "paid_on": None,
        "paid_amount_pence": None,
        "status_before_representation": None,
        "amount_pence": 10000,
        "reduced_amount_pence": 6000,
        "reduced_until": "2025-03-22",
        "pay_by": "2025-03-26",
        "no_proceedings_until": "2025-03-26",
        "prosecute_by": "2025-09-12",  # six months after the offence
        "reminder_pay_by": None,
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }
    return fields | overrides


def change(
    device_id: uuid.UUID,
    user_id: uuid.UUID,
    record_id: uuid.UUID,
    fields: dict[str, Any],
    *,
    operation: str = "create",
    base_version: int | None = None,
    record_type: str = "notices",
) -> dict[str, Any]:
    return {
        "change_id": str(uuid.uuid4()),
        "record_type": record_type,
        "record_id": str(record_id),
        "operation": operation,
        "base_version": base_version,
        "version": 1 if base_version is None else base_version + 1,
        "fields": fields,
        "made_at": datetime.now(UTC).isoformat(),
        "made_by": str(user_id),
        "device_id": str(device_id),
    }
