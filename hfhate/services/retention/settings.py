"""The retention periods in force on this laptop: one dataclass, validated, kept in the store.

They are settings of the catalogue (``hfhate/services/settings``, dated changes), over what
``store_settings`` kept (key ``retention_settings``) before, over the shipped defaults,
which are the council's to review: notices and warnings six years after they are closed,
their photos six years after closure or 31 days after a cancellation, engagement registers
(attendees and follow-ups with disclosures) three years after the session, unfinished
drafts 30 days, and victims' records (incidents from when they occurred; a victim's or
witness's own record, with its consents, referrals and feedback, from their last incident,
notice, session, consent or referral step) six years. An administrator changes them in the
Settings area; each change is audited. The server resolves its own
(``hfhate/server/retention.py``) and checks every erasure pushed to it against that.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from sqlalchemy.orm import Session

from hfhate.models import Role
from hfhate.services.actor import Actor, require

SETTING_KEY = "retention_settings"
# The bounds an administrator may set, in the unit of each field.
BOUNDS: dict[str, tuple[int, int, str]] = {
    "notice_years": (1, 100, "years"),
    "photo_years": (1, 100, "years"),
    "cancelled_photo_days": (1, 3650, "days"),
    "register_years": (1, 100, "years"),
    "draft_days": (1, 3650, "days"),
    "victim_years": (1, 100, "years"),
}


@dataclass(frozen=True)
class RetentionSettings:
    """How long each kind of record keeps its personal data."""

    # Notices and warnings, counted from the London date they were closed.
    notice_years: int = 6
    # Their photos: the same from closure, or these days after a cancellation.
    photo_years: int = 6
    cancelled_photo_days: int = 31
    # Session registers and follow-ups, counted from the session's date.
    register_years: int = 3
    # Unfinished drafts, counted from when they were last saved.
    draft_days: int = 30
    # Victims' records: an incident from the London date it occurred; a victim's or
    # witness's own record (with its consents, referrals and feedback) from the latest of
    # their linked records' dates, their consents and their referrals' steps.
    victim_years: int = 6

    @classmethod
    def from_json(cls, values: dict[str, Any]) -> RetentionSettings:
        names = {f.name for f in fields(cls)}
        return cls(**{k: int(v) for k, v in values.items() if k in names})

    def to_json(self) -> dict[str, int]:
        return asdict(self)


def current_retention_settings(session: Session) -> RetentionSettings:
    """The periods in force today (the settings catalogue's dated changes, else the defaults)."""
    from hfhate.services.settings.stored import settings_on  # the catalogue reads this module

    return settings_on(session).retention


def retention_settings_problems(new: RetentionSettings) -> dict[str, str]:
    """What is wrong with ``new``, field by field (empty when it may be kept)."""
    errors: dict[str, str] = {}
    for name, (low, high, unit) in BOUNDS.items():
        if not low <= getattr(new, name) <= high:
            errors[name] = f"Use {low} to {high} {unit}."
    if errors.keys().isdisjoint({"photo_years", "notice_years"}) and (
        new.photo_years > new.notice_years
    ):
        errors["photo_years"] = (
            "Photos cannot be kept longer than the notice they belong to: "
            f"use {new.notice_years} years or fewer."
        )
    return errors


def change_retention_settings(session: Session, actor: Actor, new: RetentionSettings) -> None:
    """Administrators change how long this laptop keeps each kind of record, from today."""
    from hfhate.services.settings.stored import change_group

    require(actor, Role.ADMINISTRATOR, to="change the retention periods")
    change_group(session, actor, "retention", new.to_json())
