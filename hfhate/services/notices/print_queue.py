"""Printing notices and reminder letters: who may print what, first prints and copies, records.

Supervisors print any notice; the officer who issued a notice may print their own. A notice's
first print is the original; any print after it (an earlier "printed" entry on its timeline)
is marked COPY with the print date; a cancelled notice prints only as a record. Preparing a
print reads the store; ``record_prints`` is called once the PDF was printed or saved, and puts
each print on the notice's timeline and in the audit trail with who printed it and why.

Reminder letters are two steps. Making their PDF changes nothing: a letter is dated the day
it is to be posted and gives the wording's days to pay from that date. Once posted, a
supervisor records it (``send_reminder_letters``, with the date of posting): each notice moves
to its first or second reminder through the lifecycle (``apply_action``), its last date to pay
counted from the posting. A notice that cannot have a reminder (paid, cancelled, still within
its reduced period, time-barred, or too near its prosecution deadline for the letter's last
date to pay) is left out with the reason.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.clock import london_date
from hfhate.models import FixedPenaltyNotice, NoticeEvent, NoticeStatus, Role, utc_now
from hfhate.printing.particulars import (
    CancelledBecause,
    Layout,
    NoticeParticulars,
    NoticeToPrint,
    ReminderLetter,
    long_date,
)
from hfhate.services.actor import Actor, require
from hfhate.services.audit import audit
from hfhate.services.audit_bulk import AuditEntry, audit_many
from hfhate.services.changes import ERASED_REFUSAL
from hfhate.services.changes_bulk import records_created
from hfhate.services.errors import ServiceError, ValidationFailed
from hfhate.services.notices import print_rows
from hfhate.services.notices.issuing import add_event, visible_notice
from hfhate.services.notices.lifecycle import (
    Action,
    NotAllowedNow,
    apply_action,
    reminder_pay_by,
    why_not,
)
from hfhate.services.notices.numbering import InvalidNoticeNumber, parse_notice_number
from hfhate.services.notices.print_rows import PRINTED, NoticeForPrint, print_refusal
from hfhate.services.notices.queries import NoticeFilter, list_notices
from hfhate.services.notices.settings import current_settings
from hfhate.services.reference import reference
from hfhate.services.retention.erased_fields import erased_note

LETTER_PRINTED = "letter_printed"
REMINDER_ACTIONS = {1: Action.SEND_REMINDER_1, 2: Action.SEND_REMINDER_2}
# Reasons offered on screen; any reason of a few words is accepted.
PRINT_REASONS = (
    "Handed to the recipient at issue",
    "For posting to the recipient",
    "Replacement for the recipient (lost or damaged)",
    "For the case file",
    "For the prosecution file",
)


@dataclass(frozen=True)
class Skipped:
    """A notice left out of a batch, and why (in words for the person printing)."""

    number: str
    reason: str


def _check_reason(reason: str) -> str:
    if len(reason.strip()) < 5:
        raise ValidationFailed({"reason": "Say why the notices are printed."})
    return reason.strip()[:500]


def printable_notice(session: Session, actor: Actor, notice_id: uuid.UUID) -> FixedPenaltyNotice:
    """The notice if ``actor`` may print it: supervisors any, officers the ones they issued."""
    require(actor, Role.SUPERVISOR, Role.AUTHORISED_OFFICER, to="print notices")
    notice = visible_notice(session, actor, notice_id)
    if (refused := print_refusal(actor, notice)) is not None:
        raise refused
    return notice


def particulars_of(notice: FixedPenaltyNotice, pspo_in_force_from: date) -> NoticeParticulars:
    """The printed particulars of an issued notice, as they stand in the store."""
    assert notice.number is not None and notice.amount_pence is not None
    assert notice.reduced_amount_pence is not None and notice.reduced_until is not None
    assert notice.pay_by is not None and notice.no_proceedings_until is not None
    erased = erased_note(notice.erased_at) if notice.erased_at is not None else ""
    return NoticeParticulars(
        number=notice.number,
        issued_at=notice.issued_at,
        offence_at=notice.offence_at,
        place=notice.place,
        postcode=notice.postcode,
        ward=notice.ward,
        prohibition=reference().prohibitions.get(notice.prohibition, notice.prohibition),
        circumstances=erased or notice.circumstances,
        recipient_name=erased or notice.recipient_name,
        recipient_address=notice.recipient_address,
        recipient_postcode=notice.recipient_postcode,
        officer_name=notice.officer_name,
        officer_authorisation_number=notice.officer_authorisation_number,
        amount_pence=notice.amount_pence,
        reduced_amount_pence=notice.reduced_amount_pence,
        reduced_until=notice.reduced_until,
        pay_by=notice.pay_by,
        no_proceedings_until=notice.no_proceedings_until,
        pspo_in_force_from=pspo_in_force_from,
    )


def _event_dates(
    session: Session,
    ids: Iterable[uuid.UUID],
    *,
    action: str | None = None,
    status_to: NoticeStatus | None = None,
) -> dict[uuid.UUID, date]:
    """For each notice, the London date of its latest matching timeline entry."""
    query = select(NoticeEvent.notice_id, NoticeEvent.at).where(
        NoticeEvent.notice_id.in_(list(ids)), NoticeEvent.deleted_at.is_(None)
    )
    if action is not None:
        query = query.where(NoticeEvent.action == action)
    if status_to is not None:
        query = query.where(NoticeEvent.status_to == status_to)
    found: dict[uuid.UUID, date] = {}
    for notice_id, at in session.execute(query.order_by(NoticeEvent.at)):
        found[notice_id] = london_date(at)
    return found


def printed_notice_ids(session: Session, notice_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these notices were printed before (their next print is a copy)."""
    return set(_event_dates(session, notice_ids, action=PRINTED))


