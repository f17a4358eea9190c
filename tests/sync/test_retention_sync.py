"""Retention through sync: a supervisor's erasure reaches the server, which checks it by its
own dates and settings and repeats it, and every other laptop applies it at its next pull.

Afterwards the demo person's name and date of birth (and the attendee, the disclosure) are
nowhere: not in any laptop's decrypted store or data folder, not in the server's database
(its SQLite file's bytes; on PostgreSQL its tables) nor its photo folder. The statistics
still count the notice. The order came into force in July 2024, so for records that are past
their period today the laptops and the server keep notices one year (a setting of each).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from hfhate.clock import london_date
from hfhate.models import (
    EvidencePhoto,
    FixedPenaltyNotice,
    Incident,
    NoticeStatus,
    OutboxEntry,
    OutboxStatus,
    Person,
    Referral,
    Role,
    VictimFeedback,
    utc_now,
)
from hfhate.server import retention
from hfhate.server.db import make_server_engine
from hfhate.server.models import ServerRecordRow
from hfhate.server.rules import ChangeRefused
from hfhate.services.actor import Actor
from hfhate.services.notices.issuing import amend_notice
from hfhate.services.notices.queries import NoticeFilter, count_notices
from hfhate.services.retention.erasure import erase_due
from hfhate.services.retention.review import retention_review
from hfhate.services.retention.schedule import (
    HOLDS,
    INCIDENT_REFERRAL_HOLD,
    PERSON_REFERRAL_HOLD,
    Rule,
)
from hfhate.services.retention.settings import RetentionSettings, change_retention_settings
from hfhate.sync.outbox import needs_attention_count
from tests.fixtures.retention import (
    NAME,
    NEEDLES,
    OTHER_BORN,
    OTHER_NAME,
    A,
    closed_notice,
    issue,
    move,
    photo_file,
    session_with_register,
    traces_in_folder,
    traces_in_store,
)
from tests.fixtures.retention_victims import NAME as VICTIM_NAME
from tests.fixtures.retention_victims import NEEDLES as VICTIM_NEEDLES
from tests.fixtures.retention_victims import record_victim, victim_traces
from tests.sync.conftest import Laptop, ServerProcess

CANCELLED_NAME = "Cancelled Person Example"
ONE_YEAR = RetentionSettings(notice_years=1, photo_years=1)
PAID_AT = datetime(2025, 1, 15, 12, tzinfo=UTC)  # due 15 January 2026 when kept a year


def three_laptops(
    make_laptop: Callable[..., Laptop], server: ServerProcess
) -> tuple[Laptop, Actor, Laptop, Actor, Laptop, Actor]:
    north, office, west = (make_laptop(server, n) for n in ("north", "office", "west"))
    olly = north.add("olly", Role.AUTHORISED_OFFICER, Role.ENGAGEMENT_OFFICER, Role.SUPERVISOR)
    sue = office.add("sue", Role.SUPERVISOR)
    sam = west.add("sam", Role.SUPERVISOR)
    for laptop in (north, office, west):
        laptop.enrol()
    return north, olly, office, sue, west, sam


def server_text(server: ServerProcess) -> bytes:
    """The server database as bytes: a SQLite file (and its write-ahead log) as stored; on
    PostgreSQL, every row of its tables."""
    url = make_url(server.database_url)
    if url.get_backend_name() == "sqlite":
        path = url.database
        assert path
        files = [Path(path), Path(f"{path}-wal")]
        return b"".join(p.read_bytes() for p in files if p.exists())
    engine = make_server_engine(server.database_url)
    try:
        with engine.connect() as connection:
            tables = connection.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            ).scalars()
            rows = [
                repr(tuple(row))
                for table in list(tables)
                for row in connection.execute(text(f'SELECT * FROM "{table}"'))  # noqa: S608
            ]
    finally:
        engine.dispose()
    return "\n".join(rows).encode()


def test_an_erasure_reaches_the_server_and_every_laptop_and_leaves_no_trace(
    make_laptop: Callable[..., Laptop], server: ServerProcess, tmp_path
) -> None:
    north, olly, office, sue, west, sam = three_laptops(make_laptop, server)
    store = north.store
    paid = closed_notice(store, olly, olly, PAID_AT, photo=photo_file(tmp_path / "in", 7))
    prosecuted = issue(
        store, olly, datetime(2025, 1, 20, 12, tzinfo=UTC), name=OTHER_NAME, born=OTHER_BORN
    )
    move(store, olly, prosecuted, A.REFER_FOR_PROSECUTION, datetime(2025, 3, 1, 12, tzinfo=UTC))
    training = session_with_register(store, olly, date(2023, 9, 1))
    # Cancelled on 1 October 2026: its photo is due 31 days later, the notice itself in 2027.
    cancelled = issue(
        store,
        olly,
        datetime(2026, 9, 30, 12, tzinfo=UTC),
        name=CANCELLED_NAME,
        born=OTHER_BORN,
        photo=photo_file(tmp_path / "in", 8),
    )
    move(store, olly, cancelled, A.CANCEL, datetime(2026, 10, 1, 12, tzinfo=UTC))
    north.sync(olly)
    office.sync(sue)
    west.sync(sam)
    assert len(list(west.store.paths.evidence.rglob("*.sealed"))) == 2  # the photos reached west
    assert NAME.encode() in server_text(server)
    server.admin("retention-periods", "--notice-years", "1", "--photo-years", "1")
    with office.store.session_factory.begin() as session:
        change_retention_settings(session, office.admin, ONE_YEAR)

    today = london_date(utc_now())
    with office.store.session_factory.begin() as session:
        items = retention_review(session, sue, today)
    by_id = {item.record_id: item for item in items}
    assert {paid, training, cancelled} == {i.record_id for i in items if i.erasable}
    assert by_id[cancelled].rule is Rule.PHOTOS_AFTER_CANCELLATION
    assert by_id[prosecuted].held == HOLDS[NoticeStatus.REFERRED_FOR_PROSECUTION]
    erase_due(
        office.store.session_factory,
        sue,
        [i for i in items if i.erasable],
        office.store.paths.evidence,
    )
    report = office.sync(sue)
    assert report.pushed == 3  # the notice, the session, the cancelled notice's photo
    with office.store.session_factory() as session:
        assert not session.scalars(
            select(OutboxEntry).where(OutboxEntry.status == OutboxStatus.NEEDS_ATTENTION)
        ).all()
    west.sync(sam)
    north.sync(olly)

    for laptop in (north, office, west):
        assert traces_in_store(laptop.store) == [], laptop.store.paths.data_dir
        assert traces_in_folder(laptop.store.paths.data_dir) == []
        assert not list(laptop.store.paths.evidence.rglob("*.sealed"))
        with laptop.store.session_factory() as session:
            notice = session.get_one(FixedPenaltyNotice, paid)
            assert notice.erased_at is not None and notice.ward == "Ravenscourt"
            assert None not in session.scalars(select(EvidencePhoto.erased_at)).all()
            kept = session.get_one(FixedPenaltyNotice, cancelled)
            assert kept.erased_at is None and kept.recipient_name == CANCELLED_NAME
            assert session.get_one(FixedPenaltyNotice, prosecuted).recipient_name == OTHER_NAME
    with west.store.session_factory() as session:
        stats = NoticeFilter(ward="Ravenscourt", statuses=frozenset({NoticeStatus.PAID}))
        assert count_notices(session, sam, stats) == 1
    stored = server_text(server)
    assert [n for n in NEEDLES if n.encode() in stored] == []
    assert OTHER_NAME.encode() in stored  # the held notice keeps its recipient's name
    assert traces_in_folder(server.data_dir / "evidence") == []
    assert not list((server.data_dir / "evidence").rglob("*.sealed"))


def test_the_server_refuses_an_erasure_it_does_not_find_due_by_its_own_settings(
    make_laptop: Callable[..., Laptop], sqlite_server: ServerProcess
) -> None:
    north, olly, office, sue, _west, _sam = three_laptops(make_laptop, sqlite_server)
    paid = closed_notice(north.store, olly, olly, PAID_AT)
    north.sync(olly)
    office.sync(sue)
    with office.store.session_factory.begin() as session:
        change_retention_settings(session, office.admin, ONE_YEAR)  # the server keeps six
        items = retention_review(session, sue, london_date(utc_now()))
    erase_due(office.store.session_factory, sue, items, office.store.paths.evidence)
    office.sync(sue)
    with office.store.session_factory() as session:
        refused = session.scalars(
            select(OutboxEntry).where(
                OutboxEntry.record_id == paid, OutboxEntry.operation == "erase"
            )
        ).one()
    assert refused.status is OutboxStatus.NEEDS_ATTENTION
    assert "past its retention period on its own dates and settings" in (
        refused.attention_reason or ""
    )
    assert NAME.encode() in server_text(sqlite_server)


def test_the_server_checks_who_erases_what_and_when_by_its_own_records(
    make_laptop: Callable[..., Laptop], sqlite_server: ServerProcess
) -> None:
    north, olly, _office, _sue, _west, _sam = three_laptops(make_laptop, sqlite_server)
    paid = closed_notice(north.store, olly, olly, PAID_AT)
    held = issue(north.store, olly, datetime(2025, 1, 20, 12, tzinfo=UTC))
    move(north.store, olly, held, A.RECEIVE_REPRESENTATION, datetime(2025, 2, 1, tzinfo=UTC))
    north.sync(olly)
    engine = make_server_engine(sqlite_server.database_url)
    try:
        with Session(engine) as session:
            fields = session.get_one(ServerRecordRow, ("notices", paid)).fields
            held_fields = session.get_one(ServerRecordRow, ("notices", held)).fields
            supervisor = ["supervisor"]

            def refusal(roles: list[str], values: dict[str, object], today: date) -> str:
                try:
                    retention.check_erasure(session, roles, "notices", values, today)
                except retention.NotErasableHere as refused:
                    return str(refused)
                return ""

            assert refusal(["authorised_officer"], fields, date(2031, 1, 16)) == (
                retention.SUPERVISORS_ONLY
            )
            # Paid on 15 January 2025: kept six years on the server, due 15 January 2031.
            assert "past its retention period" in refusal(supervisor, fields, date(2031, 1, 14))
            assert refusal(supervisor, fields, date(2031, 1, 15)) == ""
            assert (
                refusal(supervisor, held_fields, date(2040, 1, 1))
                == (HOLDS[NoticeStatus.REPRESENTATION_RECEIVED])
            )
    finally:
        engine.dispose()


def test_an_erasure_wins_over_an_edit_made_offline_on_another_laptop(
    make_laptop: Callable[..., Laptop], sqlite_server: ServerProcess
) -> None:
    north, olly, office, sue, _west, _sam = three_laptops(make_laptop, sqlite_server)
    paid = closed_notice(north.store, olly, olly, PAID_AT)
    north.sync(olly)
    office.sync(sue)
    sqlite_server.admin("retention-periods", "--notice-years", "1", "--photo-years", "1")
    with office.store.session_factory.begin() as session:
        change_retention_settings(session, office.admin, ONE_YEAR)
        items = retention_review(session, sue, london_date(utc_now()))
    erase_due(office.store.session_factory, sue, items, office.store.paths.evidence)
    office.sync(sue)
    # Meanwhile, offline, Olly corrects the recipient's address on his copy.
    with north.store.session_factory.begin() as session:
        amend_notice(
            session,
            olly,
            paid,
            {"recipient_address": "99 Forgotten Lane, London"},
            reason="The recipient wrote with a new address",
        )
    report = north.sync(olly)
    assert report.needs_attention == 2  # the amendment and its timeline entry, refused...
    with north.store.session_factory() as session:
        notice = session.get_one(FixedPenaltyNotice, paid)
        assert notice.erased_at is not None and notice.recipient_address == ""
        entries = session.scalars(select(OutboxEntry).where(OutboxEntry.record_id == paid)).all()
        # ...then resolved by the pulled erasure, their values gone with it.
        assert all(e.status in (OutboxStatus.SENT, OutboxStatus.RESOLVED) for e in entries)
        assert needs_attention_count(session) == 0
    assert traces_in_store(north.store, (*NEEDLES, "99 Forgotten Lane")) == []


def test_a_victims_erasure_is_taken_only_when_the_servers_own_records_say_it_is_due(
    make_laptop: Callable[..., Laptop], sqlite_server: ServerProcess
) -> None:
    north, olly, office, sue, _west, _sam = three_laptops(make_laptop, sqlite_server)
    victim = record_victim(north.store, olly, sent=False)
    waiting = record_victim(north.store, olly, closed=False, sent=False)  # sent, not answered
    north.sync(olly)
    office.sync(sue)
    engine = make_server_engine(sqlite_server.database_url)
    try:
        with Session(engine) as session:

            def refusal(record_type: str, record_id: uuid.UUID, today: date) -> str:
                fields = session.get_one(ServerRecordRow, (record_type, record_id)).fields
                try:
                    retention.check_erasure(session, ["supervisor"], record_type, fields, today)
                except retention.NotErasableHere as refused:
                    return str(refused)
                return ""

            # Her referral closed on 2 October 2024: kept six years on the server.
            assert "past its retention period" in refusal(
                "people", victim.person_id, date(2030, 10, 1)
            )
            assert refusal("people", victim.person_id, date(2030, 10, 2)) == ""
            assert "past its retention period" in refusal(
                "incidents", victim.incident_id, date(2030, 9, 9)
            )
            assert refusal("incidents", victim.incident_id, date(2030, 9, 10)) == ""
            assert refusal("people", waiting.person_id, date(2040, 1, 1)) == PERSON_REFERRAL_HOLD
            assert refusal("incidents", waiting.incident_id, date(2040, 1, 1)) == (
                INCIDENT_REFERRAL_HOLD
            )
    finally:
        engine.dispose()

    # The office keeps victims' records one year; the server still keeps them six.
    with office.store.session_factory.begin() as session:
        change_retention_settings(session, office.admin, RetentionSettings(victim_years=1))
        items = retention_review(session, sue, london_date(utc_now()))
    due = [i for i in items if i.erasable]
    assert {i.record_id for i in due} == {victim.person_id, victim.incident_id}
    erase_due(office.store.session_factory, sue, due, office.store.paths.evidence)
    office.sync(sue)
    with office.store.session_factory() as session:
        refused = session.scalars(select(OutboxEntry).where(OutboxEntry.operation == "erase")).all()
    assert {e.status for e in refused} == {OutboxStatus.NEEDS_ATTENTION}
    assert all(
        "past its retention period on its own dates and settings" in (e.attention_reason or "")
        for e in refused
    )
    assert VICTIM_NAME.encode() in server_text(sqlite_server)


def test_a_victims_erasure_due_on_the_server_reaches_every_laptop_and_leaves_no_trace(
    make_laptop: Callable[..., Laptop], sqlite_server: ServerProcess
) -> None:
    north, olly, office, sue, west, sam = three_laptops(make_laptop, sqlite_server)
    victim = record_victim(north.store, olly, sent=False)
    north.sync(olly)
    office.sync(sue)
    west.sync(sam)
    assert VICTIM_NAME.encode() in server_text(sqlite_server)
    sqlite_server.admin("retention-periods", "--victim-years", "1")
    with office.store.session_factory.begin() as session:
        change_retention_settings(session, office.admin, RetentionSettings(victim_years=1))
        items = retention_review(session, sue, london_date(utc_now()))
    due = [i for i in items if i.erasable]
    assert {i.record_id for i in due} == {victim.person_id, victim.incident_id}
    erase_due(office.store.session_factory, sue, due, office.store.paths.evidence)
    report = office.sync(sue)
    assert report.pushed == 2  # the person (with her parts) and the incident
    assert report.needs_attention == 0
    west.sync(sam)
    north.sync(olly)

    for laptop in (north, office, west):
        assert victim_traces(laptop.store) == [], laptop.store.paths.data_dir
        assert traces_in_folder(laptop.store.paths.data_dir, VICTIM_NEEDLES) == []
        with laptop.store.session_factory() as session:
            person = session.get_one(Person, victim.person_id)
            assert person.erased_at is not None and person.name == ""
            incident = session.get_one(Incident, victim.incident_id)
            assert incident.erased_at is not None and incident.ward == "Fulham Town"
            referral = session.get_one(Referral, victim.referral_id)
            assert (referral.status, referral.reason) == ("closed", "")
            assert session.get_one(VictimFeedback, victim.feedback_id).satisfaction == 5
            assert needs_attention_count(session) == 0
    stored = server_text(sqlite_server)
    assert [n for n in VICTIM_NEEDLES if n.encode() in stored] == []
    engine = make_server_engine(sqlite_server.database_url)
    try:
        with Session(engine) as session:
            # A later change to her referral or feedback (an update carries only what
            # changed) is refused: their person was erased.
            for record_type, record_id, change in (
                ("referrals", victim.referral_id, {"outcome": "Met her again in March."}),
                ("victim_feedback", victim.feedback_id, {"comments": "Thank you all."}),
            ):
                stored = session.get_one(ServerRecordRow, (record_type, record_id)).fields
                with pytest.raises(ChangeRefused, match="erased under the retention schedule"):
                    retention.refuse_if_erased(session, record_type, change, stored, no_batch)
    finally:
        engine.dispose()


def no_batch(_key: tuple[str, uuid.UUID]) -> None:
    return None
