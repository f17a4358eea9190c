"""The complete s.62 log: each consultation and disclosure writes exactly one row of the
right kind, with its recipients and record ids; a justification is asked where this laptop
requires one; and no row holds anyone's personal data (the whole table is scanned for the
names, date of birth, address and phone number of the people on the notices)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select, text

from hfhate.models import AuditEvent, FixedPenaltyNotice
from hfhate.models.store import Store
from hfhate.printing.particulars import Layout
from hfhate.services.actor import Actor
from hfhate.services.errors import PermissionDenied
from hfhate.services.justification import (
    JustificationNeeded,
    justification_required,
    set_justification_required,
)
from hfhate.services.notices import issuing as notices
from hfhate.services.notices import print_queue as printing
from hfhate.services.notices.evidence import store_photo
from hfhate.services.notices.queries import (
    NoticeFilter,
    count_notices,
    note_search,
    read_notice,
    reason_needed_to_open,
)
from tests.services.notices.conftest import NOW, build_entry
from tests.services.notices.test_evidence import _png, _write

Issue = Callable[..., FixedPenaltyNotice]
PERSONAL = ("Kevin Example", "Jane Witness", "1990-05-17", "12 Sample Road", "W12 8QQ", "07700")


def rows_after(store: Store, seq: int) -> list[AuditEvent]:
    with store.session_factory() as session:
        query = select(AuditEvent).where(AuditEvent.seq > seq).order_by(AuditEvent.seq)
        return list(session.scalars(query))


def last_seq(store: Store) -> int:
    with store.session_factory() as session:
        return session.scalar(select(AuditEvent.seq).order_by(AuditEvent.seq.desc())) or 0


def assert_no_personal_data(store: Store) -> None:
    with store.session_factory() as session:
        rows = session.execute(text("SELECT * FROM audit_events")).all()
    dumped = "\n".join(repr(tuple(r)) for r in rows)
    for value in PERSONAL:
        assert value not in dumped


def test_opening_a_notice_is_one_consultation_row_naming_it_and_its_photos(
    store: Store, officer: Actor, tmp_path: Path
) -> None:
    photo = store_photo(
        store.paths.evidence, store.photo_key, _write(tmp_path, "front.png", _png(7))
    )
    with store.session_factory.begin() as session:
        notice = notices.issue_notice(session, officer, build_entry(), photos=[photo], now=NOW)
    before = last_seq(store)
    with store.session_factory.begin() as session:
        view = read_notice(session, officer, notice.id, audited=True)
        photo_ids = [str(p.id) for p in view.photos]
    with store.session_factory.begin() as session:
        read_notice(session, officer, notice.id, audited=False)  # a refresh: not again
    [row] = rows_after(store, before)
    assert (row.action, row.operation, row.record_id) == (
        "notice_viewed",
        "consultation",
        notice.id,
    )
    assert row.record_ids == [str(notice.id), *photo_ids] and len(photo_ids) == 1
    assert row.recipients is None and row.justification is None
    assert_no_personal_data(store)


def test_a_search_logs_how_many_were_found_never_the_terms(
    store: Store, issue: Issue, supervisor: Actor
) -> None:
    issue()
    issue()
    wanted = NoticeFilter(text="Kevin Example")
    before = last_seq(store)
    with store.session_factory.begin() as session:
        found = count_notices(session, supervisor, wanted)
        note_search(session, supervisor, wanted, found)
    [row] = rows_after(store, before)
    assert (row.action, row.operation) == ("notices_searched", "consultation")
    assert row.details == {"found": 2, "kind": "notice", "search_text": True}
    assert_no_personal_data(store)


@pytest.mark.parametrize(
    ("destination", "recipient"),
    [
        ("printed on Office LaserJet 4 (2 pages)", "printer Office LaserJet 4"),
        ("saved as Kevin Example.pdf", "PDF file"),
    ],
)
def test_printing_is_a_disclosure_to_the_printer_or_a_pdf_file(
    store: Store, issue: Issue, supervisor: Actor, destination: str, recipient: str
) -> None:
    first, second = issue(), issue()
    with store.session_factory.begin() as session:
        prints = printing.prepare_notice_prints(session, supervisor, [first.id, second.id])
    before = last_seq(store)
    with store.session_factory.begin() as session:
        printing.record_prints(
            session,
            supervisor,
            prints,
            reason="For posting to the recipient",
            layout=Layout.A4,
            destination=destination,
        )
    rows = rows_after(store, before)
    assert [(r.action, r.operation) for r in rows] == [("notice_printed", "disclosure")] * 2
    assert {r.record_id for r in rows} == {first.id, second.id}
    assert all(r.recipients == [recipient] for r in rows)
    assert all(r.justification == "For posting to the recipient" for r in rows)
    assert all(r.record_ids == [str(r.record_id)] for r in rows)
    assert_no_personal_data(store)  # not even the name the PDF file was saved as


def test_the_justification_setting_is_the_administrators(
    store: Store, admin: Actor, supervisor: Actor
) -> None:
    with store.session_factory.begin() as session:
        with pytest.raises(PermissionDenied):
            set_justification_required(session, supervisor, True)
        assert not justification_required(session)
        set_justification_required(session, admin, True)
    [row] = rows_after(store, last_seq(store) - 1)
    assert (row.action, row.operation) == ("justification_setting_changed", "other")
    with store.session_factory() as session:
        assert justification_required(session)


def test_a_supervisor_opening_an_officers_notice_must_say_why(
    store: Store, admin: Actor, issue: Issue, officer: Actor, supervisor: Actor
) -> None:
    notice = issue()
    with store.session_factory.begin() as session:
        assert not reason_needed_to_open(session, supervisor, notice.id)  # setting off
        set_justification_required(session, admin, True)
    with store.session_factory.begin() as session:
        assert reason_needed_to_open(session, supervisor, notice.id)
        assert not reason_needed_to_open(session, officer, notice.id)  # their own
    before = last_seq(store)
    for given in (None, "  ", "checking"):
        with store.session_factory.begin() as session:
            with pytest.raises(JustificationNeeded):
                read_notice(session, supervisor, notice.id, audited=True, justification=given)
    assert rows_after(store, before) == []  # nothing opened, nothing logged
    with store.session_factory.begin() as session:
        read_notice(
            session,
            supervisor,
            notice.id,
            audited=True,
            justification="  reviewing the   evidence before a representation ",
        )
        read_notice(session, officer, notice.id, audited=True)
    supervisors, officers = rows_after(store, before)
    assert supervisors.justification == "reviewing the evidence before a representation"
    assert (officers.user_id, officers.justification) == (officer.user_id, None)


CHILD = """
import os, sys, uuid
from hfhate.config import Paths
from hfhate.models import User
from hfhate.services.actor import Actor
from hfhate.services.notices.queries import read_notice
from tests.fixtures.keys import open_test_store
from pathlib import Path
store = open_test_store(Paths(Path(sys.argv[1])))
with store.session_factory() as session:
    user = session.get(User, uuid.UUID(sys.argv[3]))
    actor = Actor.of(user, uuid.UUID(sys.argv[4]))
