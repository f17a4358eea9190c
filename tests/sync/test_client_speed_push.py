"""The push's batches (``sync/push_batches.py``): the body is the ``PushRequest`` pydantic
would dump, cut by bytes without losing or repeating an entry, and only the changes the
server acknowledged are marked sent."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any, cast

import pytest
from sqlalchemy import or_, select, update

from hfhate.models import OutboxEntry, OutboxStatus, Role, utc_now
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.device import set_device_code
from hfhate.services.notices import issuing as notices
from hfhate.sync import client
from hfhate.sync.push_batches import Batch, mark, next_batch
from hfhate.sync.schemas import (
    Change,
    ChangeResult,
    Operation,
    PushRequest,
    PushResponse,
    ServerRecord,
)
from hfhate.sync.transport import SyncError
from tests.fixtures.notices import CIRCUMSTANCES, numbered_name
from tests.services.notices.conftest import NOW, build_entry

DEVICE = uuid.UUID(int=11)


@pytest.fixture
def officer(store: Store, admin: Actor, make_actor: Any) -> Actor:
    """An officer who issued three notices (each with its timeline entry, people, links...),
    and a change nobody is named as making (an older laptop's), waiting too."""
    with store.session_factory.begin() as session:
        set_device_code(session, admin, 42)
    olly: Actor = make_actor(Role.AUTHORISED_OFFICER, username="olly")
    with store.session_factory.begin() as session:
        for n in range(3):
            entry = build_entry(
                recipient_name=numbered_name(n), circumstances=f"{CIRCUMSTANCES} Café “{n}”."
            )
            notices.issue_notice(session, olly, entry, now=NOW)
        session.add(
            OutboxEntry(
                record_type="notices",
                record_id=uuid.uuid4(),
                operation="edit",  # anything but a create or an erasure goes as an update
                base_version=1,
                version=2,
                fields={"place": "Ünal Road", "latitude": 51.4921, "people": [{"a": None}]},
                created_at=utc_now() - timedelta(microseconds=1),
                made_by_id=None,
            )
        )
    return olly


def _pending(store: Store, officer: Actor) -> list[OutboxEntry]:
    """What waits to go in ``officer``'s sync (theirs, and what no user is named as making)."""
    with store.session_factory() as session:
        query = select(OutboxEntry).where(
            OutboxEntry.status == OutboxStatus.PENDING,
            or_(OutboxEntry.made_by_id == officer.user_id, OutboxEntry.made_by_id.is_(None)),
        )
        return list(session.scalars(query.order_by(OutboxEntry.seq)))


def _as_pydantic_dumps(entries: list[OutboxEntry], officer: Actor) -> bytes:
    """The body as the client built it before: a ``PushRequest`` of ``Change``s, dumped."""
    request = PushRequest(
        changes=[
            Change(
                change_id=e.change_id,
                record_type=e.record_type,
                record_id=e.record_id,
                operation=cast(Operation, e.operation)
                if e.operation in ("create", "erase")
                else "update",
                base_version=e.base_version,
                version=e.version,
                fields=e.fields,
                made_at=e.created_at,
                made_by=e.made_by_id or officer.user_id,
                device_id=DEVICE,
            )
            for e in entries
        ]
    )
    return request.model_dump_json().encode()


def test_a_batch_is_the_push_request_pydantic_dumps(store: Store, officer: Actor) -> None:
    waiting = _pending(store, officer)
    batch = next_batch(store, officer.user_id, DEVICE)
    assert batch is not None and len(batch.entries) == len(waiting) > 10
    assert batch.body == _as_pydantic_dumps(waiting, officer)
    assert PushRequest.model_validate_json(batch.body).changes[-1].operation == "update"


def test_batches_cut_by_bytes_carry_every_entry_once_in_order(store: Store, officer: Actor) -> None:
    waiting = _pending(store, officer)
    budget = 4_000
    batches: list[Batch] = []
    after = 0
    while (batch := next_batch(store, officer.user_id, DEVICE, after, budget=budget)) is not None:
        batches.append(batch)
        after = batch.last_seq
    assert len(batches) > 3
    assert [e.seq for b in batches for e in b.entries] == [e.seq for e in waiting]
    for batch in batches:
        assert len(batch.body) <= budget or len(batch.entries) == 1
        sent = PushRequest.model_validate_json(batch.body).changes
        assert [c.change_id for c in sent] == [e.change_id for e in batch.entries]
    counted = next_batch(store, officer.user_id, DEVICE, limit=3)
    assert counted is not None and len(counted.entries) == 3


def test_only_changes_the_server_acknowledged_are_marked_sent(store: Store, officer: Actor) -> None:
    batch = next_batch(store, officer.user_id, DEVICE, limit=5)
    assert batch is not None
    first, second, third, fourth, fifth = batch.entries
    touched = next(k for k in third.fields if k not in ("id", "version", "updated_at"))
    server = ServerRecord(
        record_type="notices",
        record_id=third.record_id,
        version=3,
        fields=third.fields | {touched: "theirs", "version": 3, "not_in_change": "x"},
    )
    results = {
        first.change_id: ChangeResult(change_id=first.change_id, result="applied"),
        second.change_id: ChangeResult(change_id=second.change_id, result="duplicate"),
        third.change_id: ChangeResult(
            change_id=third.change_id, result="conflict", reason="cancelled", server_record=server
        ),
        fourth.change_id: ChangeResult(change_id=fourth.change_id, result="rejected"),
        fifth.change_id: ChangeResult(change_id=fifth.change_id, result="applied"),
    }
    with store.session_factory.begin() as session:  # resolved here meanwhile: left so
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.seq == fifth.seq)
            .values(status=OutboxStatus.RESOLVED)
        )
    with store.session_factory.begin() as session:
        assert mark(session, batch.entries, results) == (2, 1, 2)
    with store.session_factory() as session:
        rows = {e.seq: e for e in session.scalars(select(OutboxEntry))}
    assert rows[first.seq].status == rows[second.seq].status == OutboxStatus.SENT
    assert rows[first.seq].sent_at is not None
    assert rows[third.seq].status == OutboxStatus.NEEDS_ATTENTION
    assert rows[third.seq].attention_reason == "conflict: cancelled"
    theirs = rows[third.seq].server_values
    assert theirs is not None and theirs[touched] == "theirs"
    assert "version" not in theirs and "not_in_change" not in theirs
    assert rows[fourth.seq].status == OutboxStatus.NEEDS_ATTENTION
    assert rows[fifth.seq].status == OutboxStatus.RESOLVED
    others = [e for seq, e in rows.items() if seq > fifth.seq]
    assert others and {e.status for e in others} == {OutboxStatus.PENDING}


