"""Amounts, periods and age rules for notices: defaults shipped in resources, kept in the store.

An administrator may change them; each notice keeps the values in force when it was issued.
Checks never read settings themselves: they are given the ``NoticeSettings`` in force, taken
from a ``SettingsSource``. The laptop's source is its store (``StoredSettings``); the sync
server's is its own database (``hfhate.server.notice_settings``), so both check a notice
against the same values, and dated central settings can later be one more source.
"""

from __future__ import annotations

import functools
import json
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session

from hfhate.models import Role
from hfhate.resource_files import read_text
from hfhate.services.actor import Actor, require

SETTING_KEY = "notice_settings"


@dataclass(frozen=True)
class NoticeSettings:
    """The rules in force for new notices."""

    amount_pence: int
    reduced_amount_pence: int
    reduced_period_days: int
    no_proceedings_days: int
    minimum_age: int
    override_under_age: int
    circumstances_min_chars: int
    pspo_in_force_from: date
    pspo_in_force_until: date
    # Proceedings must start within this many months of the offence (Magistrates' Courts Act
    # 1980 s.127 allows six); each notice keeps its last day as ``prosecute_by``.
    prosecution_months: int = 6

    @classmethod
    def from_json(cls, values: dict[str, Any]) -> NoticeSettings:
        names = {f.name for f in fields(cls)}
        kept = {k: v for k, v in values.items() if k in names}
        for key in ("pspo_in_force_from", "pspo_in_force_until"):
            kept[key] = date.fromisoformat(str(kept[key]))
        return cls(**kept)

    def to_json(self) -> dict[str, Any]:
        values = asdict(self)
        for key in ("pspo_in_force_from", "pspo_in_force_until"):
            values[key] = values[key].isoformat()
        return values


@functools.cache
def default_settings() -> NoticeSettings:
    """The shipped settings: read once, as they are part of the installed package (frozen)."""
    return NoticeSettings.from_json(json.loads(read_text("reference", "notice_settings.json")))


class SettingsSource(Protocol):
    """Where the notice settings in force come from."""

    def notice_settings(self, on: datetime) -> NoticeSettings:
        """The settings in force at ``on`` (a notice's issue, or now for a change made now)."""
        ...


@dataclass(frozen=True)
class StoredSettings:
    """The laptop's settings source: the setting changes in force on the day (synced or made
    here), over what this store kept before dated settings, over the shipped defaults."""

    session: Session

    def notice_settings(self, on: datetime) -> NoticeSettings:
        from hfhate.clock import london_date

        return current_settings(self.session, london_date(on))


def current_settings(session: Session, on: date | None = None) -> NoticeSettings:
    """The settings in force on this laptop on ``on`` (default: today, London)."""
    from hfhate.services.settings.stored import settings_on  # the catalogue reads this module

    return settings_on(session, on).notices


def notice_settings_problems(new: NoticeSettings) -> dict[str, str]:
    """What is wrong with ``new``, field by field (empty when it may be kept)."""
    errors: dict[str, str] = {}
    if not 0 < new.reduced_amount_pence <= new.amount_pence:
        errors["reduced_amount_pence"] = (
            "The reduced amount must be above 0 and at most the full amount."
        )
    if new.amount_pence <= 0:
        errors["amount_pence"] = "The amount must be above 0."
    if not 0 < new.reduced_period_days <= new.no_proceedings_days:
        errors["reduced_period_days"] = (
            "The reduced period must be 1 day or more, and no longer than the period "
            "without proceedings."
        )
    if new.no_proceedings_days < 14:
        errors["no_proceedings_days"] = "The law allows no proceedings for at least 14 days."
    if not 1 <= new.prosecution_months <= 6:
        errors["prosecution_months"] = (
            "Proceedings must start within six months of the offence: use 1 to 6 months."
        )
    if new.minimum_age < 10:
        errors["minimum_age"] = "Nobody under 10 may be given a notice."
    if new.pspo_in_force_until < new.pspo_in_force_from:
        errors["pspo_in_force_until"] = "The order must end after it comes into force."
    return errors


def change_settings(
    session: Session, actor: Actor, new: NoticeSettings, in_force_from: date | None = None
) -> None:
    """Administrators change the rules for notices issued from ``in_force_from`` (today)."""
    from hfhate.services.settings.stored import change_group

    require(actor, Role.ADMINISTRATOR, to="change the notice settings")
    change_group(session, actor, "notices", new.to_json(), in_force_from)
