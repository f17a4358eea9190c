"""Which kind of processing each audited action is, in the words of s.62 DPA 2018.

Every row of the trail carries one: collection, alteration, consultation (viewing), disclosure
(sync, print, export: with its recipients), combination (a subject access search across
record types), erasure, or ``other`` for events that process nobody's personal data (signing
in, this laptop's settings). An action not listed is an alteration: anything new that changes
a record is at least that.
"""

from __future__ import annotations

from hfhate.services.audit_chain import (
    ALTERATION,
    COLLECTION,
    COMBINATION,
    CONSULTATION,
    DISCLOSURE,
    ERASURE,
    OTHER,
)

KINDS: dict[str, frozenset[str]] = {
    COLLECTION: frozenset(
        {
            "notice_issued",
            "warning_recorded",
            "referred_to_police",
            "photo_attached",
            "draft_started",
            "session_recorded",
            "session_draft_started",
            "organisation_added",
            "follow_up_added",
            "disclosure_recorded",
            "subject_access_request_recorded",
            "user_added",
            "first_administrator_created",
            "incident_recorded",
            "person_recorded",
            "person_linked",
            "consent_recorded",
            "consent_withdrawn",
            "referral_drafted",
            "feedback_recorded",
        }
    ),
    CONSULTATION: frozenset(
        {
            "notice_viewed",
            "session_viewed",
            "photo_viewed",
            "notices_listed",
            "notices_searched",
            "sessions_listed",
            "earlier_warnings_looked_up",
            "users_listed",
            "print_previewed",
            "audit_searched",
            "who_looked_asked",
            "retention_reviewed",
            "incident_viewed",
            "incidents_listed",
            "person_viewed",
            "people_listed",
            "people_searched",
            "referrals_listed",
        }
    ),
    DISCLOSURE: frozenset(
        {
            "synced",
            "records_exchanged_before_stop",
            "records_exchanged",
            "notice_printed",
            "reminder_letter_printed",
            "notices_exported",
            "sessions_exported",
            "subject_access_exported",
            "referral_sent",
            "referral_pack_printed",
        }
    ),
    COMBINATION: frozenset({"subject_access_searched"}),
    ERASURE: frozenset({"record_erased"}),
    OTHER: frozenset(
        {
            "sign_in",
            "sign_in_failed",
            "sign_out",
            "locked",
            "unlocked",
            "laptop_settings_changed",
            "reference_entry_added",
            "reference_entry_changed",
            "reference_entry_retired",
            "reference_entry_restored",
            "justification_setting_changed",
            "password_changed",
            "password_reset",
            "audit_checked",
            "notice_settings_changed",
            "setting_changed",
            "training_period_changed",
            "print_wording_exported",
            "print_wording_changed",
            "print_wording_reset",
            "device_code_set",
            "device_enrolled",
            "device_cloned",
            "device_copy_refused",
            "sync_failed",
            "sync_ca_file_set",
            "audit_chain_refused",
            "retention_settings_changed",
            "store_key_moved",
            "partnership_report_made",
        }
    ),
}

_BY_ACTION = {action: kind for kind, actions in KINDS.items() for action in actions}


def operation_of(action: str) -> str:
    """The s.62 kind of ``action`` (an alteration unless listed)."""
    return _BY_ACTION.get(action, ALTERATION)
