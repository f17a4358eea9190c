"""The crash loop (issue 13): a process issuing notices is killed with SIGKILL at random moments.

``python -m bench.crash_loop --kills 1000`` (the test ``tests/services/notices/test_crash_loop.py``
runs the same loop with fewer kills). A child Python process (this module with ``--child``; its
job comes as one JSON line on stdin, so the store key is never on a command line) opens the
encrypted store as the app does and issues notices through ``issue_notice``, each in its own
transaction, printing each notice's id (flushed) right after its commit. The parent kills it at
a random moment: most often while it issues, sometimes while it starts and opens the store.
After each kill the store is opened again with its key and checked (``check_store``):
``PRAGMA integrity_check`` is ok; every notice the child reported is there exactly once with
its outbox entry and its audit event; no notice is there without both (nothing half saved);
numbers are unique; the audit chain holds. Exit code 0 when every check passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from bench.notices import ENTRY, NOW
from hfhate.config import Paths
from hfhate.models import AuditEvent, FixedPenaltyNotice, OutboxEntry, User
from hfhate.models.db import make_session_factory
from hfhate.models.store import open_store
from hfhate.security.cipher_store import make_cipher_engine
from hfhate.services.actor import Actor
from hfhate.services.audit import verify_chain
from hfhate.services.device import this_device
from hfhate.services.notices.issuing import issue_notice

ROOT = Path(__file__).resolve().parents[1]  # the checkout: the child runs ``-m bench...`` there
LONGEST_RUN_S = 0.4  # a child issues for up to this long before it is killed
EARLY_KILLS = 0.15  # the share of kills that land while the child starts and opens the store


@dataclass(frozen=True)
class Job:
    """What the child needs: the data folder, its key and the officer who issues."""

    data_dir: Path
    key: bytes
    officer_id: uuid.UUID

    def line(self) -> bytes:
        job = {
            "data_dir": str(self.data_dir),
            "key": self.key.hex(),
            "officer": str(self.officer_id),
        }
        return (json.dumps(job) + "\n").encode()


@dataclass
class Summary:
    """What a run found: kills, notices reported and found, and every problem in words."""

    kills: int = 0
    reported: set[uuid.UUID] = field(default_factory=set)
    in_store: int = 0
    unreported: int = 0  # committed, killed before its id was printed: allowed
    problems: list[str] = field(default_factory=list)


def prepare(data_dir: Path) -> Job:
    """A new encrypted store with an officer, closed again: the children open it."""
    from bench._notice_rows import make_store  # here, so that each child starts sooner

    bench, _team = make_store(data_dir)
    job = Job(data_dir, bench.store.key, bench.officer.user_id)
    bench.store.close()
    return job


def child() -> None:
    """Issue notices until killed, printing each notice's id once it is committed."""
    job = json.loads(sys.stdin.readline())
    store = open_store(Paths(Path(job["data_dir"])), bytes.fromhex(job["key"]), create=False)
    with store.session_factory() as session:
        officer = session.get_one(User, uuid.UUID(job["officer"]))
        actor = Actor.of(officer, this_device(session).id)
    print("ready", flush=True)
    while True:
        with store.session_factory.begin() as session:
            notice_id = issue_notice(session, actor, ENTRY, now=NOW).id
        print(notice_id, flush=True)


