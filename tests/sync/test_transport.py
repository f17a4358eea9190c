"""The transport on real sockets: a server that never answers, and retries that wait as told.

A listening socket that accepts and then says nothing is what a laptop meets behind a dead
proxy or a half-open Wi-Fi link; a tiny HTTP server answers 503 or 429 with ``Retry-After``
before it answers properly, the way a busy server behind a load balancer does.
"""

from __future__ import annotations

import http.server
import json
import socket
import threading
from collections.abc import Callable, Iterator

import pytest

from hfhate.sync.schemas import Health
from hfhate.sync.transport import RetryPolicy, SyncError, Transport

HEALTH = {
    "app": "hfhate-server",
    "version": "1",
    "server_schema": "s1",
    "store_schema": "0004",
    "epoch": "e1",
}


@pytest.fixture
def silent_url() -> Iterator[str]:
    """A server that takes connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    listener.close()


def scripted_server(
    replies: list[tuple[int, dict[str, str], bytes]],
) -> tuple[str, Callable[[], None], list[str]]:
    """An HTTP server that gives ``replies`` in turn (then the last one again)."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            seen.append(self.path)
            status, headers, body = replies[min(len(seen), len(replies)) - 1]
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            return None

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return f"http://127.0.0.1:{server.server_address[1]}", stop, seen


def test_a_server_that_never_answers_times_out_and_is_said_plainly(silent_url: str) -> None:
    waits: list[float] = []
    transport = Transport(
        silent_url, timeout=0.3, retry=RetryPolicy(attempts=3, base_delay=0.01, sleep=waits.append)
    )
    with transport, pytest.raises(SyncError) as raised:
        transport.call("GET", "/health", Health)
    assert str(raised.value).startswith(f"The server at {silent_url} did not answer in time.")
    assert "Nothing was lost" in str(raised.value)
    assert len(waits) == 2  # three tries, with a wait between each


def test_retry_after_is_honoured_and_the_answer_after_it_is_used() -> None:
    ok = (200, {"Content-Type": "application/json"}, json.dumps(HEALTH).encode())
    url, stop, seen = scripted_server(
        [
            (503, {"Retry-After": "7", "Content-Type": "text/plain"}, b"busy"),
            (429, {"Retry-After": "2"}, b""),
            ok,
        ]
    )
    waits: list[float] = []
    try:
        with Transport(url, timeout=5, retry=RetryPolicy(attempts=4, sleep=waits.append)) as t:
            health = t.call("GET", "/health", Health)
    finally:
        stop()
    assert health.epoch == "e1" and len(seen) == 3
    assert waits == [7.0, 2.0]


def test_without_retry_after_the_waits_grow_with_jitter_up_to_the_ceiling() -> None:
    url, stop, seen = scripted_server([(500, {}, b"oops")])
    waits: list[float] = []
    policy = RetryPolicy(attempts=5, base_delay=0.5, max_delay=3.0, sleep=waits.append)
    try:
        with (
            Transport(url, timeout=5, retry=policy) as transport,
            pytest.raises(SyncError, match="HTTP 500"),
        ):
            transport.call("GET", "/health", Health)
    finally:
        stop()
    assert len(seen) == 5 and len(waits) == 4
    ceilings = [0.5, 1.0, 2.0, 3.0]  # base x 2^attempt, at most max_delay
    assert all(0 <= wait <= ceiling for wait, ceiling in zip(waits, ceilings, strict=True))
    # A Retry-After longer than the longest wait is cut to it.
    assert policy.delay(0, retry_after=600) == 3.0
