"""Printing notices through the services: who may print, originals and copies, the records
on the timeline and in the audit trail, cancelled and paid notices, and numbers typed in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from hfhate.models import AuditEvent, FixedPenaltyNotice, NoticeEvent, Role
from hfhate.models.store import Store
from hfhate.printing.notice_pdf import write_notices
from hfhate.printing.particulars import Layout
from hfhate.services.actor import Actor
from hfhate.services.errors import PermissionDenied, ValidationFailed
from hfhate.services.notices import issuing as notices
from hfhate.services.notices import lifecycle
from hfhate.services.notices import print_queue as printing
from hfhate.services.notices.lifecycle import Action, NotAllowedNow
from hfhate.services.notices.numbering import NoticeNumber
from hfhate.services.notices.rules import NoticeInput
from hfhate.services.notices.wording import current_wording

NOW = datetime(2025, 3, 12, 14, 30, tzinfo=UTC)  # as in conftest.py: notices issue then

Issue = Callable[..., FixedPenaltyNotice]


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def printed_events(store: Store, notice: FixedPenaltyNotice) -> list[NoticeEvent]:
    with store.session_factory() as session:
        return list(
            session.scalars(
                select(NoticeEvent).where(
                    NoticeEvent.notice_id == notice.id, NoticeEvent.action == printing.PRINTED
                )
            )
        )


def test_first_print_then_copy_each_on_the_timeline_and_in_the_audit_trail(
    store: Store, issue: Issue, supervisor: Actor, tmp_path: Path
) -> None:
    notice = issue()
    with store.session_factory.begin() as session:
        first = printing.prepare_notice_prints(session, supervisor, [notice.id], now=NOW)
        printing.record_prints(
            session,
            supervisor,
            first,
            reason="For posting to the recipient",
            layout=Layout.A4,
            destination="saved as notices.pdf",
            now=NOW,
        )
    assert [(p.copy, p.printed_on) for p in first] == [(False, date(2025, 3, 12))]
    [event] = printed_events(store, notice)
    assert (event.reason, event.by_name) == ("For posting to the recipient", "Sam Person")
    assert event.details == {
        "number": notice.number,
        "copy": False,
        "layout": "a4",
        "destination": "saved as notices.pdf",
        "printed_on": "2025-03-12",
        "cancelled_record": False,
    }
    with store.session_factory() as session:
        audited = session.scalar(select(AuditEvent).where(AuditEvent.action == "notice_printed"))
    assert audited is not None
    assert (audited.username, audited.record_id) == ("sam", notice.id)
    assert audited.details["reason"] == "For posting to the recipient"

    later = NOW + timedelta(days=3)
    with store.session_factory.begin() as session:
        second = printing.prepare_notice_prints(session, supervisor, [notice.id], now=later)
        wording = current_wording(session)
    assert [(p.copy, p.printed_on) for p in second] == [(True, date(2025, 3, 15))]
    out = tmp_path / "copy.pdf"
    write_notices(out, second, wording, Layout.A4)
    text = pdf_text(out)
    assert notice.number is not None
    for expected in (
        "COPY - printed 15 March 2025",
        notice.number,
        # The dates stay those computed from the day of issue, 12 March 2025.
        "£60.00 if paid on or before 22 March 2025",
        "£100.00 if paid after 22 March 2025 and on or before 26 March 2025",
        "before 27 March 2025",
        "Issued to Zoë Łukasiewicz-O'Brien",
        "Issuing officer Olivia Person Officer's authorisation",
        "LET-0042",
    ):
        assert expected in text


def test_officers_print_their_own_notices_and_supervisors_any(
    store: Store,
    issue: Issue,
    officer: Actor,
    supervisor: Actor,
    make_actor: Callable[..., Actor],
    admin: Actor,
) -> None:
    notice = issue()
    colleague = make_actor(Role.AUTHORISED_OFFICER, username="colin")
    with store.session_factory.begin() as session:
        assert len(printing.prepare_notice_prints(session, officer, [notice.id])) == 1
        assert len(printing.prepare_notice_prints(session, supervisor, [notice.id])) == 1
        with pytest.raises(PermissionDenied):
            printing.prepare_notice_prints(session, colleague, [notice.id])
        with pytest.raises(PermissionDenied, match="print notices"):
            printing.prepare_notice_prints(session, admin, [notice.id])


def test_a_warning_has_no_notice_to_print(
    store: Store, officer: Actor, entry: Callable[..., NoticeInput]
) -> None:
    with store.session_factory.begin() as session:
        warning = notices.record_warning(session, officer, entry(), now=NOW)
    with (
        store.session_factory.begin() as session,
        pytest.raises(NotAllowedNow, match="with a number"),
    ):
        printing.prepare_notice_prints(session, officer, [warning.id])


def test_a_print_needs_a_reason(store: Store, issue: Issue, supervisor: Actor) -> None:
    notice = issue()
    with store.session_factory.begin() as session:
        prints = printing.prepare_notice_prints(session, supervisor, [notice.id])
        with pytest.raises(ValidationFailed) as refused:
            printing.record_prints(
                session, supervisor, prints, reason="  ", layout=Layout.A4, destination="printer"
            )
    assert refused.value.field_errors == {"reason": "Say why the notices are printed."}
    assert printed_events(store, notice) == []


def test_cancelled_and_paid_notices_print_as_records(
    store: Store, issue: Issue, supervisor: Actor
) -> None:
    cancelled, paid = issue(), issue()
    with store.session_factory.begin() as session:
        lifecycle.apply_action(
            session,
            supervisor,
            cancelled.id,
            Action.CANCEL,
            reason="Issued to the wrong person",
            now=NOW + timedelta(days=2),
        )
        lifecycle.apply_action(
            session,
            supervisor,
            paid.id,
            Action.RECORD_PAYMENT,
            payment=lifecycle.Payment(date(2025, 3, 15), 6000, "online", "P1"),
            now=NOW + timedelta(days=3),
        )
    with store.session_factory.begin() as session:
        prints = printing.prepare_notice_prints(
            session, supervisor, [cancelled.id, paid.id], now=NOW + timedelta(days=5)
        )
    assert [(p.cancelled_on, p.paid_on, p.payable) for p in prints] == [
        (date(2025, 3, 14), None, False),
        (None, date(2025, 3, 15), False),
    ]


def test_typed_numbers_are_checked_one_by_one(
    store: Store, issue: Issue, officer: Actor, make_actor: Callable[..., Actor]
) -> None:
    mine = issue()
    colleague = make_actor(Role.AUTHORISED_OFFICER, username="colin")
    theirs = issue(by=colleague)
    assert mine.number is not None and theirs.number is not None
    wrong_digit = mine.number[:-1] + str((int(mine.number[-1]) + 1) % 10)
    unknown = str(NoticeNumber(42, 999_999))
    typed = [mine.number.lower().replace("-", " "), wrong_digit, unknown, theirs.number, "12345"]
    with store.session_factory.begin() as session:
        ids, problems = printing.notice_ids_by_number(session, officer, typed)
    assert ids == [mine.id]
    assert [(p.number, p.reason) for p in problems] == [
        (
            wrong_digit,
            "The check digit does not match: a digit is mistyped or two digits are "
            "swapped. Check the number on the notice.",
        ),
        (unknown, "No notice has this number on this laptop."),
        (theirs.number, "You can see only the notices and warnings you issued."),
        (
            "12345",
            "A notice number has HF, 3 digits, 6 digits and a check digit, like HF-042-000123-7.",
        ),
    ]


def test_text_the_font_cannot_print_is_refused_when_the_notice_is_issued(issue: Issue) -> None:
    with pytest.raises(ValidationFailed) as refused:
        issue(recipient_name="王小明 Wang", recipient_address="Flat 1, 公寓\nLondon")
    assert refused.value.field_errors["recipient_name"] == (
        "These characters cannot be printed: 王 小 明"
    )
    assert refused.value.field_errors["recipient_address"] == (
        "These characters cannot be printed: 公 寓"
    )
    greek = issue(recipient_name="Ελένη Παπαδοπούλου", place="Οδός King Street")
    assert greek.recipient_name == "Ελένη Παπαδοπούλου"
