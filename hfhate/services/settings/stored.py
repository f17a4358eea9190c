"""The laptop's settings: the setting changes it holds (synced from the server, or made here
when it stands alone), over what it kept before settings had dates, over the shipped defaults.

``settings_on(session, on)`` is what every reader asks: the notice rules for a notice's issue
date, the laptop limits and retention periods for today, the wording for a print's date.
What a store kept in ``store_settings`` before (notice settings, laptop limits, retention
periods, the council's details and reminder days in the wording) is read as in force from the
start, so nothing a council set is lost.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.clock import london_date
from hfhate.models import Role, SettingChange, utc_now
from hfhate.services.actor import Actor, require
from hfhate.services.audit import audit
from hfhate.services.changes import record_created
from hfhate.services.device import get_setting
from hfhate.services.errors import ValidationFailed
from hfhate.services.laptop_settings import LaptopSettings
from hfhate.services.notices.settings import NoticeSettings
from hfhate.services.retention.settings import RetentionSettings
from hfhate.services.settings import catalogue
from hfhate.services.settings.checking import by_field, change_problems
from hfhate.services.settings.resolution import DatedValue, values_on

# Where each group's settings were kept before they had dates, and the audit kind of a
# change to a whole group made through the older services.
LEGACY_KEYS = {
    "notices": "notice_settings",
    "laptop": "laptop_settings",
    "retention": "retention_settings",
}
GROUP_ACTIONS = {
    "notices": "notice_settings_changed",
    "laptop": "laptop_settings_changed",
    "retention": "retention_settings_changed",
}


@dataclass(frozen=True)
class SettingsInForce:
    """Every setting's value on one date, and each group as its services use it."""

    on: date
    values: Mapping[str, Any]

    @property
    def notices(self) -> NoticeSettings:
        return catalogue.notice_settings_of(self.values)

    @property
    def retention(self) -> RetentionSettings:
        return catalogue.retention_settings_of(self.values)

    @property
    def laptop(self) -> LaptopSettings:
        return catalogue.laptop_settings_of(self.values)

    @property
    def council(self) -> dict[str, str]:
        return catalogue.council_details_of(self.values)

    def reminder_days(self, reminder: int) -> int:
        return catalogue.reminder_days_of(self.values, reminder)

    @property
    def referral_acknowledge_days(self) -> int:
        return catalogue.acknowledge_days_of(self.values)

    @property
    def trend_recent_months(self) -> int:
        return catalogue.report_setting_of(self.values, "reports.trend_recent_months")

    @property
    def trend_baseline_months(self) -> int:
        return catalogue.report_setting_of(self.values, "reports.trend_baseline_months")

    @property
    def trend_minimum_count(self) -> int:
        return catalogue.report_setting_of(self.values, "reports.trend_minimum_count")

    @property
    def small_number_threshold(self) -> int:
        return catalogue.report_setting_of(self.values, "reports.small_number_threshold")


def base_values(session: Session) -> dict[str, Any]:
    """The shipped defaults, with what this store kept before settings had dates."""
    base = catalogue.shipped_values()
    for group, key in LEGACY_KEYS.items():
        stored = get_setting(session, key)
        if isinstance(stored, dict):
            base |= {
                name: value
                for field, value in stored.items()
                if (name := f"{group}.{field}") in base
            }
    wording = get_setting(session, "print_wording")
    if isinstance(wording, dict):
        for field, value in (wording.get("settings") or {}).items():
            if f"council.{field}" in base and isinstance(value, str):
                base[f"council.{field}"] = value
        for n in (1, 2):
            days = ((wording.get("letters") or {}).get(f"reminder_{n}") or {}).get("days_to_pay")
            if isinstance(days, int):
                base[f"reminders.reminder_{n}_days_to_pay"] = days
    # Keep only what is still a good value (a bad old value must not stop a notice). A shipped
    # value is kept either way, so it is not checked: checking its printable characters loads
    # the fonts (reportlab, 12 MiB), and every start reads the settings (issue 17).
    shipped = catalogue.shipped_values()
    return {
        name: value
        if value == shipped[name] or not catalogue.value_problem(catalogue.BY_NAME[name], value)
        else shipped[name]
        for name, value in base.items()
    }


def changes_here(session: Session) -> list[DatedValue]:
    """Every setting change this laptop holds."""
    rows = session.scalars(select(SettingChange).where(SettingChange.deleted_at.is_(None)))
    return [
        DatedValue(
            row.name,
            _loaded(row.value),
            row.in_force_from,
            row.made_at,
            row.note,
            row.made_by,
            str(row.id),
        )
        for row in rows
    ]


def settings_on(session: Session, on: date | None = None) -> SettingsInForce:
    """The settings in force on ``on`` (default: today in London)."""
    day = on or london_date(utc_now())
    return SettingsInForce(day, values_on(day, changes_here(session), base_values(session)))


def change_setting(
    session: Session,
    actor: Actor,
    name: str,
    value: Any,
    in_force_from: date,
    note: str = "",
    *,
    today: date | None = None,
) -> SettingChange:
    """An administrator changes one setting from ``in_force_from`` on this laptop.

    ValidationFailed by form field ("value", "in_force_from", "note") when it cannot be made."""
    require(actor, Role.ADMINISTRATOR, to="change settings")
    today = today or london_date(utc_now())
    if len(note) > 500:
        raise ValidationFailed({"note": "Use at most 500 characters."})
    proposed = DatedValue(name, value, in_force_from, utc_now())
    found = change_problems([proposed], changes_here(session), base_values(session), today)
    if found:
        raise ValidationFailed(by_field(found, name))
    return _write(session, actor, name, value, in_force_from, note, audited=True)


def change_group(
    session: Session,
    actor: Actor,
    group: str,
    values: Mapping[str, Any],
    in_force_from: date | None = None,
) -> None:
    """The older services' change of a whole group (notice settings, laptop limits, retention
    periods) from ``in_force_from`` (today): one setting change per value that differs.

    ValidationFailed by the group's field names, as those services always said."""
    day = in_force_from or london_date(utc_now())
    in_force = settings_on(session, day).values
    proposed = [
        DatedValue(f"{group}.{field}", value, day, utc_now())
        for field, value in values.items()
        if f"{group}.{field}" in catalogue.BY_NAME and in_force[f"{group}.{field}"] != value
    ]
    found = change_problems(proposed, changes_here(session), base_values(session), None)
    if found:
        raise ValidationFailed(
            {name.removeprefix(f"{group}."): problem for name, problem in found.items()}
        )
    for change in proposed:
        _write(session, actor, change.name, change.value, day, "", audited=False)
    changed = {
        c.name.removeprefix(f"{group}."): {"from": in_force[c.name], "to": c.value}
        for c in proposed
    }
    audit(session, actor, GROUP_ACTIONS[group], details={"changed": changed})


def _write(
    session: Session,
    actor: Actor,
    name: str,
    value: Any,
    in_force_from: date,
    note: str,
    *,
    audited: bool,
) -> SettingChange:
    row = SettingChange(
        name=name,
        value=json.dumps(value),
        in_force_from=in_force_from,
        note=note.strip(),
        made_by=actor.full_name,
        made_at=utc_now(),
    )
    record_created(
        session,
        actor,
        row,
        action="setting_changed",
        details={"name": name, "in_force_from": in_force_from.isoformat()},
        audited=audited,
    )
    return row


def _loaded(text: str) -> Any:
    """A change's value from its JSON text (None if it cannot be read: refused by the checks)."""
    try:
        return json.loads(text)
    except ValueError:
        return None