class _Server:
    """Answers pushes as a server would, batch by batch, or leaves one change out."""

    def __init__(self, *, leave_out: int | None = None) -> None:
        self.bodies: list[bytes] = []
        self.leave_out = leave_out

    def call(self, method: str, path: str, model: type[Any], **sent: Any) -> Any:
        assert (method, path, sent["content_type"]) == ("POST", "/push", "application/json")
        self.bodies.append(sent["content"])
        changes = json.loads(sent["content"])["changes"]
        if self.leave_out is not None and len(self.bodies) == self.leave_out:
            changes = changes[1:]
        return PushResponse(
            results=[ChangeResult(change_id=c["change_id"], result="applied") for c in changes]
        )


def _push(store: Store, officer: Actor, server: _Server) -> client.SyncReport:
    report = client.SyncReport()
    client._push(store, officer, server, DEVICE, report, lambda *_: None)  # type: ignore[arg-type]
    return report


def test_every_batch_is_sent_once_in_order_and_marked(
    store: Store, officer: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    waiting = _pending(store, officer)
    monkeypatch.setattr(client, "MAX_BATCH", 4)
    server = _Server()
    assert _push(store, officer, server).pushed == len(waiting)
    sent = [c["change_id"] for body in server.bodies for c in json.loads(body)["changes"]]
    assert sent == [str(e.change_id) for e in waiting]
    assert len(server.bodies) == -(-len(waiting) // 4)
    assert _pending(store, officer) == []


def test_an_answer_that_misses_a_change_marks_nothing_of_its_batch(
    store: Store, officer: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    waiting = _pending(store, officer)
    monkeypatch.setattr(client, "MAX_BATCH", 4)
    with pytest.raises(SyncError, match="did not cover"):
        _push(store, officer, _Server(leave_out=2))
    # The first batch was answered whole and is sent; the second and after still wait.
    assert [e.seq for e in _pending(store, officer)] == [e.seq for e in waiting[4:]]
