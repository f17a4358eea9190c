"""The server's source of notice settings: the shipped ones until a central administrator
changes them, kept in the server's own database.

Each changed setting is one ``server_settings`` row (``notice_settings.<name>``, its JSON
value), so the server checks a pushed notice against the same ``NoticeSettings`` a laptop
with the same settings uses. Dated central settings (a later issue) replace
``notice_settings(on)`` here; no check changes.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.server.models import ServerSetting
from hfhate.services.notices.settings import NoticeSettings, default_settings

PREFIX = "notice_settings."


class CentralSettings:
    """The notice settings in force on the server, read once per use (one push batch)."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._settings: NoticeSettings | None = None

    def notice_settings(self, on: datetime) -> NoticeSettings:
        if self._settings is None:
            rows = self._session.execute(
                select(ServerSetting.key, ServerSetting.value).where(
                    ServerSetting.key.startswith(PREFIX)
                )
            )
            changed = {key.removeprefix(PREFIX): json.loads(value) for key, value in rows}
            self._settings = NoticeSettings.from_json(default_settings().to_json() | changed)
        return self._settings


def set_notice_settings(session: Session, settings: NoticeSettings) -> None:
    """Keep ``settings`` as the server's: the rows of those that differ from the shipped."""
    shipped = default_settings().to_json()
    for name, value in settings.to_json().items():
        key = PREFIX + name
        row = session.get(ServerSetting, key)
        if value == shipped[name]:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(ServerSetting(key=key, value=json.dumps(value)))
        else:
            row.value = json.dumps(value)
    session.flush()
