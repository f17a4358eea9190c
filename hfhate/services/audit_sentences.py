"""The sentence a person reads for each audit event: what was done, to which record, by its
number or name ("Opened notice HF-042-000001-5", "Sign-in refused for user jsmith").

One table, ``SENTENCES``, holds every action the code records; ``{record}`` in a sentence is
the record's number or name, looked up from the event's details or the store, and never a
member of the public's personal data (a recipient's or a pupil's name): a register entry is
named by its session, a notice by its number. The Start page, the Audit trail and
``hfhate audit`` all read events through ``audit.describe_event``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from hfhate.clock import london_date
from hfhate.models import (
    AuditEvent,
    ConfidenceResult,
    EngagementSession,
    EvidencePhoto,
    FixedPenaltyNotice,
    FollowUp,
    Incident,
    NoticeKind,
    Organisation,
    Referral,
    RegisterEntry,
    SubjectAccessRequest,
    User,
)
from hfhate.models.engagement import SessionPart
from hfhate.services.reference_lists import lists_for

# What each notice move reads as (the lifecycle records ``notice_<move>``).
NOTICE_MOVES = {
    "notice_record_payment": "Recorded a payment for {record}",
    "notice_receive_representation": "Recorded a representation about {record}",
    "notice_accept_representation": "Accepted the representation about {record} (cancelled)",
    "notice_reject_representation": "Rejected the representation about {record}",
    "notice_cancel": "Cancelled {record}",
    "notice_send_reminder_1": "Sent the first reminder for {record}",
    "notice_send_reminder_2": "Sent the second reminder for {record}",
    "notice_refer_for_prosecution": "Referred {record} for prosecution",
    "notice_record_convicted": "Recorded a conviction on {record}",
    "notice_record_dismissed": "Recorded that the case on {record} was dismissed",
    "notice_record_withdrawn": "Recorded that the case on {record} was withdrawn",
    "notice_write_off": "Wrote off {record}",
}

SENTENCES: dict[str, str] = {
    # Accounts and the trail itself
    "first_administrator_created": "Created the first administrator, {record}",
    "sign_in": "Signed in",
    "sign_in_failed": "Sign-in refused for user {username}",
    "sign_out": "Signed out",
    "locked": "Locked the window",
    "unlocked": "Unlocked the window",
    "laptop_settings_changed": "Changed this laptop's lock and sync limits",
    "store_key_moved": "Changed where this laptop's store key is kept",
    "user_added": "Added {record}",
    "user_changed": "Changed {record}",
    "user_deactivated": "Deactivated {record}",
    "user_reactivated": "Reactivated {record}",
    "password_reset": "Reset the password of {record}",
    "password_changed": "Changed their password",
    "users_listed": "Listed the users",
    "audit_checked": "Checked the audit trail",
    "justification_setting_changed": "Changed whether a reason is asked to open others' records",
    # Notices and warnings
    "notice_issued": "Issued {record}",
    "warning_recorded": "Recorded {record}",
    "referred_to_police": "Recorded {record}",
    "notice_viewed": "Opened {record}",
    "notice_amended": "Amended {record}",
    "notice_reissued": "Reissued {record} under a new number",
    "photo_attached": "Attached a photo to {record}",
    "override_approved": "Approved a notice that needed a supervisor",
    "earlier_warnings_looked_up": "Looked up earlier warnings",
    "notices_listed": "Listed notices",
    "notices_searched": "Searched or listed notices",
    "notices_exported": "Exported a list of notices or warnings to a CSV file",
    "sessions_exported": "Exported a list of sessions to a CSV file",
    "partnership_report_made": "Made a partnership report (figures only, no personal data)",
    "notice_settings_changed": "Changed the notice settings",
    "setting_changed": "Changed a setting from a date",
    "draft_started": "Started a draft notice",
    "draft_finished": "Finished a draft notice",
    "draft_discarded": "Discarded a draft notice",
    **NOTICE_MOVES,
    # Engagement sessions
    "session_recorded": "Recorded {record}",
    "session_changed": "Changed {record}",
    "session_viewed": "Opened {record}",
    "register_entry_changed": "Corrected a name on the register of {record}",
    "register_entry_removed": "Removed a name from the register of {record}",
    "confidence_result_changed": "Changed the confidence answers of {record}",
    "confidence_result_removed": "Removed a confidence question from {record}",
    "organisation_added": "Added {record}",
    "reference_entry_added": "Added an entry to a reference list",
    "reference_entry_changed": "Changed the words of a reference list entry",
    "reference_entry_retired": "Retired a reference list entry",
    "reference_entry_restored": "Put a retired reference list entry back in use",
    "follow_up_added": "Added a follow-up action to {record}",
    "disclosure_recorded": "Recorded a disclosure at {record}",
    "follow_up_completed": "Completed a follow-up of {record}",
    "session_draft_started": "Started a draft session",
    "session_draft_finished": "Saved a draft session as a session",
    "session_draft_discarded": "Discarded a draft session",
    "training_period_changed": "Changed how often staff are trained again",
    # Victims, witnesses and referrals (never a person's name: "a victim or witness")
    "incident_recorded": "Recorded {record}",
    "incident_changed": "Changed {record}",
    "incident_viewed": "Opened {record}",
    "incidents_listed": "Listed incidents",
    "person_recorded": "Recorded {record}",
    "person_changed": "Changed the details of {record}",
    "person_viewed": "Opened the history of {record}",
    "people_listed": "Listed victims and witnesses",
    "people_searched": "Looked up a returning victim or witness",
    "person_linked": "Linked {record} to an incident, notice or disclosure",
    "consent_recorded": "Recorded the consent of {record}",
    "consent_withdrawn": "Recorded that {record} withdrew a consent",
    "referral_drafted": "Drafted {record}",
    "referral_sent": "Sent {record}",
    "referral_acknowledged": "Recorded that the partner acknowledged {record}",
    "referral_outcome_recorded": "Recorded the outcome of {record}",
    "referral_closed": "Closed {record}",
    "referral_stopped": "Stopped {record} before it was sent",
    "referral_pack_printed": "Printed the pack of {record}",
    "referrals_listed": "Listed referrals",
    "feedback_recorded": "Recorded a victim's feedback",
    # Printing
    "print_previewed": "Prepared notices for printing",
    "notice_printed": "Printed {record}",
    "reminder_letter_printed": "Printed a reminder letter for {record}",
    "print_wording_exported": "Exported the wording of notices and letters",
    "print_wording_changed": "Changed the wording of notices and letters",
    "print_wording_reset": "Restored the shipped wording of notices and letters",
    # This laptop and sync
    "device_code_set": "Set this laptop's device code",
    "device_enrolled": "Enrolled this laptop with the server",
    "device_cloned": "Found that this laptop's data folder was copied from another laptop",
    "device_copy_refused": "The server refused this laptop as a copy of another",
    "synced": "Synced with the server",
    "sync_failed": "A sync with the server stopped",
    "sync_change_sent_again": "Put a refused change to {record} back in the queue",
    "sync_change_dropped": "Kept the server's version of {record} instead of this laptop's",
    "sync_ca_file_set": "Chose the server's certificate authority file",
    # Subject access and rectification (DPA 2018 s.45, s.46)
    "subject_access_request_recorded": "Recorded {record}",
    "subject_access_request_answered": "Answered {record}",
    "subject_access_searched": "Searched everything held about a person",
    "subject_access_exported": "Exported the reply to {record} for the data subject",
    "personal_details_rectified": "Corrected a person's details on every record holding them",
    # Retention (DPA 2018 s.39): the erasure row holds the rule, never an erased value
    "retention_settings_changed": "Changed the retention periods",
    "retention_reviewed": "Reviewed what is past its retention period",
    "record_erased": "Erased the personal data of {record} under the retention schedule",
    "records_exchanged_before_stop": "Sent or received records before a sync stopped",
    "records_exchanged": "Sent or received more records in the same sync",
    "audit_chain_refused": "The server refused this laptop's audit trail: it broke the chain",
}

# What a record is called when it cannot be named (removed, or not on this laptop yet).
UNNAMED = {
    "notices": "a notice",
    "notice_events": "a notice's timeline",
    "evidence_photos": "a notice",
    "users": "a user",
    "device": "this laptop",
    "engagement_sessions": "a session",
    "session_register": "a session",
    "session_confidence": "a session",
    "session_follow_ups": "a session",
    "organisations": "an organisation",
    "subject_access_requests": "a subject access request",
    "notice_drafts": "a draft notice",
    "session_drafts": "a draft session",
    "incidents": "an incident",
    "people": "a victim or witness",
    "person_links": "a victim or witness",
    "consents": "a victim or witness",
    "referrals": "a referral",
    "victim_feedback": "a victim's feedback",
}


def sentence(session: Session, event: AuditEvent) -> str:
    """The event as a sentence, with its record's number or name."""
    template = SENTENCES.get(event.action)
    if template is None:  # an action added without a sentence: still words, not a code
        template = event.action.replace("_", " ").capitalize()
        if event.record_type:
            template += " ({record})"
    return template.format(
        record=record_name(session, event.record_type, event.record_id, event.details),
        username=event.username or "unknown",
    )


