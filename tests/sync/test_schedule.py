"""The automatic sync schedule, without Qt: intervals, backoff with jitter, coming online,
and which failures are tried again (with the messages the transport really gives)."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from hfhate.sync import client
from hfhate.sync.schedule import SyncSchedule, duration, retry_helps
from hfhate.sync.schemas import Health
from hfhate.sync.transport import RetryPolicy, SyncError, Transport

NOON = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)  # 12:00 in London in winter


def highest(low: float, high: float) -> float:
    return high


def lowest(low: float, high: float) -> float:
    return low


def test_a_sync_is_due_at_once_then_every_interval() -> None:
    plan = SyncSchedule(interval=300, jitter=highest)
    assert plan.sync_due(0.0)
    plan.started()
    assert not plan.sync_due(1000.0)  # never a second one while the first runs
    plan.synced(10.0)
    assert not plan.sync_due(309.9) and plan.sync_due(310.0)
    assert plan.plan_line(10.0, NOON, password_known=True) == (
        "Every 5 minutes, and when the server can be reached again; next about 12:05."
    )


def test_failures_back_off_exponentially_up_to_the_longest_wait() -> None:
    plan = SyncSchedule(first_retry=30, longest_retry=600, jitter=highest)
    delays = []
    for _ in range(7):
        plan.started()
        delays.append(plan.failed(0.0))
    assert delays == [30, 60, 120, 240, 480, 600, 600]
    assert plan.plan_line(0.0, NOON, password_known=True) == (
        "Trying again about 12:10 (7 attempts failed)."
    )
    plan.started()
    plan.synced(1.0)
    assert plan.failures == 0 and plan.next_sync == 301.0


def test_the_jitter_keeps_at_least_half_the_ceiling() -> None:
    seen: list[tuple[float, float]] = []

    def record(low: float, high: float) -> float:
        seen.append((low, high))
        return lowest(low, high)

    plan = SyncSchedule(first_retry=30, longest_retry=1800, jitter=record)
    assert [plan.failed(0.0) for _ in range(3)] == [15, 30, 60]
    assert seen == [(15, 30), (30, 60), (60, 120)]
    real = SyncSchedule(first_retry=30)  # random.uniform
    spread = {round(real.retry_delay(), 3) for _ in range(50)}
    assert len(spread) > 1 and all(15 <= delay <= 30 for delay in spread)


def test_offline_holds_syncs_back_and_coming_online_makes_one_due_at_once() -> None:
    plan = SyncSchedule(interval=300, check_interval=60, first_retry=600, jitter=highest)
    plan.started()
    plan.failed(100.0)  # next try at 700
    assert plan.check_due(100.0)  # a failure has the server checked at once
    assert not plan.checked(100.0, reachable=False)
    assert plan.online is False and not plan.sync_due(500.0)
    assert plan.plan_line(100.0, NOON, password_known=True) == (
        "As soon as the server can be reached again."
    )
    assert not plan.check_due(159.0) and plan.check_due(160.0)
    assert plan.checked(160.0, reachable=True)  # back: due now, not after the backoff
    assert plan.sync_due(160.0)
    assert not plan.checked(220.0, reachable=True)  # still online: nothing new


def test_the_first_check_counts_as_coming_online_but_not_while_a_sync_runs() -> None:
    plan = SyncSchedule(interval=300)
    plan.synced(0.0)
    plan.online = None  # as at start-up
    assert plan.checked(5.0, reachable=True) and plan.next_sync == 5.0
    plan.started()
    plan.online = False
    assert plan.checked(6.0, reachable=True) and plan.next_sync is None


def test_no_server_and_no_password_are_said_plainly() -> None:
    plan = SyncSchedule(check_interval=60)
    plan.no_server(10.0)
    assert plan.online is None and plan.next_check == 70.0
    assert plan.plan_line(10.0, NOON, password_known=False).startswith(
        "Starts after your first Sync now in this session"
    )
    plan.started()
    assert plan.plan_line(10.0, NOON, password_known=True) == "Syncing now."


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "1 second"),
        (30, "30 seconds"),
        (60, "1 minute"),
        (300, "5 minutes"),
        (3600, "1 hour"),
        (7200, "2 hours"),
    ],
)
def test_durations_read_as_people_say_them(seconds: float, words: str) -> None:
    assert duration(seconds) == words


def failure(reply: httpx.Response | None, *, health: bool = False) -> str:
    """The SyncError message the transport (or the client's health check) gives."""
    made = Transport("http://127.0.0.1:1", retry=RetryPolicy(attempts=1))
    if reply is not None:
        made.client = httpx.Client(
            base_url=made.url + "/api/v1", transport=httpx.MockTransport(lambda _r: reply)
        )
    with made, pytest.raises(SyncError) as raised:
        if health:
            client.check_health(made)
        else:
            made.call("POST", "/sign-in", Health)
    return str(raised.value)


def test_network_and_server_trouble_is_tried_again_and_refusals_wait_for_a_person() -> None:
    passing = {
        "down": failure(None),
        "500": failure(httpx.Response(503, text="busy")),
        "wifi page": failure(httpx.Response(200, html="<html>Cafe Wi-Fi</html>")),
        "unreadable": failure(
            httpx.Response(200, content=b"{nope", headers={"content-type": "application/json"})
        ),
    }
    lasting = {
        "password": failure(
            httpx.Response(
                401, json={"detail": "The server did not accept that username and password."}
            )
        ),
        "revoked": failure(
            httpx.Response(403, json={"detail": "This laptop's access to the server was revoked."})
        ),
        "versions": failure(
            httpx.Response(
                200,
                json={"version": "9", "server_schema": "9", "store_schema": "0999", "epoch": "e"},
            ),
            health=True,
        ),
        "error in hfhate": "Sync stopped because of an error in hfhate (boom).",
    }
    assert {name: retry_helps(m) for name, m in passing.items()} == dict.fromkeys(passing, True)
    assert {name: retry_helps(m) for name, m in lasting.items()} == dict.fromkeys(lasting, False)
