"""When a record falls due for erasure, or why it is held: the rules the laptop's review and
the server's check of a pushed erasure share (no store, plain values in).

A notice or warning is *closed* once nothing more can happen to it: paid, cancelled, written
off, a prosecution finished (convicted, dismissed, withdrawn), a warning given or a notice
referred to police (the recipient refused their details: the council's part ends there). It is
closed on the London date of the timeline entry that moved it to that status (a warning or a
referral to police: the London date it was issued). A period of N years from that date ends on
the same day N years later (``add_months``); the record falls due on that day and is listed
from then on. Two statuses are legal holds: never erased, shown with the reason.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from hfhate.clock import london_date
from hfhate.models import NoticeStatus
from hfhate.services.notices.moves import add_months
from hfhate.services.retention.settings import RetentionSettings

S = NoticeStatus
CLOSED = frozenset(
    {
        S.PAID,
        S.CANCELLED,
        S.WRITTEN_OFF,
        S.CONVICTED,
        S.DISMISSED,
        S.WITHDRAWN,
        S.WARNING_GIVEN,
        S.REFERRED_TO_POLICE,
    }
)
# Closed when issued: nothing follows on the council's side.
CLOSED_AT_ISSUE = frozenset({S.WARNING_GIVEN, S.REFERRED_TO_POLICE})
HOLDS = {
    S.REFERRED_FOR_PROSECUTION: "Legal hold: an open prosecution (referred and not finished).",
    S.REPRESENTATION_RECEIVED: "Legal hold: a representation is awaiting a decision.",
}


class Rule(enum.StrEnum):
    """The part of the retention schedule an erasure is made under."""

    NOTICE_CLOSED = "notice_closed"
    PHOTOS_AFTER_CANCELLATION = "photos_after_cancellation"
    REGISTER_AFTER_SESSION = "register_after_session"
    DRAFT_UNFINISHED = "draft_unfinished"
    INCIDENT_OCCURRED = "incident_occurred"
    VICTIM_LAST_CONTACT = "victim_last_contact"

    @property
    def label(self) -> str:
        """The rule without its period ("Photos: days after the notice was cancelled")."""
        return RULE_LABELS[self].format(n="").replace(":  ", ": ")

    def words(self, settings: RetentionSettings) -> str:
        """The rule with the period in force ("Notice or warning: 6 years after it was closed")."""
        period = {
            Rule.NOTICE_CLOSED: settings.notice_years,
            Rule.PHOTOS_AFTER_CANCELLATION: settings.cancelled_photo_days,
            Rule.REGISTER_AFTER_SESSION: settings.register_years,
            Rule.DRAFT_UNFINISHED: settings.draft_days,
            Rule.INCIDENT_OCCURRED: settings.victim_years,
            Rule.VICTIM_LAST_CONTACT: settings.victim_years,
        }[self]
        words = RULE_LABELS[self].format(n=period)
        return words.replace(" 1 years", " 1 year").replace(" 1 days", " 1 day")


RULE_LABELS = {
    Rule.NOTICE_CLOSED: "Notice or warning: {n} years after it was closed",
    Rule.PHOTOS_AFTER_CANCELLATION: "Photos: {n} days after the notice was cancelled",
    Rule.REGISTER_AFTER_SESSION: "Register and follow-ups: {n} years after the session",
    Rule.DRAFT_UNFINISHED: "Unfinished draft: {n} days after it was last saved",
    Rule.INCIDENT_OCCURRED: "Incident: {n} years after it occurred",
    Rule.VICTIM_LAST_CONTACT: "Victim or witness: {n} years after their last contact",
}
# A referral still open: the partner may yet act on it (closed and stopped ones are done).
OPEN_REFERRALS = frozenset({"drafted", "sent", "acknowledged", "outcome"})
# A referral's dated steps, as its columns name them.
REFERRAL_STEPS = (
    "created_at",
    "sent_at",
    "acknowledged_at",
    "outcome_at",
    "closed_at",
    "stopped_at",
)
PERSON_REFERRAL_HOLD = (
    "Held: a referral of this person to a partner is still open (drafted, sent, "
    "acknowledged or with its outcome, and not yet closed or stopped)."
)
INCIDENT_REFERRAL_HOLD = (
    "Held: a referral made from this incident is still open (drafted, sent, acknowledged "
    "or with its outcome, and not yet closed or stopped)."
)
PERSON_NOTICE_HOLD = "Legal hold on a notice or warning this person is linked to: {reason}"


@dataclass(frozen=True)
class Due:
    """When a record falls due under ``rule``, or why it is held (then ``due_on`` is None,
    but for victims' records: the day their period ends, kept beyond it by the hold)."""

    rule: Rule
    due_on: date | None
    held: str = ""

    def erasable(self, today: date) -> bool:
        return not self.held and self.due_on is not None and self.due_on <= today


def closed_on(
    status: NoticeStatus, issued_at: datetime, moves: Iterable[tuple[datetime, NoticeStatus | None]]
) -> date | None:
    """The London date a notice in ``status`` was closed, from its timeline's ``(at,
    status_to)`` moves; None when it is not closed (or no move says when)."""
    if status not in CLOSED:
        return None
    if status in CLOSED_AT_ISSUE:
        return london_date(issued_at)
    moments = [at for at, to in moves if to == status]
    return london_date(max(moments)) if moments else None


def notice_due(
    status: NoticeStatus,
    issued_at: datetime,
    moves: Iterable[tuple[datetime, NoticeStatus | None]],
    settings: RetentionSettings,
) -> Due | None:
    """When a notice's personal data falls due; a hold; or None while it stays open."""
    if status in HOLDS:
        return Due(Rule.NOTICE_CLOSED, None, HOLDS[status])
    closed = closed_on(status, issued_at, moves)
    if closed is None:
        return None
    return Due(Rule.NOTICE_CLOSED, add_months(closed, 12 * settings.notice_years))


def photos_due(
    status: NoticeStatus,
    issued_at: datetime,
    moves: Iterable[tuple[datetime, NoticeStatus | None]],
    settings: RetentionSettings,
) -> Due | None:
    """When a notice's photos fall due on their own: ``cancelled_photo_days`` after a
    cancellation (otherwise they go with the notice, ``photo_years`` after closure)."""
    moves = list(moves)
    closed = closed_on(status, issued_at, moves)
    if closed is None:
        return None
    if status is S.CANCELLED:
        return Due(
            Rule.PHOTOS_AFTER_CANCELLATION, closed + timedelta(days=settings.cancelled_photo_days)
        )
    return Due(Rule.PHOTOS_AFTER_CANCELLATION, add_months(closed, 12 * settings.photo_years))


def register_due(session_date: date, settings: RetentionSettings) -> Due:
    """When a session's register and follow-ups fall due: years after the session's date."""
    return Due(Rule.REGISTER_AFTER_SESSION, add_months(session_date, 12 * settings.register_years))


def draft_due(saved_at: datetime, settings: RetentionSettings) -> Due:
    """When an unfinished draft falls due: days after the London date it was last saved."""
    return Due(Rule.DRAFT_UNFINISHED, london_date(saved_at) + timedelta(days=settings.draft_days))


def incident_due(
    occurred_at: datetime, referral_statuses: Iterable[str], settings: RetentionSettings
) -> Due:
    """When an incident's account, place and crime reference fall due: ``victim_years``
    after the London date it occurred; held past it while a referral made from it is open."""
    due_on = add_months(london_date(occurred_at), 12 * settings.victim_years)
    held = INCIDENT_REFERRAL_HOLD if OPEN_REFERRALS.intersection(referral_statuses) else ""
    return Due(Rule.INCIDENT_OCCURRED, due_on, held)


def referral_steps(referral: Mapping[str, Any]) -> list[datetime]:
    """A referral's dated steps (drafted, sent, acknowledged, outcome, closed, stopped), from
    its column values by name."""
    return [at for name in REFERRAL_STEPS if (at := referral.get(name)) is not None]


def last_contact(
    made_at: datetime,
    linked_dates: Iterable[date],
    consents_at: Iterable[datetime],
    referral_steps_at: Iterable[datetime],
) -> date:
    """A person's last contact: the latest London date of their record's making, the records
    they are linked to (already London dates), their consents and their referrals' steps."""
    moments = [made_at, *consents_at, *referral_steps_at]
    return max([*(london_date(at) for at in moments), *linked_dates])


def person_due(
    last: date,
    referral_statuses: Iterable[str],
    linked_notice_statuses: Iterable[NoticeStatus],
    settings: RetentionSettings,
) -> Due:
    """When a victim's or witness's record falls due: ``victim_years`` after their ``last``
    contact; held past it while a referral of theirs is open or a notice they are linked to
    is under a legal hold."""
    due_on = add_months(last, 12 * settings.victim_years)
    if OPEN_REFERRALS.intersection(referral_statuses):
        return Due(Rule.VICTIM_LAST_CONTACT, due_on, PERSON_REFERRAL_HOLD)
    for status in linked_notice_statuses:
        if status in HOLDS:
            reason = HOLDS[status].removeprefix("Legal hold: ")
            return Due(Rule.VICTIM_LAST_CONTACT, due_on, PERSON_NOTICE_HOLD.format(reason=reason))
    return Due(Rule.VICTIM_LAST_CONTACT, due_on)