def numbered_notices(
    session: Session, actor: Actor, flt: NoticeFilter, limit: int
) -> tuple[list[FixedPenaltyNotice], set[uuid.UUID]]:
    """The queue: numbered notices matching ``flt``, oldest offence first (at most ``limit``),
    and which of them were printed before."""
    found = [
        n
        for n in list_notices(session, actor, flt, sort="offence_at", descending=False, limit=limit)
        if n.number
    ]
    return found, printed_notice_ids(session, [n.id for n in found])


def prepare_notice_prints(
    session: Session,
    actor: Actor,
    notice_ids: Sequence[uuid.UUID],
    *,
    now: datetime | None = None,
) -> list[NoticeToPrint]:
    """What each notice's print will be (original, copy, record only), in the order given;
    the first notice that cannot be printed refuses the whole batch."""
    found = print_rows.by_id(session, notice_ids)
    items = []
    for notice_id in dict.fromkeys(notice_ids):
        item = found.get(notice_id)
        if (refused := print_refusal(actor, item.notice if item else None)) is not None:
            raise refused
        assert item is not None
        items.append(item)
    return _prints_of(session, actor, items, now)


def prepare_prints_by_number(
    session: Session, actor: Actor, typed: Sequence[str], *, now: datetime | None = None
) -> tuple[list[NoticeToPrint], list[Skipped]]:
    """The prints of the notices with these typed numbers (``prepare_notice_prints``), and
    each number that is wrong, unknown or not allowed (``notice_ids_by_number``): one query."""
    items, problems = _by_number(session, actor, typed)
    return (_prints_of(session, actor, items, now) if items else []), problems


def _prints_of(
    session: Session, actor: Actor, items: Sequence[NoticeForPrint], now: datetime | None
) -> list[NoticeToPrint]:
    today = london_date(now or utc_now())
    in_force_from = current_settings(session).pspo_in_force_from
    prints = []
    for item in items:
        notice = item.notice
        cancelled = notice.status is NoticeStatus.CANCELLED
        prints.append(
            NoticeToPrint(
                particulars=particulars_of(notice, in_force_from),
                printed_on=today,
                copy=item.printed_before,
                cancelled_on=(
                    (london_date(item.cancelled_at) if item.cancelled_at else today)
                    if cancelled
                    else None
                ),
                paid_on=notice.paid_on if notice.status is NoticeStatus.PAID else None,
                cancelled_because=(
                    CancelledBecause.of_move(item.cancelled_by_move)
                    if item.cancelled_by_move is not None
                    else CancelledBecause.BY_THE_COUNCIL
                ),
            )
        )
    audit(
        session,
        actor,
        "print_previewed",
        details={"notices": len(prints), "numbers": [p.particulars.number for p in prints]},
        record_ids=[item.notice.id for item in items],
    )
    return prints


