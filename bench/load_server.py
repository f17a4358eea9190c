"""Load on a running hfhate-server: many enrolled laptops syncing at once, then step up.

    python -m bench.load_server --url http://127.0.0.1:8470 --data-dir DIR \\
        --database-url postgresql+psycopg://... [--laptops 200] [--notices 50] [--step-up]

Each simulated laptop is enrolled with a one-time code made by the server's own command
(``hfhate-server enrolment-code``, run in this process), its user (an authorised officer who
is also a supervisor, so a pull brings everyone's notices) signs in, and then, all laptops
at once, each pushes its notices in one batch (valid by the server's rules: the fields a
laptop sends, from the server tests' builder ``tests.server.conftest.notice_fields``) and
then pulls every page of what was committed since the round began. A laptop retries a try
that failed in transport or with 502/503/504 twice, as the app does; what still fails is an
error. Printed: errors, records lost or doubled (the server's database against what was
acknowledged, and one last full pull that must bring each record exactly once), and the
50th/95th/99th percentile latencies of one push request and of one laptop's whole pull.

``--step-up`` then runs rounds of more laptops (the same laptops syncing again, with more
enrolled as needed: device codes stop at 999) until the 95th percentile push passes 2 s,
and names the most laptops held under it.

Bounded: at most 900 laptops, 500 notices each, every round and the whole run under
``--time-limit``; only 127.0.0.1 is accepted as a target. Not part of the test suite: run
it against workers started for it (docs/deploy.md, "How many laptops it holds").
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import math
import os
import sys
import time
import uuid
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy import func, select

from hfhate import __version__
from hfhate.server import accounts as server_accounts
from hfhate.server import cli as server_cli
from hfhate.server.db import make_server_engine, make_sessions
from hfhate.server.models import AppliedChange, ChangeLogEntry, ServerRecordRow
from hfhate.sync.install import INSTALL_HEADER
from hfhate.sync.schemas import (
    API_PREFIX,
    APP_VERSION_HEADER,
    EPOCH_HEADER,
    MAX_BATCH,
    MAX_PAGE,
    STORE_SCHEMA,
    STORE_SCHEMA_HEADER,
)

with warnings.catch_warnings():  # the server tests' module imports FastAPI's test client
    warnings.simplefilter("ignore")
    from tests.server.conftest import PASSWORD, change, notice_fields

MOST_LAPTOPS = 900  # device codes run from 1 to 999
TARGET_P95_PUSH = 2.0  # seconds
RETRIED = {502, 503, 504}
STEP = 1.25  # each round of the step-up has a quarter more laptops (or fewer) than the last


class Refused(SystemExit):
    pass


def local_only(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.hostname != "127.0.0.1":
        raise Refused(f"load_server: only http(s)://127.0.0.1 is a target, not {url!r}")
    return url.rstrip("/")


@dataclass
class Laptop:
    """One simulated laptop: its device, its signed-in user and what the server acknowledged."""

    url: str
    device_id: uuid.UUID
    device_code: int
    user_id: uuid.UUID
    headers: dict[str, str]
    next_sequence: int = 1
    acknowledged: set[uuid.UUID] = field(default_factory=set)


@dataclass
class Round:
    """What one round of ``laptops`` laptops measured."""

    laptops: int
    notices: int
    push_seconds: list[float] = field(default_factory=list)
    pull_seconds: list[float] = field(default_factory=list)
    page_seconds: list[float] = field(default_factory=list)
    pulled: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    retries: Counter[str] = field(default_factory=Counter)
    wall: float = 0.0

    def lines(self) -> list[str]:
        push, pull, page = self.push_seconds, self.pull_seconds, self.page_seconds
        out = [
            f"{self.laptops} laptops x {self.notices} notices, all at once: "
            f"{self.wall:.1f} s wall, {sum(self.errors.values())} errors, "
            f"{sum(self.retries.values())} retried tries, {self.pulled:,} records pulled",
            f"  push (one request of {self.notices} changes): " + triple(push),
            "  pull (one laptop's every page): " + triple(pull),
            f"  pull (one page of up to {MAX_PAGE}): " + triple(page),
        ]
        out += [f"  error: {count} x {what}" for what, count in self.errors.most_common(10)]
        out += [f"  retried: {n} x {what}" for what, n in self.retries.most_common(5)]
        return out


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def triple(values: list[float]) -> str:
    return "  ".join(f"p{q} {percentile(values, q):.3f} s" for q in (50, 95, 99))


class Load:
    def __init__(self, urls: list[str], data_dir: Path, database_url: str, deadline: float):
        self.urls, self.data_dir, self.database_url = urls, data_dir, database_url
        self.deadline = deadline
        self.laptops: list[Laptop] = []
        self.engine = make_server_engine(database_url)
        self.sessions = make_sessions(self.engine)

    def admin(self, *args: str) -> str:
        """``hfhate-server ARGS`` on the server's database, in this process."""
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = server_cli.main(
                [*args, "--data-dir", str(self.data_dir), "--database-url", self.database_url]
            )
        if code != 0:
            raise RuntimeError(f"hfhate-server {' '.join(args)} failed ({code})")
        return out.getvalue().strip()

    async def enrol_up_to(self, http: httpx.AsyncClient, count: int) -> None:
        """Enrol and sign in laptops until there are ``count``."""
        more = count - len(self.laptops)
        if more <= 0:
            return
        tag = uuid.uuid4().hex[:6]
        users: list[tuple[str, uuid.UUID]] = []
        with self.sessions.begin() as session:
            for n in range(more):
                name = f"load_{tag}_{n}"
                user = server_accounts.create_user(
                    session,
                    username=name,
                    full_name=f"Load Officer {n}",
                    roles=["authorised_officer", "supervisor"],
                    password=PASSWORD,
                )
                users.append((name, user.id))
        codes = [self.admin("enrolment-code") for _ in users]
        first = len(self.laptops)
        made = await asyncio.gather(
            *(
                self.enrol(http, self.urls[(first + n) % len(self.urls)], code, name, user_id)
                for n, (code, (name, user_id)) in enumerate(zip(codes, users, strict=True))
            )
        )
        self.laptops += made

    async def enrol(
        self, http: httpx.AsyncClient, url: str, code: str, username: str, user_id: uuid.UUID
    ) -> Laptop:
        device_id = uuid.uuid4()
        headers = {
            STORE_SCHEMA_HEADER: STORE_SCHEMA,
            APP_VERSION_HEADER: __version__,
            INSTALL_HEADER: str(uuid.uuid4()),
        }
        enrolled = await send(
            http,
            "POST",
            f"{url}{API_PREFIX}/enrol",
            headers=headers,
            json={
                "code": code,
                "device_id": str(device_id),
                "device_name": f"load {username}",
                "store_schema": STORE_SCHEMA,
            },
        )
        body = enrolled.json()
        headers["Authorization"] = f"Bearer {body['device_token']}"
        headers[EPOCH_HEADER] = body["epoch"]
        signed = await send(
            http,
            "POST",
            f"{url}{API_PREFIX}/sign-in",
            headers=headers,
            json={"username": username, "password": PASSWORD},
        )
        headers["X-Hfhate-Session"] = signed.json()["session_token"]
        return Laptop(url, device_id, body["device_code"], user_id, headers)

    def top(self) -> int:
        with self.sessions() as session:
            return int(session.scalar(select(func.max(ChangeLogEntry.seq))) or 0)

    async def round(self, http: httpx.AsyncClient, count: int, notices: int) -> Round:
        await self.enrol_up_to(http, count)
        measured = Round(count, notices)
        since = self.top()
        started = time.monotonic()
        left = self.deadline - started
        if left <= 0:
            raise TimeoutError("the time limit was reached before this round")
        await asyncio.wait_for(
            asyncio.gather(
                *(
                    self.sync(http, laptop, notices, since, measured)
                    for laptop in self.laptops[:count]
                )
            ),
            timeout=left,
        )
        measured.wall = time.monotonic() - started
        return measured

    async def sync(
        self, http: httpx.AsyncClient, laptop: Laptop, notices: int, since: int, measured: Round
    ) -> None:
        changes = []
        for _ in range(notices):
            sequence, laptop.next_sequence = laptop.next_sequence, laptop.next_sequence + 1
            record_id = uuid.uuid4()
            fields = notice_fields(laptop.user_id, laptop.device_code, sequence)
            changes.append(change(laptop.device_id, laptop.user_id, record_id, fields))
        try:
            began = time.monotonic()
            pushed = await send(
                http,
                "POST",
                f"{laptop.url}{API_PREFIX}/push",
                headers=laptop.headers,
                json={"changes": changes},
                measured=measured,
            )
            measured.push_seconds.append(time.monotonic() - began)
            by_change = {c["change_id"]: c["record_id"] for c in changes}
            for result in pushed.json()["results"]:
                if result["result"] in ("applied", "duplicate"):
                    laptop.acknowledged.add(uuid.UUID(by_change[result["change_id"]]))
                else:
                    measured.errors[f"push {result['result']}: {result.get('reason')}"] += 1
            began = time.monotonic()
            pages = await self.pull(http, laptop, since, measured)
            measured.pull_seconds.append(time.monotonic() - began)
            measured.pulled += sum(len(page) for page in pages)
        except LoadError as error:
            measured.errors[str(error)] += 1

    async def pull(
        self, http: httpx.AsyncClient, laptop: Laptop, cursor: int, measured: Round | None
    ) -> list[list[dict[str, Any]]]:
        pages = []
        while True:
            began = time.monotonic()
            answer = await send(
                http,
                "GET",
                f"{laptop.url}{API_PREFIX}/pull",
                headers=laptop.headers,
                params={"cursor": cursor, "limit": MAX_PAGE},
                measured=measured,
            )
            page = answer.json()
            if measured is not None:
                measured.page_seconds.append(time.monotonic() - began)
            pages.append(page["changes"])
            cursor = page["next_cursor"]
            if not page["has_more"]:
                return pages

    async def check(self, http: httpx.AsyncClient) -> list[str]:
        """Records lost or doubled: the database and one last full pull against the acks."""
        acknowledged = set().union(*(laptop.acknowledged for laptop in self.laptops))
        with self.sessions() as session:
            owners = [laptop.user_id for laptop in self.laptops]
            held = set(
                session.scalars(
                    select(ServerRecordRow.record_id).where(
                        ServerRecordRow.record_type == "notices",
                        ServerRecordRow.owner_id.in_(owners),
                    )
                )
            )
            logged = Counter(
                session.scalars(
                    select(ChangeLogEntry.record_id).where(ChangeLogEntry.record_type == "notices")
                )
            )
            applied = Counter(
                session.scalars(
                    select(AppliedChange.record_id).where(AppliedChange.record_type == "notices")
                )
            )
        reader = self.laptops[0]  # its own notices it has already: the others' come
        pulled = Counter(
            uuid.UUID(c["record_id"])
            for page in await self.pull(http, reader, 0, None)
            for c in page
            if c["record_type"] == "notices"
        )
        lost = len(acknowledged - held)
        unasked = len(held - acknowledged)  # on the server though never acknowledged
        doubled_log = sum(1 for n in logged.values() if n > 1)
        doubled_applied = sum(1 for n in applied.values() if n > 1)
        doubled_pull = sum(1 for n in pulled.values() if n > 1)
        missing_pull = len(acknowledged - reader.acknowledged - set(pulled))
        return [
            f"acknowledged {len(acknowledged):,} notices; the server holds {len(held):,} of "
            "these laptops' officers",
            f"lost (acknowledged, not held): {lost}",
            f"held but never acknowledged: {unasked}",
            f"doubled (logged or applied twice): {doubled_log + doubled_applied}",
            f"a last full pull by laptop {reader.device_code:03d}: {sum(pulled.values()):,} "
            f"other laptops' notices, {doubled_pull} twice, {missing_pull} acknowledged ones "
            "missing",
        ]


