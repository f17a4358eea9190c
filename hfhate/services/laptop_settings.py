"""This laptop's own safety settings: when an idle window locks, and how long it may go
without reaching the server before it warns and then allows only viewing and syncing.

They are kept in the store (``store_settings``, key ``laptop_settings``) like the notice
settings, over shipped defaults; an administrator changes them in the Laptop area, and each
change is validated and audited. They stay on this laptop (never synced).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from sqlalchemy.orm import Session

from hfhate.models import Role
from hfhate.services.actor import Actor, require
from hfhate.services.audit import audit
from hfhate.services.device import get_setting, put_setting
from hfhate.services.errors import ValidationFailed

SETTING_KEY = "laptop_settings"
IDLE_MINUTES_RANGE = (1, 60)
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
    """What an administrator set on this laptop, else the defaults."""
    return LaptopSettings.from_json(get_setting(session, SETTING_KEY) or {})


def laptop_settings_problems(new: LaptopSettings) -> dict[str, str]:
    """What is wrong with ``new``, field by field (empty when it may be kept)."""
    errors: dict[str, str] = {}
    low, high = IDLE_MINUTES_RANGE
    if not low <= new.idle_lock_minutes <= high:
        errors["idle_lock_minutes"] = f"Use {low} to {high} minutes."
    if not 1 <= new.stale_warn_days <= MOST_DAYS:
        errors["stale_warn_days"] = f"Use 1 to {MOST_DAYS} days."
    if not 1 <= new.stale_block_days <= MOST_DAYS:
        errors["stale_block_days"] = f"Use 1 to {MOST_DAYS} days."
    elif "stale_warn_days" not in errors and new.stale_block_days <= new.stale_warn_days:
        errors["stale_block_days"] = (
            "Changes must stop later than the warning starts: use more days than the warning."
        )
    return errors


def change_laptop_settings(session: Session, actor: Actor, new: LaptopSettings) -> None:
    """Administrators change this laptop's idle lock and staleness limits."""
    require(actor, Role.ADMINISTRATOR, to="change this laptop's lock and sync limits")
    errors = laptop_settings_problems(new)
    if errors:
        raise ValidationFailed(errors)
    old = current_laptop_settings(session).to_json()
    put_setting(session, SETTING_KEY, new.to_json())
    changed = {k: {"from": old[k], "to": v} for k, v in new.to_json().items() if old[k] != v}
    audit(session, actor, "laptop_settings_changed", details={"changed": changed})
