"""The server's settings: its ``setting_changes`` records over what it kept before settings
had dates (``server_settings`` rows ``notice_settings.<name>`` and ``retention_settings.<name>``,
in force from the start), over the shipped defaults.

The same resolution by date as on a laptop (``services.settings.resolution``): a pushed notice
is checked with the settings in force on its issue date. An administrator changes a setting
from a date with the admin routes (``routes/admin_settings.py``) or ``hfhate-server settings
set``; ``make_change`` checks it as a laptop would and writes a record the change log gives
every laptop at its next pull.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.clock import london_date
from hfhate.models import new_id, utc_now
from hfhate.server.accounts import SERVER_DEVICE_ID
from hfhate.server.models import ServerRecordRow, ServerSetting
from hfhate.server.records import save_record
from hfhate.services.notices.settings import NoticeSettings
from hfhate.services.settings import catalogue
from hfhate.services.settings.checking import change_problems
from hfhate.services.settings.resolution import DatedValue, values_on
from hfhate.services.settings.stored import SettingsInForce

LEGACY_PREFIXES = {"notice_settings.": "notices.", "retention_settings.": "retention."}
RECORD_TYPE = "setting_changes"


class SettingRefused(Exception):
    """A change the server will not make; ``problems`` by setting name or "in_force_from"."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(" ".join(problems.values()))
        self.problems = problems


def base_values(session: Session) -> dict[str, Any]:
    """The shipped defaults with the values the server kept before settings had dates."""
    base = catalogue.shipped_values()
    for prefix, group in LEGACY_PREFIXES.items():
        rows = session.execute(
            select(ServerSetting.key, ServerSetting.value).where(
                ServerSetting.key.startswith(prefix)
            )
        )
        for key, value in rows:
            name = group + key.removeprefix(prefix)
            if name in base:
                base[name] = json.loads(value)
    return base


def changes(session: Session) -> list[DatedValue]:
    """Every setting change the server holds."""
    rows = session.scalars(
        select(ServerRecordRow.fields).where(ServerRecordRow.record_type == RECORD_TYPE)
    )
    return changes_of(rows)


def changes_of(rows: Iterable[dict[str, Any]]) -> list[DatedValue]:
    """Setting change records' fields as the resolution reads them."""
    return [
        DatedValue(
            str(fields["name"]),
            _loaded(fields["value"]),
            date.fromisoformat(fields["in_force_from"]),
            datetime.fromisoformat(fields["made_at"]),
            str(fields.get("note") or ""),
            str(fields.get("made_by") or ""),
            str(fields["id"]),
        )
        for fields in rows
        if not fields.get("deleted_at")
    ]


def settings_on(session: Session, on: date | None = None) -> SettingsInForce:
    day = on or london_date(utc_now())
    return SettingsInForce(day, values_on(day, changes(session), base_values(session)))


class CentralSettings:
    """The settings source of a push batch: the server's changes and base, read once."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._read: tuple[list[DatedValue], dict[str, Any]] | None = None
        self._by_day: dict[date, NoticeSettings] = {}  # a batch's notices share a few days

    def setting_history(self) -> tuple[list[DatedValue], dict[str, Any]]:
        if self._read is None:
            self._read = (changes(self._session), base_values(self._session))
        return self._read

    def notice_settings(self, on: datetime) -> NoticeSettings:
        day = london_date(on)
        if day not in self._by_day:
            history, base = self.setting_history()
            self._by_day[day] = catalogue.notice_settings_of(values_on(day, history, base))
        return self._by_day[day]


def make_change(
    session: Session,
    *,
    name: str,
    value: Any,
    in_force_from: date,
    note: str = "",
    made_by: str = "",
    today: date | None = None,
) -> dict[str, Any]:
    """Check and write one setting change (SettingRefused if it cannot be made); its fields."""
    return make_changes(
        session, {name: value}, in_force_from, note=note, made_by=made_by, today=today
    )[0]


def make_changes(
    session: Session,
    values: dict[str, Any],
    in_force_from: date,
    *,
    note: str = "",
    made_by: str = "",
    today: date | None = None,
) -> list[dict[str, Any]]:
    """Check several changes from one date together, then write them (or SettingRefused)."""
    now = utc_now()
    proposed = [DatedValue(name, value, in_force_from, now) for name, value in values.items()]
    today = today or london_date(now)
    found = change_problems(proposed, changes(session), base_values(session), today)
    if found:
        raise SettingRefused(found)
    return [_write(session, change, note, made_by) for change in proposed]


def _write(session: Session, change: DatedValue, note: str, made_by: str) -> dict[str, Any]:
    record_id = new_id()
    at = change.made_at.isoformat()
    fields: dict[str, Any] = {
        "id": str(record_id),
        "name": change.name,
        "value": json.dumps(change.value),
        "in_force_from": change.in_force_from.isoformat(),
        "note": note.strip(),
        "made_by": made_by,
        "made_at": at,
        "created_at": at,
        "updated_at": at,
        "deleted_at": None,
        "created_by_id": None,
        "created_on_device_id": str(SERVER_DEVICE_ID),
    }
    save_record(
        session,
        None,
        record_type=RECORD_TYPE,
        record_id=record_id,
        owner_id=None,
        fields=fields,
        changed=sorted(fields),
    )
    return fields | {"version": 1}


def _loaded(text: Any) -> Any:
    try:
        return json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None
