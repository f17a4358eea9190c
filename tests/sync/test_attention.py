"""The needs-attention list on a real store: who sees which entries, reasons, resolutions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hfhate.models import AuditEvent, OutboxEntry, OutboxStatus, Role, User
from hfhate.services.device import set_device_code
from hfhate.services.notices import issuing as notices
from hfhate.sync import attention
from hfhate.sync.status import status_line, sync_status
from tests.services.notices.conftest import NOW, build_entry

CONFLICT = "conflict: Someone else changed the same details meanwhile: full_name."
SERVER_VALUES = {"full_name": "Olly Officer", "username": "olly"}
# How entries written before local migration 0006 kept the server's values.
OLD_CONFLICT = f"{CONFLICT} Server has: {SERVER_VALUES!r}"


def needs_attention(
    store,
    record_type: str,
    reason: str,  # type: ignore[no-untyped-def]
    server_values: dict[str, str] | None = None,
) -> int:
    with store.session_factory.begin() as session:
        entry = session.scalars(
            select(OutboxEntry)
            .where(OutboxEntry.record_type == record_type)
            .order_by(OutboxEntry.seq.desc())
        ).first()
        entry.status, entry.attention_reason = OutboxStatus.NEEDS_ATTENTION, reason
        entry.server_values = server_values
        return entry.seq


def test_officers_see_their_own_entries_and_supervisors_everyones(store, admin, make_actor):
    olly = make_actor(Role.AUTHORISED_OFFICER, username="olly")
    sue = make_actor(Role.SUPERVISOR, username="sue")
    users_seq = needs_attention(store, "users", CONFLICT, SERVER_VALUES)
    with store.session_factory.begin() as session:
        set_device_code(session, admin, 7)
        notices.issue_notice(session, olly, build_entry(recipient_name="Pat Doe"), now=NOW)
    notice_seq = needs_attention(store, "notices", "rejected: The number is not this device's.")
    with store.session_factory() as session:
        mine = attention.attention_items(session, olly)
        everyone = attention.attention_items(session, sue)
        admins = attention.attention_items(session, admin)
    assert [i.seq for i in mine] == [notice_seq]
    assert mine[0].outcome == "rejected" and mine[0].fields == ()
    assert mine[0].reason == "The number is not this device's."
    assert mine[0].record_label.startswith("HF-")
    assert [i.seq for i in everyone] == [users_seq, notice_seq]
    assert [i.seq for i in admins] == [users_seq]
    user = everyone[0]
    assert user.record_type == "users" and user.outcome == "conflict"
    assert user.reason == "Someone else changed the same details meanwhile: full_name."
    assert [(c.field, c.local, c.server) for c in user.fields] == [
        ("full_name", "Sue Person", "Olly Officer"),
        ("username", "sue", "olly"),
    ]
    with store.session_factory.begin() as session, pytest.raises(attention.AttentionError):
        attention.keep_server_version(session, olly, users_seq)


def test_an_entry_from_before_the_server_values_column_shows_its_values(store, make_actor):
    sue = make_actor(Role.SUPERVISOR, username="sue")
    needs_attention(store, "users", OLD_CONFLICT)
    with store.session_factory() as session:
        [item] = attention.attention_items(session, sue)
    assert item.reason == "Someone else changed the same details meanwhile: full_name."
    assert [(c.field, c.server) for c in item.fields] == [
        ("full_name", "Olly Officer"),
        ("username", "olly"),
    ]


def test_a_reason_cut_short_keeps_its_words_and_drops_the_values() -> None:
    outcome, reason, values = attention.split_reason(OLD_CONFLICT[:-20])
    assert (outcome, values) == ("conflict", {})
    assert reason == "Someone else changed the same details meanwhile: full_name."


def test_resolving_writes_the_audit_trail_and_the_status_line_follows(store, admin, make_actor):
    sue = make_actor(Role.SUPERVISOR, username="sue")
    seq = needs_attention(store, "users", CONFLICT)
    with store.session_factory() as session:
        assert status_line(sync_status(session, sue)).startswith("Not enrolled: ")
        assert attention.attention_count(session, sue) == 1
    with store.session_factory.begin() as session:
        attention.keep_server_version(session, sue, seq)
    with store.session_factory.begin() as session:
        assert session.get_one(OutboxEntry, seq).status == OutboxStatus.RESOLVED
        assert attention.attention_count(session, sue) == 0
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "sync_change_dropped"))
        assert event is not None and event.user_id == sue.user_id
        assert session.scalar(select(User.version).where(User.username == "sue")) == 1
        with pytest.raises(attention.AttentionError):
            attention.send_again(session, sue, seq)
