"""Tables and types of the local store (SQLAlchemy ORM, no Qt, no rules)."""

from hfhate.models.audit import AuditEvent
from hfhate.models.base import Base, SyncedRecord, new_id, utc_now
from hfhate.models.device import Device, StoreSetting
from hfhate.models.engagement import (
    ConfidenceResult,
    EngagementSession,
    FollowUp,
    Organisation,
    RegisterEntry,
    SessionDraft,
)
from hfhate.models.notices import (
    EvidencePhoto,
    FixedPenaltyNotice,
    NoticeDraft,
    NoticeEvent,
    NoticeKind,
    NoticeStatus,
)
from hfhate.models.reference import REFERENCE_LISTS, ReferenceEntry
from hfhate.models.settings import SettingChange
from hfhate.models.subject_access import RequestStatus, SubjectAccessRequest
from hfhate.models.sync_state import HeldBack, OutboxEntry, OutboxStatus, PullCursor, SyncState
from hfhate.models.users import Role, User
from hfhate.models.victims import (
    Consent,
    Incident,
    Person,
    PersonLink,
    Referral,
    VictimFeedback,
)

__all__ = [
    "AuditEvent",
    "Consent",
    "Incident",
    "Person",
    "PersonLink",
    "Referral",
    "VictimFeedback",
    "Base",
    "ConfidenceResult",
    "Device",
    "EngagementSession",
    "EvidencePhoto",
    "FixedPenaltyNotice",
    "FollowUp",
    "NoticeDraft",
    "NoticeEvent",
    "NoticeKind",
    "NoticeStatus",
    "Organisation",
    "HeldBack",
    "OutboxEntry",
    "OutboxStatus",
    "REFERENCE_LISTS",
    "ReferenceEntry",
    "RegisterEntry",
    "RequestStatus",
    "Role",
    "SessionDraft",
    "SettingChange",
    "StoreSetting",
    "SubjectAccessRequest",
    "PullCursor",
    "SyncState",
    "SyncedRecord",
    "User",
    "new_id",
    "utc_now",
]
