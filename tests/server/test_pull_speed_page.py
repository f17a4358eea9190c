"""A pull page, now encoded once by orjson (``pull.ServedPage``), is byte for byte the JSON
the wire model ``PullPage`` writes, on SQLite and PostgreSQL, and pages still cover every
change exactly once up to the highest committed sequence."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from hfhate.server.models import Counter
from hfhate.sync.schemas import PullPage
from tests.server.conftest import Server, change, notice_fields
from tests.server.test_push_pull import officer_setup, push


def test_a_page_is_the_json_the_wire_model_writes(server: Server) -> None:
    officer, device_id, code, headers = officer_setup(server)
    awkward = {
        "place": "Zoë’s “corner” — Goldhawk Road \\ 5",
        "latitude": 51.50123,
        "longitude": -0.2245,
        "hostilities": ["misogyny", "race"],
    }
    sent = [
        change(device_id, officer, uuid.uuid4(), notice_fields(officer, code, n, **awkward))
        for n in range(1, 4)
    ]
    assert [r["result"] for r in push(server, headers, *sent)] == ["applied"] * 3
    sue = server.add_user("sue", "supervisor")
    _, token, _ = server.enrol()
    supervisor = server.sign_in(token, "sue")
    cursor, served = 0, []
    while True:
        reply = server.client.get(
            "/api/v1/pull", headers=supervisor, params={"cursor": cursor, "limit": 2}
        )
        assert reply.status_code == 200
        assert reply.headers["content-type"] == "application/json"
        page = PullPage.model_validate_json(reply.content)
        assert reply.content == page.model_dump_json().encode()
        served += page.changes
        cursor = page.next_cursor
        if not page.has_more:
            break
    notices = [c for c in served if c.record_type == "notices"]
    assert [c.record_id for c in notices] == [uuid.UUID(c["record_id"]) for c in sent]
    assert all(c.fields["place"] == awkward["place"] for c in notices)
    assert notices[0].fields["latitude"] == 51.50123
    assert {c.record_id for c in served if c.record_type == "users"} >= {officer, sue}
    seqs = [c.seq for c in served]
    assert seqs == sorted(set(seqs))
    with server.sessions() as session:
        assert cursor == session.scalar(select(Counter.value).where(Counter.name == "change_log"))


def test_a_cursor_from_another_epoch_starts_again_in_the_same_shape(server: Server) -> None:
    _, _, _, headers = officer_setup(server)
    reply = server.client.get(
        "/api/v1/pull",
        headers=headers | {"X-Hfhate-Epoch": "not-this-one"},
        params={"cursor": 5},
    )
    assert reply.status_code == 200
    page = PullPage.model_validate_json(reply.content)
    assert (page.changes, page.next_cursor, page.has_more) == ([], 0, False)
    assert reply.content == page.model_dump_json().encode()
