"""The server's notice settings kept before settings had dates, and its settings source.

``CentralSettings`` (``central_settings.py``) resolves a notice's settings by its issue date
from the server's setting changes. ``set_notice_settings`` writes the older undated rows
(``server_settings``, ``notice_settings.<name>``), which count as in force from the start
under every dated change: the base a server upgraded from an older hfhate keeps.
"""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from hfhate.server.central_settings import CentralSettings
from hfhate.server.models import ServerSetting
from hfhate.services.notices.settings import NoticeSettings, default_settings

PREFIX = "notice_settings."
__all__ = ["PREFIX", "CentralSettings", "set_notice_settings"]


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