def disclosed_to(destination: str) -> str:
    """Whom a print or export went to, for the audit trail's recipients: the printer's name
    or "PDF file" (never a file's name, which a person chose and may name someone)."""
    if destination.startswith("printed on "):
        return "printer " + destination.removeprefix("printed on ").rsplit(" (", 1)[0]
    if destination == "posted":
        return "post to the notice's recipient"
    return "PDF file"


def record_prints(
    session: Session,
    actor: Actor,
    prints: Sequence[NoticeToPrint],
    *,
    reason: str,
    layout: Layout,
    destination: str,
    now: datetime | None = None,
) -> int:
    """Put each print on its notice's timeline and in the audit trail: who, when, why, copy.

    One row each on the timeline (with its outbox entry) and in the audit trail, as one
    INSERT per table (``changes_bulk``, ``audit_bulk``): a batch of 1,000 writes no slower
    than it is read. A notice the actor may not print refuses the whole batch."""
    why = _check_reason(reason)
    now = now or utc_now()
    by_number = {p.particulars.number: p for p in prints}
    found = print_rows.printed_notices(session, list(by_number))
    notices = [found[number] for number in by_number if number in found]
    for notice in notices:
        if (refused := print_refusal(actor, notice)) is not None:
            raise refused
        if notice.erased_at is not None:  # nothing is added to an erased notice's timeline
            raise ServiceError(ERASED_REFUSAL)
    shown = disclosed_to(destination)
    events, entries = [], []
    for notice in notices:
        item = by_number[notice.number or ""]
        details = {
            "number": notice.number,
            "copy": item.copy,
            "layout": layout.value,
            "destination": destination,
            "printed_on": item.printed_on.isoformat(),
            "cancelled_record": item.cancelled_on is not None,
        }
        events.append(
            {
                "notice_id": notice.id,
                "at": now,
                "action": PRINTED,
                "status_from": None,
                "status_to": None,
                "reason": why,
                "details": details,
                "by_name": actor.full_name,
                "erased_at": None,
            }
        )
        entries.append(
            AuditEntry(
                "notice_printed",
                record_type="notices",
                record_id=notice.id,
                details=details | {"reason": why, "destination": shown},
                recipients=[shown],
                record_ids=[notice.id],
                justification=why,  # the reason the print had to be given
            )
        )
    records_created(session, actor, NoticeEvent, events)
    return audit_many(session, actor, entries)


def notice_ids_by_number(
    session: Session, actor: Actor, typed: Sequence[str]
) -> tuple[list[uuid.UUID], list[Skipped]]:
    """The notices for typed numbers, and each number that is wrong, unknown or not allowed."""
    items, problems = _by_number(session, actor, typed)
    return [item.notice.id for item in items], problems


def _by_number(
    session: Session, actor: Actor, typed: Sequence[str]
) -> tuple[list[NoticeForPrint], list[Skipped]]:
    """The printable notices for typed numbers, in the order typed (each once), and the
    problem with each other number; the notices are read in one query."""
    parsed: list[tuple[str, str | None]] = []  # (number as typed or written, problem)
    for text in typed:
        try:
            parsed.append((str(parse_notice_number(text)), None))
        except InvalidNoticeNumber as error:
            parsed.append((text, str(error)))
    found = print_rows.by_number(session, [number for number, problem in parsed if not problem])
    items: dict[uuid.UUID, NoticeForPrint] = {}
    problems: list[Skipped] = []
    for number, problem in parsed:
        item = found.get(number) if problem is None else None
        if problem is None and item is None:
            problem = "No notice has this number on this laptop."
        elif item is not None and (refused := print_refusal(actor, item.notice)) is not None:
            problem = str(refused)
        if problem is not None or item is None:
            problems.append(Skipped(number, problem or ""))
            continue
        items.setdefault(item.notice.id, item)
    return list(items.values()), problems