def record_name(
    session: Session, record_type: str | None, record_id: Any, details: dict[str, Any]
) -> str:
    """``notice HF-042-000001-5``, ``user jsmith``, ``session "Safer streets" on 3 May 2026``."""
    if record_type is None:
        return ""
    found = _named(session, record_type, record_id, details) if record_id is not None else ""
    return found or UNNAMED.get(record_type, "a record")


def _named(session: Session, record_type: str, record_id: Any, details: dict[str, Any]) -> str:
    if record_type == "notices":
        if details.get("number"):
            return f"notice {details['number']}"
        return _notice(session.get(FixedPenaltyNotice, record_id))
    if record_type == "evidence_photos":
        photo = session.get(EvidencePhoto, record_id)
        return _notice(session.get(FixedPenaltyNotice, photo.notice_id)) if photo else ""
    if record_type == "users":
        user = session.get(User, record_id)
        return f"user {user.username}" if user else ""
    if record_type == "device":
        return "this laptop"
    if record_type == "organisations":
        organisation = session.get(Organisation, record_id)
        return f"organisation {organisation.name}" if organisation else ""
    if record_type == "engagement_sessions":
        return _session(session.get(EngagementSession, record_id))
    if record_type == "subject_access_requests":
        request = session.get(SubjectAccessRequest, record_id)
        return (
            f"the subject access request received {request.received_on:%d %B %Y}" if request else ""
        )
    if record_type == "incidents":
        incident = session.get(Incident, record_id)
        return f"the incident of {london_date(incident.occurred_at):%d %B %Y}" if incident else ""
    if record_type == "referrals":
        referral = session.get(Referral, record_id)
        return f"a referral to {_partner(session, referral.partner)}" if referral else ""
    parts: dict[str, type[RegisterEntry] | type[ConfidenceResult] | type[FollowUp]] = {
        "session_register": RegisterEntry,
        "session_confidence": ConfidenceResult,
        "session_follow_ups": FollowUp,
    }
    part_of_session = parts.get(record_type)
    if part_of_session is not None:
        part = session.get(part_of_session, record_id)
        assert part is None or isinstance(part, SessionPart)
        return _session(session.get(EngagementSession, part.session_id)) if part else ""
    return ""


def _partner(session: Session, code: str) -> str:
    return lists_for(session).label("referral_partners", code)


def _notice(notice: FixedPenaltyNotice | None) -> str:
    if notice is None:
        return ""
    if notice.number:
        return f"notice {notice.number}"
    if notice.kind is NoticeKind.WARNING:
        return f"a warning of {notice.offence_at:%d %B %Y}"
    return f"a referral to police of {notice.offence_at:%d %B %Y}"


def _session(record: EngagementSession | None) -> str:
    if record is None:
        return ""
    title = f'session "{record.title}"' if record.title else "a session"
    return f"{title} of {record.session_date:%d %B %Y}"
