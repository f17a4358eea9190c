"""Fixtures for the record registry tests: a server database and a caller on it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from hfhate.server import accounts, rules
from hfhate.server.accounts import Caller
from hfhate.server.db import make_server_engine, make_sessions, migrate
from hfhate.server.models import EnrolledDevice, ServerUser
from hfhate.server.notice_settings import set_notice_settings
from hfhate.services.notices.settings import NoticeSettings


@dataclass
class CentralServer:
    """A migrated server database (SQLite in tmp_path), checked as a push checks."""

    sessions: sessionmaker[Session]

    def add_device(self, code: int) -> uuid.UUID:
        device_id = uuid.uuid4()
        with self.sessions.begin() as session:
            session.add(
                EnrolledDevice(id=device_id, code=code, name="laptop", token_hash=f"{code}")
            )
        return device_id

    def add_user(self, user_id: uuid.UUID, username: str, roles: list[str]) -> None:
        with self.sessions.begin() as session:
            accounts.create_user(
                session,
                username=username,
                full_name=username.title(),
                roles=roles,
                password="correct horse battery",
                user_id=user_id,
            )

    def set_notice_settings(self, settings: NoticeSettings) -> None:
        with self.sessions.begin() as session:
            set_notice_settings(session, settings)

    def refusal(
        self,
        user_id: uuid.UUID,
        device_id: uuid.UUID,
        record_type: str,
        operation: str,
        merged: dict[str, Any],
        changed: set[str],
        owner: uuid.UUID | None,
        before: dict[str, Any] | None = None,
    ) -> str:
        """The server's reason for refusing this change ("" when it would apply it)."""
        with self.sessions() as session:
            caller = Caller(
                session.get_one(EnrolledDevice, device_id), session.get_one(ServerUser, user_id)
            )
            try:
                rules.check(
                    session, caller, record_type, operation, merged, changed, owner, before=before
                )
            except rules.ChangeRefused as refused:
                return str(refused) or "refused"
        return ""


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    engine = make_server_engine(f"sqlite:///{tmp_path / 'server.sqlite'}")
    migrate(engine, tmp_path / "backups")
    yield CentralServer(make_sessions(engine))
    engine.dispose()
