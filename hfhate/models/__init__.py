"""Tables and types of the local store (SQLAlchemy ORM, no Qt, no rules)."""

from hfhate.models.audit import AuditEvent
from hfhate.models.base import Base, SyncedRecord, new_id, utc_now
from hfhate.models.device import Device, StoreSetting
from hfhate.models.notices import (
    EvidencePhoto,
    FixedPenaltyNotice,
    NoticeDraft,
    NoticeEvent,
    NoticeKind,
    NoticeStatus,
)
from hfhate.models.sync_state import OutboxEntry, OutboxStatus
from hfhate.models.users import Role, User

__all__ = [
    "AuditEvent",
    "Base",
    "Device",
    "EvidencePhoto",
    "FixedPenaltyNotice",
    "NoticeDraft",
    "NoticeEvent",
    "NoticeKind",
    "NoticeStatus",
    "OutboxEntry",
    "OutboxStatus",
    "Role",
    "StoreSetting",
    "SyncedRecord",
    "User",
    "new_id",
    "utc_now",
]
