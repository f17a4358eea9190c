"""Reminder letters: only notices that may move to a reminder get one, the move and the letter
are on the timeline, and the letter states the amount, the new last date and the number."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from hfhate.models import AuditEvent, FixedPenaltyNotice, NoticeEvent, NoticeStatus
from hfhate.models.store import Store
from hfhate.printing.letters_pdf import write_letters
from hfhate.services.actor import Actor
from hfhate.services.errors import PermissionDenied
from hfhate.services.notices import lifecycle
from hfhate.services.notices import print_queue as printing
from hfhate.services.notices.wording import current_wording

NOW = datetime(2025, 3, 12, 14, 30, tzinfo=UTC)  # as in conftest.py: notices issue then
AFTER_REDUCED_PERIOD = datetime(2025, 3, 23, 10, 0, tzinfo=UTC)
Issue = Callable[..., FixedPenaltyNotice]


def letter_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def send(store: Store, actor: Actor, notice_ids: list, reminder: int, at: datetime):  # type: ignore[no-untyped-def]
    with store.session_factory.begin() as session:
        letters, skipped = printing.prepare_reminder_letters(
            session, actor, notice_ids, reminder, now=at
        )
        wording = current_wording(session)
    with store.session_factory.begin() as session:
        sent, late = printing.send_reminder_letters(
            session, actor, letters, destination="printed on Office", now=at
        )
    return letters, skipped, sent, late, wording


def test_first_reminder_moves_the_notice_and_states_what_to_pay_by_when(
    store: Store, issue: Issue, supervisor: Actor, tmp_path: Path
) -> None:
    notice = issue()
    letters, skipped, sent, late, wording = send(
        store, supervisor, [notice.id], 1, AFTER_REDUCED_PERIOD
    )
    assert (len(letters), skipped, sent, late) == (1, [], 1, [])
    out = tmp_path / "letters.pdf"
    assert write_letters(out, letters, wording) == 1
    text = letter_text(out)
    for expected in (
        f"First reminder: fixed penalty notice {notice.number}",
        "Dear Zoë Łukasiewicz-O'Brien,",
        "Zoë Łukasiewicz-O'Brien 12 Sample Road London W12 8QQ",
        "Date: 23 March 2025",
        f"On 12 March 2025 an authorised officer of the council's Law Enforcement Team gave "
        f"you fixed penalty notice {notice.number}",
        "The reduced amount of £60.00 was available until 22 March 2025",
        f"Please pay £100.00 by 06 April 2025, quoting {notice.number}.",
        "Amount to pay: £100.00 by 06 April 2025",
        "fined up to £1,000",
    ):
        assert expected in text

    with store.session_factory() as session:
        stored = session.get(FixedPenaltyNotice, notice.id)
        events = list(
            session.scalars(
                select(NoticeEvent)
                .where(NoticeEvent.notice_id == notice.id)
                .order_by(NoticeEvent.at, NoticeEvent.action)
            )
        )
        audited = session.scalar(
            select(AuditEvent).where(AuditEvent.action == "reminder_letter_printed")
        )
    assert stored is not None and stored.status is NoticeStatus.REMINDER_1
    assert [(e.action, e.status_to) for e in events] == [
        ("notice_issued", NoticeStatus.ISSUED),
        ("letter_printed", None),
        ("send_reminder_1", NoticeStatus.REMINDER_1),
    ]
    assert events[1].reason == "First reminder letter dated 23 March 2025"
    assert events[1].details["destination"] == "printed on Office"
    assert audited is not None and audited.username == "sam"


def test_second_reminder_follows_the_first(
    store: Store, issue: Issue, supervisor: Actor, tmp_path: Path
) -> None:
    notice = issue()
    _letters, skipped, *_rest = send(store, supervisor, [notice.id], 2, AFTER_REDUCED_PERIOD)
    assert [(s.number, s.reason) for s in skipped] == [
        (notice.number, "Not possible while the notice is 'issued'.")
    ]
    send(store, supervisor, [notice.id], 1, AFTER_REDUCED_PERIOD)
    later = AFTER_REDUCED_PERIOD + timedelta(days=15)
    letters, skipped, sent, _late, wording = send(store, supervisor, [notice.id], 2, later)
    assert (sent, skipped) == (1, [])
    out = tmp_path / "second.pdf"
    write_letters(out, letters, wording)
    text = letter_text(out)
    assert f"Second and final reminder: fixed penalty notice {notice.number}" in text
    assert "We wrote to you on 23 March 2025" in text
    assert "Please pay £100.00 by 14 April 2025" in text  # 07 April + 7 days


def test_notices_that_cannot_have_a_letter_are_left_out_with_the_reason(
    store: Store, issue: Issue, supervisor: Actor
) -> None:
    early, paid, due = issue(), issue(), issue()
    with store.session_factory.begin() as session:
        lifecycle.apply_action(
            session,
            supervisor,
            paid.id,
            lifecycle.Action.RECORD_PAYMENT,
            payment=lifecycle.Payment(date(2025, 3, 14), 6000, "phone", "X1"),
            now=NOW + timedelta(days=2),
        )
    with store.session_factory.begin() as session:
        letters, skipped = printing.prepare_reminder_letters(
            session, supervisor, [early.id, paid.id], 1, now=NOW + timedelta(days=5)
        )
    assert letters == []
    assert [(s.number, s.reason) for s in skipped] == [
        (early.number, "The reduced-payment period runs until 22 March 2025."),
        (paid.number, "Not possible while the notice is 'paid'."),
    ]
    # A notice paid after its letter was made keeps its status; its letter is not to be sent.
    with store.session_factory.begin() as session:
        letters, _skipped = printing.prepare_reminder_letters(
            session, supervisor, [due.id], 1, now=AFTER_REDUCED_PERIOD
        )
    with store.session_factory.begin() as session:
        lifecycle.apply_action(
            session,
            supervisor,
            due.id,
            lifecycle.Action.RECORD_PAYMENT,
            payment=lifecycle.Payment(date(2025, 3, 23), 10000, "phone", "X2"),
            now=AFTER_REDUCED_PERIOD,
        )
    with store.session_factory.begin() as session:
        sent, late = printing.send_reminder_letters(
            session, supervisor, letters, destination="printer", now=AFTER_REDUCED_PERIOD
        )
    assert sent == 0
    assert [(s.number, s.reason) for s in late] == [
        (due.number, "Not possible while the notice is 'paid'. Do not send its letter.")
    ]


def test_only_supervisors_send_reminder_letters(store: Store, issue: Issue, officer: Actor) -> None:
    notice = issue()
    with store.session_factory.begin() as session, pytest.raises(PermissionDenied):
        printing.prepare_reminder_letters(
            session, officer, [notice.id], 1, now=AFTER_REDUCED_PERIOD
        )
