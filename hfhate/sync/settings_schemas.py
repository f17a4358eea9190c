"""The wire models of central settings (``/api/v1/admin/settings``), shared by the laptop's
Settings area and the server's admin routes. Strict: unknown fields and out-of-range values
are refused (422) before any rule runs."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

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
