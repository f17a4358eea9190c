"""The wire models of central settings (``/api/v1/admin/settings``), shared by the laptop's
Settings area and the server's admin routes. Strict: unknown fields and out-of-range values
are refused (422) before any rule runs."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from hfhate.services.settings.catalogue import CATALOGUE
from hfhate.services.settings.resolution import DatedValue, next_change, values_on

Name = Annotated[str, StringConstraints(min_length=1, max_length=80)]
Text = Annotated[str, StringConstraints(max_length=1000)]
Whole = Annotated[int, Field(ge=0, le=10_000_000)]


class SettingChangeRequest(BaseModel):
    """An administrator's change of one setting from a date."""

    model_config = ConfigDict(extra="forbid", strict=True)

    name: Name
    value: Whole | Text
    in_force_from: date = Field(strict=False)
    note: Annotated[str, StringConstraints(max_length=500)] = ""


class SettingChangeRow(BaseModel):
    """One change in a setting's history."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    value: int | str | None
    in_force_from: date
    note: str
    made_by: str
    made_at: str


class SettingRow(BaseModel):
    """One setting: its value in force today and its next scheduled change, if any."""

    model_config = ConfigDict(extra="forbid")

    name: str
    label: str
    group: str
    unit: str
    type: str
    value: int | str
    next_change: SettingChangeRow | None = None


class SettingsList(BaseModel):
    """Every setting as in force on ``on``, and every change ever made (newest first)."""

    model_config = ConfigDict(extra="forbid")

    on: date
    settings: list[SettingRow]
    changes: list[SettingChangeRow]


class SettingRefusal(BaseModel):
    """A change the server refused: one sentence, and the problem of each field of the form
    ("value", "in_force_from") or setting name."""

    detail: str
    problems: dict[str, str] = Field(default_factory=dict)


def settings_list(changes: list[DatedValue], base: Mapping[str, Any], on: date) -> SettingsList:
    """Every setting in force on ``on`` with its next change, and every change, newest first:
    what the admin route answers and what a laptop shows from what it holds."""
    in_force = values_on(on, changes, base)
    rows = []
    for setting in CATALOGUE:
        upcoming = next_change(setting.name, on, changes)
        rows.append(
            SettingRow(
                name=setting.name,
                label=setting.label,
                group=setting.group,
                unit=setting.unit,
                type=setting.type,
                value=in_force[setting.name],
                next_change=change_row(upcoming) if upcoming is not None else None,
            )
        )
    every = sorted(changes, key=lambda c: (c.in_force_from, c.made_at, c.id), reverse=True)
    return SettingsList(on=on, settings=rows, changes=[change_row(c) for c in every])


def change_row(change: DatedValue) -> SettingChangeRow:
    return SettingChangeRow(
        id=change.id,
        name=change.name,
        value=change.value,
        in_force_from=change.in_force_from,
        note=change.note,
        made_by=change.made_by,
        made_at=change.made_at.isoformat(),
    )