def kill_once(job: Job, rng: random.Random) -> list[uuid.UUID]:
    """Start a child, kill it at a random moment; the ids it reported as committed."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.crash_loop", "--child"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(job.line())
    process.stdin.flush()
    if rng.random() < EARLY_KILLS:
        time.sleep(rng.uniform(0, 0.5))  # while Python starts, imports or opens the store
    elif process.stdout.readline().strip() == b"ready":
        time.sleep(rng.uniform(0, LONGEST_RUN_S))
    process.send_signal(signal.SIGKILL)
    output, _ = process.communicate(timeout=30)
    process.stdin.close()
    if process.returncode != -signal.SIGKILL:
        raise RuntimeError(f"the child ended by itself (status {process.returncode})")
    # A line cut off by the kill has no newline: its notice may be committed, unreported.
    lines = output.split(b"\n")[:-1]
    return [uuid.UUID(line.decode()) for line in lines if line != b"ready"]


def check_store(job: Job, reported: set[uuid.UUID]) -> tuple[int, list[str]]:
    """Open the store with its key and check it; the notices in it, and the problems found."""
    engine = make_cipher_engine(Paths(job.data_dir).store, job.key)
    problems: list[str] = []
    try:
        with engine.connect() as connection:
            integrity = connection.execute(text("PRAGMA integrity_check")).scalars().all()
        if integrity != ["ok"]:
            problems.append(f"integrity_check: {integrity[:5]}")
        with make_session_factory(engine)() as session:
            query = select(FixedPenaltyNotice.id, FixedPenaltyNotice.number)
            notices = dict(session.execute(query).all())
            outbox = per_notice(session, OutboxEntry)
            audited = per_notice(session, AuditEvent)
            chain = verify_chain(session)
    finally:
        engine.dispose()
    missing = reported - notices.keys()
    if missing:
        problems.append(f"{len(missing)} reported notices missing, e.g. {next(iter(missing))}")
    for notice_id in notices:
        if outbox.get(notice_id) != 1 or audited.get(notice_id) != 1:
            problems.append(
                f"notice {notice_id}: {outbox.get(notice_id, 0)} outbox entries, "
                f"{audited.get(notice_id, 0)} audit events (one of each expected)"
            )
    if len(set(notices.values())) != len(notices):
        problems.append("two notices share a number")
    if not chain.intact:
        problems.append(
            f"the audit chain breaks at {chain.broken.describe() if chain.broken else '?'}"
        )
    return len(notices), problems


def per_notice(session: Session, rows: type[OutboxEntry] | type[AuditEvent]) -> dict[Any, int]:
    """How many outbox entries or audit events name each notice, by notice id."""
    query = (
        select(rows.record_id, func.count())
        .where(rows.record_type == "notices")
        .group_by(rows.record_id)
    )
    return dict(session.execute(query).all())


def crash_loop(
    data_dir: Path,
    kills: int,
    *,
    seed: int = 13,
    said: Callable[[str], None] = lambda _line: None,
) -> Summary:
    """Kill ``kills`` children issuing notices on a new store in ``data_dir``, checking each
    time; stops at the first kill after which a check fails."""
    job = prepare(data_dir)
    rng = random.Random(seed)
    summary = Summary()
    for kill in range(1, kills + 1):
        summary.reported.update(kill_once(job, rng))
        summary.kills = kill
        summary.in_store, problems = check_store(job, summary.reported)
        summary.unreported = summary.in_store - len(summary.reported)
        if summary.unreported > kill:  # each kill can cut off at most the notice it committed
            problems.append(f"{summary.unreported} notices committed unreported in {kill} kills")
        if problems:
            summary.problems = [f"after kill {kill}: {problem}" for problem in problems]
            break
        if kill % 50 == 0 or kill == kills:
            said(f"{kill} kills: {summary.in_store} notices, {summary.unreported} unreported")
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.crash_loop",
        description="Kill a process issuing notices at random, many times, checking the store.",
    )
    parser.add_argument("--kills", type=int, default=1000, help="how many kills (default 1000)")
    parser.add_argument("--seed", type=int, default=13, help="the random moments' seed")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child()
        return 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="hfhate-crash-loop-") as folder:
        summary = crash_loop(Path(folder) / "data", args.kills, seed=args.seed, said=print)
    took = time.perf_counter() - started
    for problem in summary.problems:
        print(problem)
    verdict = "FAILED" if summary.problems else "ok"
    print(
        f"{verdict}: {summary.kills} kills in {took:.0f} s; {len(summary.reported)} notices "
        f"reported, {summary.in_store} in the store ({summary.unreported} committed unreported)"
    )
    return 1 if summary.problems else 0


if __name__ == "__main__":
    sys.exit(main())
