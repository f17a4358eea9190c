"""This laptop's own safety settings: when an idle window locks, and how long it may go
without reaching the server before it warns and then allows only viewing and syncing.

They are settings of the catalogue (``hfhate/services/settings``): dated changes made
centrally (or here, on a stand-alone laptop) in the Settings area, over what this store kept
before (``store_settings``, key ``laptop_settings``), over the defaults here. Each change is
validated and audited.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from sqlalchemy.orm import Session

from hfhate.models import Role
from hfhate.services.actor import Actor, require

SETTING_KEY = "laptop_settings"
IDLE_MINUTES_RANGE = (1, 60)
FEWEST_DAYS = 1  # the least either staleness limit may be (``laptop_settings_problems``)
MOST_DAYS = 365


@dataclass(frozen=True)
class LaptopSettings:
    """The idle lock and the staleness limits in force on this laptop."""

    idle_lock_minutes: int = 5
    # Days without a successful sync before sign-in warns, and before changes are refused.
    stale_warn_days: int = 14
    stale_block_days: int = 30

    @classmethod
    def from_json(cls, values: dict[str, Any]) -> LaptopSettings:
        names = {f.name for f in fields(cls)}
        return cls(**{k: int(v) for k, v in values.items() if k in names})

    def to_json(self) -> dict[str, int]:
        return asdict(self)


def current_laptop_settings(session: Session) -> LaptopSettings:
    """The limits in force today (the settings catalogue's dated changes, else the defaults)."""
    from hfhate.services.settings.stored import settings_on  # the catalogue reads this module

    return settings_on(session).laptop


def laptop_settings_problems(new: LaptopSettings) -> dict[str, str]:
    """What is wrong with ``new``, field by field (empty when it may be kept)."""
    errors: dict[str, str] = {}
    low, high = IDLE_MINUTES_RANGE
    if not low <= new.idle_lock_minutes <= high:
        errors["idle_lock_minutes"] = f"Use {low} to {high} minutes."
    if not FEWEST_DAYS <= new.stale_warn_days <= MOST_DAYS:
        errors["stale_warn_days"] = f"Use {FEWEST_DAYS} to {MOST_DAYS} days."
    if not FEWEST_DAYS <= new.stale_block_days <= MOST_DAYS:
        errors["stale_block_days"] = f"Use {FEWEST_DAYS} to {MOST_DAYS} days."
    elif "stale_warn_days" not in errors and new.stale_block_days <= new.stale_warn_days:
        errors["stale_block_days"] = (
            "Changes must stop later than the warning starts: use more days than the warning."
        )
    return errors


def change_laptop_settings(session: Session, actor: Actor, new: LaptopSettings) -> None:
    """Administrators change the idle lock and staleness limits, from today."""
    from hfhate.services.settings.stored import change_group

    require(actor, Role.ADMINISTRATOR, to="change this laptop's lock and sync limits")
    change_group(session, actor, "laptop", new.to_json())
