"""A batch of prints is read in one query and recorded in one INSERT per table: the number
of statements does not grow with the notices, and the rows are those one print at a time
would write (timeline entry, outbox entry, audit row chained on the last)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, select

from hfhate.models import AuditEvent, FixedPenaltyNotice, NoticeEvent, OutboxEntry
from hfhate.models.store import Store
from hfhate.printing.particulars import Layout
from hfhate.records.codec import snapshot
from hfhate.services.actor import Actor
from hfhate.services.audit import verify_chain
from hfhate.services.notices import print_queue as printing

Issue = Callable[..., FixedPenaltyNotice]


@contextmanager
def statements(store: Store) -> Iterator[list[tuple[str, bool]]]:
    """Each SQL statement sent meanwhile, and whether it was sent with executemany."""
    sent: list[tuple[str, bool]] = []

    def note(_conn: Any, _cursor: Any, statement: str, _params: Any, _ctx: Any, many: bool) -> None:
        sent.append((" ".join(statement.split()), many))

    event.listen(store.engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(store.engine, "before_cursor_execute", note)


def inserts(sent: list[tuple[str, bool]], table: str) -> list[bool]:
    return [many for text, many in sent if text.startswith(f"INSERT INTO {table} ")]


def print_batch(store: Store, supervisor: Actor, numbers: list[str]) -> list[tuple[str, bool]]:
    with store.session_factory.begin() as session, statements(store) as sent:
        prints, problems = printing.prepare_prints_by_number(session, supervisor, numbers)
        assert problems == [] and len(prints) == len(numbers)
        recorded = printing.record_prints(
            session, supervisor, prints, reason="For posting", layout=Layout.A4,
            destination="command line: batch.pdf",
        )  # fmt: skip
        assert recorded == len(numbers)
    return sent


def test_three_prints_are_recorded_in_one_insert_per_table(
    store: Store, issue: Issue, supervisor: Actor
) -> None:
    notices = [issue() for _ in range(3)]
    numbers = [n.number or "" for n in notices]
    sent = print_batch(store, supervisor, numbers)
    assert inserts(sent, "notice_events") == [True]  # one executemany of 3 rows
    assert inserts(sent, "sync_outbox") == [True]
    # One for the three prints, one before it for the preview of the batch.
    assert inserts(sent, "audit_events") == [False, True]
    reads = [text for text, _ in sent if text.startswith("SELECT") and "FROM notices" in text]
    assert len(reads) == 2  # the batch read once to prepare, once to record

    with store.session_factory() as session:
        events = session.scalars(
            select(NoticeEvent).where(NoticeEvent.action == printing.PRINTED)
        ).all()
        assert sorted(e.notice_id for e in events) == sorted(n.id for n in notices)
        audits = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "notice_printed").order_by(AuditEvent.seq)
        ).all()
        assert [a.record_id for a in audits] == [n.id for n in notices]
        for audit_row, notice in zip(audits, notices, strict=True):
            assert audit_row.user_id == supervisor.user_id
            assert audit_row.record_type == "notices"
            assert audit_row.record_ids == [str(notice.id)]
            assert audit_row.recipients == ["PDF file"]
            assert audit_row.justification == "For posting"
            assert audit_row.operation == "disclosure"
            assert audit_row.details == {
                "number": notice.number, "copy": False, "layout": "a4",
                "destination": "PDF file", "printed_on": audit_row.details["printed_on"],
                "cancelled_record": False, "reason": "For posting",
            }  # fmt: skip
        outbox = session.scalars(
            select(OutboxEntry).where(OutboxEntry.record_type == "notice_events")
        ).all()
        by_record = {entry.record_id: entry for entry in outbox}
        for printed in events:
            entry = by_record[printed.id]
            assert (entry.operation, entry.version, entry.base_version) == ("create", 1, None)
            assert entry.fields == snapshot(printed)
            assert entry.made_by_id == supervisor.user_id
        assert len({entry.change_id for entry in outbox}) == len(outbox)
        assert verify_chain(session).intact


def test_the_statements_do_not_grow_with_the_batch(
    store: Store, issue: Issue, supervisor: Actor
) -> None:
    one = [issue().number or ""]
    many = [issue().number or "" for _ in range(6)]
    assert len(print_batch(store, supervisor, one)) == len(print_batch(store, supervisor, many))