class LoadError(Exception):
    pass


async def send(
    http: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    measured: Round | None = None,
    **options: Any,
) -> httpx.Response:
    """One request, retried twice after a transport failure or 502/503/504 (with backoff)."""
    for attempt in range(3):
        try:
            answer = await http.request(method, url, **options)
        except httpx.TransportError as error:
            problem = f"{method} {urlsplit(url).path}: {type(error).__name__}"
        else:
            if answer.status_code == 200:
                return answer
            problem = (
                f"{method} {urlsplit(url).path}: HTTP {answer.status_code} {answer.text[:120]}"
            )
            if answer.status_code not in RETRIED:
                raise LoadError(problem)
        if attempt < 2:
            if measured is not None:
                measured.retries[problem] += 1
            await asyncio.sleep(0.5 * 2**attempt)
    raise LoadError(problem)


async def run(args: argparse.Namespace) -> int:
    urls = [local_only(url) for url in args.url]
    if not 1 <= args.laptops <= MOST_LAPTOPS or not 1 <= args.notices <= MAX_BATCH:
        raise Refused(f"load_server: 1 to {MOST_LAPTOPS} laptops, 1 to {MAX_BATCH} notices")
    deadline = time.monotonic() + args.time_limit
    load = Load(urls, Path(args.data_dir), args.database_url, deadline)
    limits = httpx.Limits(max_connections=MOST_LAPTOPS + 10, max_keepalive_connections=100)
    timeout = httpx.Timeout(120.0, connect=30.0, pool=120.0)
    async with httpx.AsyncClient(limits=limits, timeout=timeout, verify=False) as http:
        print(f"hfhate load: {len(urls)} address(es), {os.cpu_count()} cores here", flush=True)
        first = await load.round(http, args.laptops, args.notices)
        print("\n".join(first.lines()), flush=True)
        checked = await load.check(http)
        print("\n".join(checked), flush=True)
        if args.step_up:
            await step(load, http, args.notices, first)
    load.engine.dispose()
    return 1 if first.errors else 0


