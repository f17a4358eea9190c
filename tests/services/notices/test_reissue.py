"""Reissuing a notice under a new number: the old one cancelled with its reason, never sent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select

from hfhate.models import (
    AuditEvent,
    Device,
    NoticeEvent,
    NoticeStatus,
    OutboxEntry,
    OutboxStatus,
    Role,
)
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.device import this_device
from hfhate.services.errors import PermissionDenied, ValidationFailed
from hfhate.services.notices.reissue import CannotReissue, reissue_under_new_number
from tests.services.notices.conftest import NOW, Issue

REASON = "Numbered on a copied laptop; that number belongs to another notice."
LATER = NOW + timedelta(hours=2)


def new_device_code(store: Store, code: int) -> None:
    """What enrolling again after a copy was caught does: this store gets a device of its own."""
    with store.session_factory.begin() as session:
        this_device(session).remote = True
        session.add(Device(name="copy", code=code))


def test_reissued_under_a_new_number_and_the_old_cancelled(
    store: Store, officer: Actor, issue: Issue
) -> None:
    old = issue(recipient_name="Pat Example")
    new_device_code(store, 77)
    with store.session_factory.begin() as session:
        new = reissue_under_new_number(session, officer, old.id, REASON, now=LATER)
        new_id, new_number = new.id, new.number
    assert old.number is not None and old.number.startswith("HF-042-")
    assert new_number is not None and new_number.startswith("HF-077-000001-")
    with store.session_factory() as session:
        cancelled = session.get_one(type(old), old.id)
        assert cancelled.status is NoticeStatus.CANCELLED
        assert cancelled.number == old.number
        reissued = session.get_one(type(old), new_id)
        assert reissued.recipient_name == "Pat Example"
        assert reissued.status is NoticeStatus.ISSUED
        last = session.scalars(
            select(NoticeEvent)
            .where(NoticeEvent.notice_id == old.id)
            .order_by(NoticeEvent.at.desc())
        ).first()
        assert last is not None and last.action == "cancelled"
        assert last.reason == f"Reissued as {new_number}: {REASON}"
        new_events = {
            e.action: e
            for e in session.scalars(select(NoticeEvent).where(NoticeEvent.notice_id == new_id))
        }
        assert new_events["reissued"].details["replaces"] == old.number
        # The old notice's changes are never sent; the new one's wait to be.
        old_entries = session.scalars(
            select(OutboxEntry).where(
                OutboxEntry.record_id.in_(
                    [
                        old.id,
                        *session.scalars(
                            select(NoticeEvent.id).where(NoticeEvent.notice_id == old.id)
                        ),
                    ]
                )
            )
        ).all()
        assert {e.status for e in old_entries} == {OutboxStatus.RESOLVED}
        new_entry = session.scalars(
            select(OutboxEntry).where(OutboxEntry.record_id == new_id)
        ).one()
        assert new_entry.status is OutboxStatus.PENDING
        audited = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "notice_reissued")
        ).one()
        assert audited.details["reissued_as"] == new_number


def test_not_before_a_new_device_code(store: Store, officer: Actor, issue: Issue) -> None:
    old = issue()
    with store.session_factory.begin() as session, pytest.raises(CannotReissue, match="enrols"):
        reissue_under_new_number(session, officer, old.id, REASON, now=LATER)


def test_not_a_notice_on_the_server(store: Store, officer: Actor, issue: Issue) -> None:
    old = issue()
    with store.session_factory.begin() as session:
        for entry in session.scalars(select(OutboxEntry).where(OutboxEntry.record_id == old.id)):
            entry.status = OutboxStatus.SENT
    new_device_code(store, 77)
    with store.session_factory.begin() as session, pytest.raises(CannotReissue, match="server"):
        reissue_under_new_number(session, officer, old.id, REASON, now=LATER)


def test_needs_a_reason_and_the_officer_or_a_supervisor(
    store: Store,
    officer: Actor,
    issue: Issue,
    make_actor: Callable[..., Actor],
) -> None:
    old = issue()
    new_device_code(store, 77)
    with store.session_factory.begin() as session, pytest.raises(ValidationFailed):
        reissue_under_new_number(session, officer, old.id, "copy", now=LATER)
    other = make_actor(Role.AUTHORISED_OFFICER, Role.SUPERVISOR, username="boss")
    stranger = make_actor(Role.AUTHORISED_OFFICER, username="officer9")
    with store.session_factory.begin() as session, pytest.raises(PermissionDenied):
        reissue_under_new_number(session, stranger, old.id, REASON, now=LATER)
    with store.session_factory.begin() as session:
        assert reissue_under_new_number(session, other, old.id, REASON, now=LATER).number
    with store.session_factory.begin() as session, pytest.raises(CannotReissue, match="cancelled"):
        reissue_under_new_number(session, officer, old.id, REASON, now=LATER)
