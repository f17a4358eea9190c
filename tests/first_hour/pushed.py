"""What the server's record check says of an update a laptop pushes to a notice, with the
shipped settings: shared by the first-hour tests of the time limit and of payments."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hfhate.models import FixedPenaltyNotice
from hfhate.records.checking import CheckedRecord
from hfhate.records.codec import columns_of
from hfhate.records.notice_checks import check_notice_record
from hfhate.services.actor import Actor
from hfhate.services.notices.settings import NoticeSettings, default_settings


class ShippedSettings:
    """The settings in force on any day: the shipped defaults."""

    def notice_settings(self, on: datetime) -> NoticeSettings:
        return default_settings()


def pushed_update_problems(
    notice: FixedPenaltyNotice, actor: Actor, changes: dict[str, Any], now: datetime
) -> dict[str, str]:
    """The server's problems with ``changes`` to ``notice`` pushed at ``now``, by field."""
    before = columns_of(notice)
    return check_notice_record(
        CheckedRecord(
            operation="update",
            values=before | changes | {"updated_at": now},  # as a pushed change carries it
            changed=frozenset(changes),
            actor=actor,
            settings=ShippedSettings(),
            now=now,
            before=before,
        )
    )