def prepare_reminder_letters(
    session: Session,
    actor: Actor,
    notice_ids: Sequence[uuid.UUID],
    reminder: int,
    *,
    posted_on: date | None = None,
    now: datetime | None = None,
) -> tuple[list[ReminderLetter], list[Skipped]]:
    """The letters that can be sent, dated ``posted_on`` (default today), and each notice left
    out with the reason. Nothing is recorded: see ``send_reminder_letters``."""
    action = REMINDER_ACTIONS[reminder]
    require(actor, Role.SUPERVISOR, to="send reminder letters")
    today = london_date(now or utc_now())
    letter_date = posted_on or today
    pay_by = reminder_pay_by(session, reminder, letter_date)
    in_force_from = current_settings(session).pspo_in_force_from
    notices = [visible_notice(session, actor, i) for i in dict.fromkeys(notice_ids)]
    first = _event_dates(session, [n.id for n in notices], action=Action.SEND_REMINDER_1.value)
    letters: list[ReminderLetter] = []
    skipped: list[Skipped] = []
    for notice in notices:
        problem = why_not(notice, action, max(today, letter_date), pay_by=pay_by)
        if problem:
            skipped.append(Skipped(notice.number or "No number", problem))
            continue
        letters.append(
            ReminderLetter(
                reminder,
                particulars_of(notice, in_force_from),
                letter_date,
                first_reminder_on=first.get(notice.id),
                received_pence=notice.paid_amount_pence or 0,
            )
        )
    return letters, skipped


def send_reminder_letters(
    session: Session,
    actor: Actor,
    letters: Sequence[ReminderLetter],
    *,
    destination: str,
    posted_on: date | None = None,
    now: datetime | None = None,
) -> tuple[int, list[Skipped]]:
    """Record posted letters: each notice moves to its reminder, with the letter on its timeline.

    ``posted_on`` (default: each letter's date) is the day the letters went in the post: not
    in the future, not before the letters' date; each reminder's last date to pay runs from
    it. A notice that changed since the letters were made (paid meanwhile, say) is left as it
    is and returned with the reason, so its letter can be taken out of the post.
    """
    now = now or utc_now()
    today = london_date(now)
    if posted_on is not None:
        if posted_on > today:
            raise ValidationFailed({"posted_on": "The date of posting cannot be in the future."})
        earliest = min((letter.letter_date for letter in letters), default=posted_on)
        if posted_on < earliest:
            raise ValidationFailed(
                {
                    "posted_on": f"The letters are dated {long_date(earliest)}: they cannot "
                    "have been posted before that."
                }
            )
    sent = 0
    skipped: list[Skipped] = []
    for letter in letters:
        number = letter.particulars.number
        notice = session.scalar(
            select(FixedPenaltyNotice).where(FixedPenaltyNotice.number == number)
        )
        if notice is None:
            skipped.append(Skipped(number, "No notice has this number on this laptop."))
            continue
        label = "first" if letter.reminder == 1 else "second"
        posted = posted_on or min(letter.letter_date, today)
        try:
            apply_action(
                session,
                actor,
                notice.id,
                REMINDER_ACTIONS[letter.reminder],
                reason=f"The {label} reminder letter was posted on {long_date(posted)}.",
                posted_on=posted,
                now=now,
            )
        except NotAllowedNow as error:
            skipped.append(Skipped(number, f"{error} Do not send its letter."))
            continue
        details = {
            "number": number,
            "letter": f"reminder_{letter.reminder}",
            "letter_date": letter.letter_date.isoformat(),
            "posted_on": posted.isoformat(),
            "destination": destination,
        }
        add_event(
            session,
            actor,
            notice,
            LETTER_PRINTED,
            at=now,
            details=details,
            reason=f"{label.capitalize()} reminder letter dated {long_date(letter.letter_date)}",
        )
        audit(
            session,
            actor,
            "reminder_letter_printed",
            record_type="notices",
            record_id=notice.id,
            details=details | {"destination": disclosed_to(destination)},
            recipients=[disclosed_to(destination)],
            record_ids=[notice.id],
        )
        sent += 1
    return sent, skipped
