"""Retention: each period falls due on its day (not the day before), holds are never erased,
an erasure keeps the facts and leaves no trace of the person in the store."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from hfhate.models import (
    AuditEvent,
    EngagementSession,
    EvidencePhoto,
    FixedPenaltyNotice,
    FollowUp,
    NoticeEvent,
    NoticeStatus,
    OutboxEntry,
    OutboxStatus,
    Person,
    RegisterEntry,
    Role,
)
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.device import set_device_code
from hfhate.services.errors import PermissionDenied, ServiceError, ValidationFailed
from hfhate.services.notices import drafts as notice_drafts
from hfhate.services.notices.evidence import attach_photos, store_photo
from hfhate.services.notices.issuing import amend_notice
from hfhate.services.notices.queries import NoticeFilter, count_notices
from hfhate.services.retention.erasure import NotErasable, erase_due, erase_record
from hfhate.services.retention.review import WAITING, retention_review
from hfhate.services.retention.schedule import HOLDS, Rule
from hfhate.services.retention.settings import (
    RetentionSettings,
    change_retention_settings,
    current_retention_settings,
)
from hfhate.services.victims.derive import derived_id
from hfhate.services.victims.incidents import record_incident
from tests.fixtures.retention import (
    NAME,
    A,
    age_drafts,
    closed_notice,
    issue,
    move,
    photo_file,
    session_with_register,
    traces_in_folder,
    traces_in_store,
)
from tests.services.victims.conftest import incident_input

# The order came into force on 8 July 2024: the records are made from then, and reviewed on
# dates in the 2030s, six years after they were closed.
NOON = datetime(2024, 9, 10, 12, 0, tzinfo=UTC)
LATER = date(2031, 6, 1)
NOW = datetime(2031, 6, 1, 9, tzinfo=UTC)


@pytest.fixture
def officer(store: Store, admin: Actor, make_actor) -> Actor:  # type: ignore[no-untyped-def]
    with store.session_factory.begin() as session:
        set_device_code(session, admin, 42)
    return make_actor(Role.AUTHORISED_OFFICER, Role.ENGAGEMENT_OFFICER, username="olly")


@pytest.fixture
def supervisor(make_actor) -> Actor:  # type: ignore[no-untyped-def]
    return make_actor(Role.SUPERVISOR, username="sue")


def all_sent(store: Store) -> None:
    """As after a sync: nothing waits to be sent."""
    with store.session_factory.begin() as session:
        session.execute(update(OutboxEntry).values(status=OutboxStatus.SENT))


def review(store: Store, supervisor: Actor, today: date) -> dict[uuid.UUID, object]:
    with store.session_factory.begin() as session:
        return {i.record_id: i for i in retention_review(session, supervisor, today)}


def _due_ids(store: Store, supervisor: Actor, today: date) -> set[uuid.UUID]:
    return {k for k, i in review(store, supervisor, today).items() if i.erasable}  # type: ignore[attr-defined]


def test_each_period_falls_due_on_its_day_not_the_day_before(
    store: Store, officer: Actor, supervisor: Actor, tmp_path: Path
) -> None:
    cancelled_at = datetime(2025, 1, 10, 12, tzinfo=UTC)
    warning = issue(store, officer, NOON, warning=True)
    expected = {
        closed_notice(store, officer, supervisor, NOON): (
            Rule.NOTICE_CLOSED,
            date(2030, 9, 10),
        ),
        warning: (Rule.NOTICE_CLOSED, date(2030, 9, 10)),
        closed_notice(
            store, officer, supervisor, cancelled_at, A.CANCEL, photo=photo_file(tmp_path, 1)
        ): (Rule.PHOTOS_AFTER_CANCELLATION, date(2025, 2, 10)),  # 31 days
        session_with_register(store, officer, date(2027, 9, 10)): (
            Rule.REGISTER_AFTER_SESSION,
            date(2030, 9, 10),
        ),
    }
    with store.session_factory.begin() as session:
        draft = notice_drafts.save_draft(
            session, officer, None, notice_drafts.NoticeKind.NOTICE, {}, ""
        )
        incident = record_incident(
            session, officer, incident_input(occurred_at=NOON, ward="Fulham Town"), ()
        )
    age_drafts(store, datetime(2030, 8, 11, 12, tzinfo=UTC))  # 30 days
    expected[draft] = (Rule.DRAFT_UNFINISHED, date(2030, 9, 10))
    expected[incident.id] = (Rule.INCIDENT_OCCURRED, date(2030, 9, 10))
    # The warning's victim, as a person record (made when it was issued): six years on.
    victim = derived_id("notices", warning, 0, "person")
    with store.session_factory.begin() as session:
        session.execute(update(Person).where(Person.id == victim).values(created_at=NOON))
    expected[victim] = (Rule.VICTIM_LAST_CONTACT, date(2030, 9, 10))
    all_sent(store)
    for record_id, (rule, due_on) in expected.items():
        assert record_id not in _due_ids(store, supervisor, due_on - timedelta(days=1))
        for today in (due_on, due_on + timedelta(days=1)):
            item = review(store, supervisor, today)[record_id]
            assert (item.rule, item.due_on, item.erasable) == (rule, due_on, True)  # type: ignore[attr-defined]
    everything = review(store, supervisor, date(2030, 9, 11))
    assert {item.rule for item in everything.values()} == set(Rule)  # type: ignore[attr-defined]


def test_a_notice_closed_at_half_past_midnight_bst_falls_due_on_its_london_date(
    store: Store, officer: Actor, supervisor: Actor
) -> None:
    # 00:30 BST on 27 October 2024 is 23:30 UTC on the 26th, the night the clocks go back;
    # six years on, 27 October 2030 is in GMT again: the due date is the London date.
    closed = datetime(2024, 10, 26, 23, 30, tzinfo=UTC)
    notice_id = closed_notice(store, officer, supervisor, closed)
    all_sent(store)
    assert notice_id not in _due_ids(store, supervisor, date(2030, 10, 26))
    item = review(store, supervisor, date(2030, 10, 27))[notice_id]
    assert item.due_on == date(2030, 10, 27)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("action", "status"),
    [
        (A.REFER_FOR_PROSECUTION, NoticeStatus.REFERRED_FOR_PROSECUTION),
        (A.RECEIVE_REPRESENTATION, NoticeStatus.REPRESENTATION_RECEIVED),
    ],
)
def test_a_legal_hold_is_shown_with_its_reason_and_never_erased(
    store: Store, officer: Actor, supervisor: Actor, action: A, status: NoticeStatus
) -> None:
    notice_id = issue(store, officer, NOON)
    move(store, supervisor, notice_id, action, datetime(2024, 11, 10, 12, tzinfo=UTC))
    all_sent(store)
    item = review(store, supervisor, LATER)[notice_id]
    assert not item.erasable and item.held == HOLDS[status]  # type: ignore[attr-defined]
    assert item.due_on is None  # type: ignore[attr-defined]
    with store.session_factory.begin() as session, pytest.raises(NotErasable) as refused:
        erase_record(session, supervisor, "notices", notice_id, now=NOW, today=LATER)
    assert str(refused.value) == HOLDS[status]
    with store.session_factory() as session:
        assert session.get_one(FixedPenaltyNotice, notice_id).recipient_name == NAME


def test_changes_not_yet_sent_hold_a_record_until_the_next_sync(
    store: Store, officer: Actor, supervisor: Actor
) -> None:
    notice_id = closed_notice(store, officer, supervisor, NOON)
    item = review(store, supervisor, LATER)[notice_id]
    assert item.held == WAITING  # type: ignore[attr-defined]


def test_erasure_keeps_the_facts_and_leaves_no_trace_of_the_person(
    store: Store, officer: Actor, supervisor: Actor, tmp_path: Path
) -> None:
    notice_id = closed_notice(store, officer, supervisor, NOON, photo=photo_file(tmp_path, 2))
    training = session_with_register(store, officer, date(2027, 3, 1))
    all_sent(store)
    stats = NoticeFilter(
        ward="Ravenscourt", hostility="misogyny", statuses=frozenset({NoticeStatus.PAID})
    )
    with store.session_factory() as session:
        counted = count_notices(session, supervisor, stats)
    photo_files = list(store.paths.evidence.rglob("*.sealed"))
    assert len(photo_files) == 1
    with store.session_factory.begin() as session:
        items = list(retention_review(session, supervisor, LATER))
    done = erase_due(store.session_factory, supervisor, items, store.paths.evidence, today=LATER)
    assert {(e.record_id, e.rule) for e in done} == {
        (notice_id, Rule.NOTICE_CLOSED),
        (training, Rule.REGISTER_AFTER_SESSION),
    }
    assert not list(store.paths.evidence.rglob("*.sealed"))
    with store.session_factory() as session:
        notice = session.get_one(FixedPenaltyNotice, notice_id)
        assert notice.erased_at is not None and notice.recipient_name == ""
        assert notice.recipient_date_of_birth is None and notice.people == []
        assert (notice.ward, notice.status, notice.prohibition) == (
            "Ravenscourt",
            NoticeStatus.PAID,
            "sexualised_comments",
        )
        assert notice.amount_pence and notice.hostilities == ["misogyny"]
        assert count_notices(session, supervisor, stats) == counted
        assert all(
            e.reason == "" and "reference" not in e.details and e.erased_at
            for e in session.scalars(select(NoticeEvent).where(NoticeEvent.notice_id == notice_id))
        )
        photo = session.scalars(select(EvidencePhoto)).one()
        assert photo.erased_at is not None and photo.original_name == ""
        assert session.scalars(select(RegisterEntry.name)).all() == [""]
        assert session.scalars(select(FollowUp.description)).all() == [""]
        assert session.get_one(EngagementSession, training).erased_at is not None
        erasures = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "record_erased")
        ).all()
        assert sorted((e.record_type, e.details["rule"]) for e in erasures) == [
            ("engagement_sessions", "register_after_session"),
            ("notices", "notice_closed"),
        ]
        erase_changes = session.scalars(
            select(OutboxEntry).where(OutboxEntry.operation == "erase")
        ).all()
        assert {e.record_id for e in erase_changes} == {notice_id, training}
    assert_no_trace(store)


def assert_no_trace(store: Store) -> None:
    """The demo person's name and date of birth, the attendee and the disclosure appear
    nowhere in the decrypted store, nor in any file of the data folder."""
    assert traces_in_store(store) == []
    assert traces_in_folder(store.paths.data_dir) == []
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1


def test_an_erased_record_is_changed_no_more_and_not_erased_twice(
    store: Store, officer: Actor, supervisor: Actor, tmp_path: Path
) -> None:
    notice_id = closed_notice(store, officer, supervisor, NOON)
    all_sent(store)
    now = NOW
    with store.session_factory.begin() as session:
        erase_record(session, supervisor, "notices", notice_id, now=now, today=LATER)
    with store.session_factory.begin() as session, pytest.raises(ServiceError):
        amend_notice(
            session, supervisor, notice_id, {"recipient_name": NAME}, reason="Put the name back"
        )
    with store.session_factory.begin() as session, pytest.raises(NotErasable):
        erase_record(session, supervisor, "notices", notice_id, now=now, today=LATER)
    with store.session_factory.begin() as session, pytest.raises(ServiceError) as refused:
        photo = store_photo(store.paths.evidence, store.photo_key, photo_file(tmp_path, 3))
        attach_photos(session, officer, notice_id, [photo])
    assert "erased under the retention schedule" in str(refused.value)
    with store.session_factory() as session:
        count = session.scalar(select(func.count()).where(AuditEvent.action == "record_erased"))
    assert count == 1


def test_only_a_supervisor_reviews_and_erases(
    store: Store, officer: Actor, supervisor: Actor
) -> None:
    notice_id = closed_notice(store, officer, supervisor, NOON)
    all_sent(store)
    with store.session_factory.begin() as session, pytest.raises(PermissionDenied):
        retention_review(session, officer, LATER)
    with store.session_factory.begin() as session, pytest.raises(PermissionDenied):
        erase_record(session, officer, "notices", notice_id, now=NOW, today=LATER)


def test_an_administrator_changes_the_periods_with_errors_beside_fields(
    store: Store, admin: Actor, officer: Actor, supervisor: Actor
) -> None:
    notice_id = closed_notice(store, officer, supervisor, datetime(2025, 9, 1, 12, tzinfo=UTC))
    all_sent(store)
    assert notice_id not in _due_ids(store, supervisor, LATER)
    with store.session_factory.begin() as session, pytest.raises(ValidationFailed) as failed:
        change_retention_settings(
            session, admin, RetentionSettings(notice_years=0, photo_years=9, draft_days=0)
        )
    assert failed.value.field_errors == {
        "notice_years": "Use 1 to 100 years.",
        "draft_days": "Use 1 to 3650 days.",
    }
    with store.session_factory.begin() as session, pytest.raises(PermissionDenied):
        change_retention_settings(session, supervisor, RetentionSettings(notice_years=5))
    with store.session_factory.begin() as session, pytest.raises(ValidationFailed) as failed:
        change_retention_settings(session, admin, RetentionSettings(notice_years=5))
    assert "photo_years" in failed.value.field_errors
    with store.session_factory.begin() as session:
        change_retention_settings(session, admin, RetentionSettings(notice_years=5, photo_years=5))
    with store.session_factory() as session:
        assert current_retention_settings(session).notice_years == 5
        row = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "retention_settings_changed")
        ).one()
        assert row.details["changed"]["notice_years"] == {"from": 6, "to": 5}
    assert notice_id in _due_ids(store, supervisor, LATER)