with store.session_factory.begin() as session:
    read_notice(session, actor, uuid.UUID(sys.argv[2]), audited=True)
os.kill(os.getpid(), 9)  # the app dies the moment the notice would show
"""


def test_a_consultation_row_survives_the_app_being_killed(
    store: Store, issue: Issue, supervisor: Actor
) -> None:
    """The opening's row commits without waiting for the disk, but is in the WAL before the
    notice shows: killing the app then loses nothing."""
    import subprocess
    import sys

    notice = issue()
    before = last_seq(store)
    child = subprocess.run(
        [
            sys.executable, "-c", CHILD, str(store.paths.data_dir), str(notice.id),
            str(supervisor.user_id), str(supervisor.device_id),
        ],
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    assert child.returncode == -9, child.stderr.decode()
    [row] = rows_after(store, before)
    assert (row.action, row.user_id, row.record_id) == (
        "notice_viewed",
        supervisor.user_id,
        notice.id,
    )
    with store.session_factory() as session:
        from hfhate.services.audit import verify_chain

        assert verify_chain(session).intact


def test_a_consultation_only_transaction_refuses_other_writes(
    store: Store, issue: Issue, supervisor: Actor
) -> None:
    from hfhate.models.audit import ConsultationOnly
    from hfhate.services.audit import begin_consultation

    notice = issue()
    with pytest.raises(ConsultationOnly), store.session_factory.begin() as session:
        begin_consultation(session)
        session.get_one(FixedPenaltyNotice, notice.id).place = "Changed quietly"
        session.flush()
    with store.session_factory() as session:
        assert session.get_one(FixedPenaltyNotice, notice.id).place != "Changed quietly"
