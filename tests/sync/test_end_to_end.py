"""Laptops and a real hfhate-server process over HTTP: every record exactly once everywhere."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select

from hfhate.models import (
    FixedPenaltyNotice,
    NoticeStatus,
    OutboxEntry,
    OutboxStatus,
    Role,
    SyncState,
)
from hfhate.server.db import make_server_engine, make_sessions
from hfhate.server.models import ServerRecordRow
from hfhate.services.actor import Actor
from hfhate.services.device import DEMO_SETTING, put_setting
from hfhate.services.notices import issuing as notices
from hfhate.services.notices import lifecycle
from hfhate.sync import client
from hfhate.sync.transport import SyncError
from tests.fixtures.notices import numbered_name
from tests.services.notices.conftest import NOW, build_entry
from tests.sync.conftest import Laptop, ServerProcess, transport


def issue(laptop: Laptop, officer: Actor, count: int) -> None:
    for n in range(count):
        with laptop.store.session_factory.begin() as session:
            notices.issue_notice(
                session, officer, build_entry(recipient_name=numbered_name(n)), now=NOW
            )


def local_notices(laptop: Laptop) -> dict[str, tuple[str, str, int]]:
    with laptop.store.session_factory() as session:
        rows = session.scalars(select(FixedPenaltyNotice)).all()
        return {str(n.id): (n.number or "", n.status.value, n.version) for n in rows}


def server_notices(server: ServerProcess) -> dict[str, tuple[str, str, int]]:
    engine = make_server_engine(server.database_url)
    try:
        with make_sessions(engine)() as session:
            rows = session.scalars(
                select(ServerRecordRow).where(ServerRecordRow.record_type == "notices")
            ).all()
            return {
                str(r.record_id): (r.fields["number"], r.fields["status"], r.version) for r in rows
            }
    finally:
        engine.dispose()


def pending(laptop: Laptop, status: OutboxStatus = OutboxStatus.PENDING) -> int:
    with laptop.store.session_factory() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(OutboxEntry)
                .where(OutboxEntry.record_type == "notices", OutboxEntry.status == status)
            )
            or 0
        )


def north_and_office(
    make_laptop: Callable[..., Laptop], server: ServerProcess, *roles: Role, notices: int = 1
) -> tuple[Laptop, Actor, Laptop, Actor]:
    """Olly's laptop (north; Olly has ``roles``) and Sue the supervisor's (office), both
    enrolled, after Olly issued ``notices`` notices on north."""
    north, office = make_laptop(server, "north"), make_laptop(server, "office")
    olly = north.add("olly", *roles)
    sue = office.add("sue", Role.SUPERVISOR)
    north.enrol()
    office.enrol()
    issue(north, olly, notices)
    return north, olly, office, sue


def cancelled_meanwhile(
    make_laptop: Callable[..., Laptop], server: ServerProcess, notices: int = 1
) -> tuple[Laptop, Actor, uuid.UUID]:
    """Olly's offline reminder on his first notice, which Sue cancelled on another laptop."""
    north, olly, office, sue = north_and_office(
        make_laptop, server, Role.AUTHORISED_OFFICER, Role.SUPERVISOR, notices=notices
    )
    north.sync(olly)
    office.sync(sue)
    notice_id = uuid.UUID(sorted(local_notices(office))[0])
    with office.store.session_factory.begin() as session:
        lifecycle.apply_action(
            session,
            sue,
            notice_id,
            lifecycle.Action.CANCEL,
            reason="Wrong person identified",
            now=NOW,
            today=NOW.date(),
        )
    office.sync(sue)
    with north.store.session_factory.begin() as session:
        lifecycle.apply_action(
            session,
            olly,
            notice_id,
            lifecycle.Action.SEND_REMINDER_1,
            now=NOW + timedelta(days=15),
            today=NOW.date() + timedelta(days=15),
        )
    return north, olly, notice_id


def test_two_laptops_sync_and_a_supervisor_receives_everything_once(
    server: ServerProcess, make_laptop: Callable[..., Laptop], monkeypatch: pytest.MonkeyPatch
) -> None:
    north, south = make_laptop(server, "north", 7), make_laptop(server, "south", 8)
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    sam = south.add("sam", Role.AUTHORISED_OFFICER)
    issue(north, olly, 6)  # offline, before enrolment: numbered with code 007
    assert north.enrol() == 7
    assert south.enrol() not in (7, None)
    issue(south, sam, 4)
    # Each notice goes with its "issued" timeline entry; progress is told batch by batch.
    monkeypatch.setattr(client, "MAX_BATCH", 5)
    monkeypatch.setattr(client, "MAX_PAGE", 4)
    sent: list[tuple[str, int, int]] = []
    assert north.sync(olly, lambda *step: sent.append(step)).pushed == 30
    # Each notice's victim goes too, as a person, a link and a consent (issue 15).
    assert sent[:6] == [(client.SENDING, n, 30) for n in (5, 10, 15, 20, 25, 30)]
    assert {stage for stage, _, _ in sent[6:]} == {client.RECEIVING}  # the accounts
    assert south.sync(sam).pushed == 20
    office = make_laptop(server, "office")
    sue = office.add("sue", Role.SUPERVISOR)
    office.enrol()
    received: list[tuple[str, int, int]] = []
    report = office.sync(sue, lambda *step: received.append(step))
    assert [stage for stage, _, _ in received] == [client.RECEIVING] * report.pages
    assert report.pages > 5 and received[-1][1] == report.pulled + report.held_back
    on_server = server_notices(server)
    assert len(on_server) == 10 and len({n for n, _, _ in on_server.values()}) == 10
    assert report.pulled >= 10 and local_notices(office) == on_server
    assert set(local_notices(north)) <= set(on_server) and len(local_notices(north)) == 6
    north.sync(olly)
    south.sync(sam)
    assert local_notices(north) == {k: v for k, v in on_server.items() if k in local_notices(north)}
    assert pending(north) == pending(south) == 0
    assert office.sync(sue).pulled == 0