async def step(load: Load, http: httpx.AsyncClient, notices: int, first: Round) -> None:
    """Rounds of a quarter more laptops while the 95th percentile push stays under 2 s (or a
    quarter fewer until it does, if the first round missed), within the time limit."""
    holds = held(first)
    best = first.laptops if holds else None
    count = first.laptops
    while (count < MOST_LAPTOPS) if holds else (count > 1):
        count = (
            min(MOST_LAPTOPS, max(count + 1, round(count * STEP)))
            if holds
            else max(1, min(count - 1, round(count / STEP)))
        )
        try:
            measured = await load.round(http, count, notices)
        except TimeoutError:
            print("the time limit ended the stepping", flush=True)
            break
        print("\n".join(measured.lines()), flush=True)
        if held(measured):
            best = count if best is None else max(best, count)
            if not holds:
                break
        elif holds:
            break
    print("\n".join(await load.check(http)), flush=True)
    if best is None:
        print(f"no round held a 95th percentile push under {TARGET_P95_PUSH:.0f} s", flush=True)
    else:
        why = "the next step up did not" if holds else "the first step down that did"
        print(
            f"most laptops held with a 95th percentile push under {TARGET_P95_PUSH:.0f} s: "
            f"{best} ({why})",
            flush=True,
        )


def held(measured: Round) -> bool:
    return not measured.errors and percentile(measured.push_seconds, 95) < TARGET_P95_PUSH


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load_server", description=__doc__)
    parser.add_argument(
        "--url",
        action="append",
        required=True,
        help="a worker or nginx on 127.0.0.1 (repeat: laptops are spread over them)",
    )
    parser.add_argument("--data-dir", required=True, help="the server's data folder")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("HFHATE_DATABASE_URL"),
        help="the server's database (default: $HFHATE_DATABASE_URL)",
    )
    parser.add_argument("--laptops", type=int, default=200)
    parser.add_argument("--notices", type=int, default=50)
    parser.add_argument("--step-up", action="store_true")
    parser.add_argument("--time-limit", type=float, default=1800.0, help="seconds, in all")
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("--database-url or $HFHATE_DATABASE_URL is needed to check the counts")
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