def test_a_lost_reply_or_a_batch_sent_again_creates_nothing_twice(
    server: ServerProcess,
    make_laptop: Callable[..., Laptop],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    north = make_laptop(server, "north")
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    north.enrol()
    issue(north, olly, 3)
    real_mark = client._mark

    def reply_lost(*args: object) -> None:
        raise SyncError("connection dropped after the server committed")

    monkeypatch.setattr(client, "_mark", reply_lost)
    with pytest.raises(SyncError):
        north.sync(olly)
    assert len(server_notices(server)) == 3 and pending(north) == 3
    monkeypatch.setattr(client, "_mark", real_mark)
    report = north.sync(olly)
    assert (report.pushed, report.duplicates) == (0, 15)
    assert len(server_notices(server)) == 3 and pending(north) == 0
    assert len(local_notices(north)) == 3


def test_an_offline_edit_loses_to_a_supervisors_cancellation_and_is_kept(
    server: ServerProcess, make_laptop: Callable[..., Laptop]
) -> None:
    north, olly, notice_id = cancelled_meanwhile(make_laptop, server)
    report = north.sync(olly)
    assert report.needs_attention >= 1 and pending(north, OutboxStatus.NEEDS_ATTENTION) >= 1
    assert server_notices(server)[str(notice_id)][1] == NoticeStatus.CANCELLED.value


def test_server_down_500_html_and_garbage_keep_the_outbox(
    server: ServerProcess,
    make_laptop: Callable[..., Laptop],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    north = make_laptop(server, "north")
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    north.enrol()
    issue(north, olly, 2)
    replies = {
        "500": httpx.Response(500, text="Internal Server Error"),
        "html": httpx.Response(200, html="<html>Sign in to Cafe Wi-Fi</html>"),
        "garbage": httpx.Response(200, json={"results": "nonsense"}),
        "broken": httpx.Response(
            200, content=b"{not json", headers={"content-type": "application/json"}
        ),
    }
    messages = {}
    for name, reply in replies.items():

        def fake(url: str, reply: httpx.Response = reply) -> client.Transport:
            made = transport(url)
            made.client = httpx.Client(
                base_url=made.url + "/api/v1", transport=httpx.MockTransport(lambda _r: reply)
            )
            return made

        with pytest.raises(SyncError) as raised:
            client.sync(north.store, olly, "correct horse battery", fake)
        messages[name] = str(raised.value)
    down = transport("http://127.0.0.1:1")
    with pytest.raises(SyncError) as raised:
        client.check_health(down)
    messages["down"] = str(raised.value)
    assert "web page" in messages["html"] and "HTTP 500" in messages["500"]
    assert "could not be reached" in messages["down"]
    assert "not what hfhate expects" in messages["garbage"]
    assert "could not be read" in messages["broken"]
    assert all("Nothing was lost" in m for m in messages.values())
    assert pending(north) == 2 and server_notices(server) == {}
    assert north.sync(olly).pushed == 10  # with each notice its victim: person, link, consent


def test_a_revoked_laptop_is_refused(
    server: ServerProcess, make_laptop: Callable[..., Laptop]
) -> None:
    north = make_laptop(server, "north")
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    code = north.enrol()
    issue(north, olly, 1)
    server.admin("revoke-device", str(code))
    with pytest.raises(SyncError, match="revoked"):
        north.sync(olly)
    assert pending(north) == 1 and server_notices(server) == {}


def test_a_demo_store_never_enrols_nor_syncs(
    server: ServerProcess, make_laptop: Callable[..., Laptop]
) -> None:
    north = make_laptop(server, "north")
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    north.enrol()
    issue(north, olly, 1)
    with north.store.session_factory.begin() as session:  # as a demo store is marked
        put_setting(session, DEMO_SETTING, True)
    with pytest.raises(SyncError, match="demo store with made-up training data"):
        north.sync(olly)
    assert pending(north) == 1 and server_notices(server) == {}
    office = make_laptop(server, "office")
    with office.store.session_factory.begin() as session:
        put_setting(session, DEMO_SETTING, True)
    with pytest.raises(SyncError, match="never sent to the council's server"):
        office.enrol()
    with office.store.session_factory() as session:
        assert session.get(SyncState, 1) is None
