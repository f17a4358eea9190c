"""The s.62 log benchmark: opening a notice with its consultation row against without, in
the same run, and verifying a chain of 1,000,000 rows.

(a) Opening a notice, as the officer sees it: the detail view (``NoticeDetail.show_notice``)
filled and painted at 1280x720 with its consultation row, against the same view loaded
without it; target no more than 1.2x. The note gives the read alone: what the detail view
reads (``read_notice``: the notice, its timeline and photos) in one transaction; with logging
it also writes the ``notice_viewed`` row and commits it in a consultation-only transaction
(``audit.begin_consultation``: WAL with synchronous=NORMAL, so the row is in the WAL, safe
from the app being killed, before the page shows; a commit that waited for the disk cost 3
to 6 times the read here); without, the same read commits nothing. Both on one encrypted
store of 20,000 notices, interleaved, medians.

(b) A chain of 1,000,000 rows (a mix of the trail's actions, details and record ids, hashed
as the app hashes them) is written to an encrypted store, then ``audit.verify_store_chain``
checks it all on every core (``services/audit_parallel.py``: raw rows from the cursor,
hashlib). Reported in seconds against the 10 s allowed, with rows per second, and reading the
rows without hashing (one process) as a note.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from bench._notice_rows import fill_notices, make_store
from bench.core import BenchmarkError, Options, Result
from hfhate.config import Paths
from hfhate.models import FixedPenaltyNotice, new_id
from hfhate.models.store import Store, open_store
from hfhate.security.store_key import DEMO_KEY
from hfhate.services.actor import Actor
from hfhate.services.audit import verify_store_chain
from hfhate.services.audit_chain import GENESIS_HASH, ChainRow, row_hash
from hfhate.services.audit_operations import operation_of
from hfhate.services.audit_rows import raw_rows
from hfhate.services.notices.queries import read_notice

NOTICES = 20_000
CHAIN_ROWS = 1_000_000
OPEN_TARGET = 1.2
VERIFY_SECONDS = 10.0
ACTIONS = ("notice_viewed", "notices_searched", "notice_issued", "sign_in", "notice_printed")


def _open_notice(options: Options) -> tuple[float, float]:
    with tempfile.TemporaryDirectory(prefix="hfhate-bench-audit-") as folder:
        bench, team = make_store(Path(folder), officers=3)
        fill_notices(bench, team, NOTICES)
        store, supervisor = bench.store, bench.supervisor
        with store.session_factory() as session:
            ids = list(session.scalars(select(FixedPenaltyNotice.id).limit(500)))
        rng = random.Random(14)

        def timed(audited: bool) -> float:
            notice_id = rng.choice(ids)
            start = time.perf_counter()
            with store.session_factory.begin() as session:
                read_notice(session, supervisor, notice_id, audited=audited)
            return (time.perf_counter() - start) * 1000

        for _ in range(20):  # warm both
            timed(True)
            timed(False)
        logged: list[float] = []
        bare: list[float] = []
        for _ in range(max(options.repeat, 3) * 40):
            logged.append(timed(True))
            bare.append(timed(False))
        shown = _open_in_detail_view(options, store, supervisor, ids, rng)
        store.close()
        return (statistics.median(logged), statistics.median(bare), *shown)


def _open_in_detail_view(
    options: Options, store: Store, supervisor: Actor, ids: list[uuid.UUID], rng: random.Random
) -> tuple[float, float]:
    """Opening a notice as the officer does: the detail view filled and painted (1280x720),
    through ``show_notice`` (the reason check and the consultation row) against the same view
    loaded without logging."""
    if not options.display:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from hfhate.ui.context import Changes, UiContext
    from hfhate.ui.notices.detail import NoticeDetail

    app = QApplication.instance() or QApplication([])
    ctx = UiContext(
        session_factory=store.session_factory,
        actor=supervisor,
        paths=store.paths,
        store_key=store.key,
        demo=False,
        changes=Changes(),
    )
    detail = NoticeDetail(ctx)
    detail.resize(1280, 720)
    detail.show()

    def timed(audited: bool) -> float:
        notice_id = rng.choice(ids)
        start = time.perf_counter()
        problem = (
            detail.show_notice(notice_id) if audited else detail._load(notice_id, audited=False)
        )  # noqa: SLF001
        detail.repaint()
        elapsed = (time.perf_counter() - start) * 1000
        if problem:
            raise BenchmarkError(f"the notice did not open: {problem}")
        app.processEvents()
        return elapsed

    for _ in range(10):
        timed(True)
        timed(False)
    logged: list[float] = []
    bare: list[float] = []
    for _ in range(max(options.repeat, 3) * 10):
        logged.append(timed(True))
        bare.append(timed(False))
    detail.close()
    return statistics.median(logged), statistics.median(bare)


def _chain_rows(count: int) -> list[tuple[object, ...]]:
    """``count`` rows as SQLite keeps them, each hashed on the one before."""
    rng = random.Random(62)
    device, users = new_id(), [new_id() for _ in range(8)]
    at = datetime(2026, 1, 1, tzinfo=UTC)
    prev, rows = GENESIS_HASH, []
    for seq in range(1, count + 1):
        action = ACTIONS[seq % len(ACTIONS)]
        event, user = new_id(), rng.choice(users)  # time-ordered, as the app makes them
        record = new_id() if action != "sign_in" else None
        details: dict[str, object] = {"found": seq % 97} if action == "notices_searched" else {}
        ids = [str(record)] if record else None
        recipients = ["printer Office LaserJet"] if action == "notice_printed" else None
        at += timedelta(milliseconds=rng.randint(1, 90_000))
        row = ChainRow(
            seq, str(event), at.isoformat(), str(user), "officer", str(device), action,
            "notices" if record else None, str(record) if record else None, details,
            operation_of(action), recipients, None, ids, prev, "",
        )  # fmt: skip
        digest = row_hash(prev, row)
        rows.append(
            (
                seq, event.hex, at.replace(tzinfo=None).isoformat(" ", "microseconds"),
                user.hex, "officer", device.hex, action, row.record_type,
                record.hex if record else None, json.dumps(details), row.operation,
                json.dumps(recipients) if recipients else None, None,
                json.dumps(ids) if ids else None, prev, digest,
            )
        )  # fmt: skip
        prev = digest
    return rows


def _verify(count: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory(prefix="hfhate-bench-chain-") as folder:
        store = open_store(Paths(Path(folder)), DEMO_KEY)
        try:
            rows = _chain_rows(count)
            raw = store.engine.raw_connection()
            try:
                cursor = raw.cursor()
                cursor.execute(
                    "INSERT INTO device (id, name, created_at) VALUES (?, 'bench', ?) "
                    "ON CONFLICT DO NOTHING",
                    (rows[0][5], "2026-01-01 00:00:00.000000"),
                )
                cursor.execute("PRAGMA foreign_keys = OFF")  # made-up users
                cursor.executemany(
                    "INSERT INTO audit_events (seq, id, at, user_id, username, device_id, action,"
                    " record_type, record_id, details, operation, recipients, justification,"
                    " record_ids, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    rows,
                )
                raw.commit()
            finally:
                raw.close()
            del rows
            with store.session_factory() as session:
                start = time.perf_counter()
                read = sum(1 for _ in raw_rows(session.connection()))
                reading = time.perf_counter() - start
            with store.session_factory() as session:
                start = time.perf_counter()
                check = verify_store_chain(session, store.paths.store, store.key)
                seconds = time.perf_counter() - start
            if not check.intact or check.events != count or read != count:
                raise BenchmarkError(f"the bench chain did not verify: {check}")
            return seconds, reading
        finally:
            store.close()


def run(options: Options) -> list[Result]:
    logged, bare, shown_logged, shown_bare = _open_notice(options)
    seconds, reading = _verify(CHAIN_ROWS)
    return [
        Result(
            "audit: open a notice, logged",
            shown_logged,
            shown_bare,
            "ms",
            OPEN_TARGET,
            note="the notice's detail view filled and painted at 1280x720 through show_notice "
            "(the reason check, the read and its consultation row) against the same view "
            "loaded without the row. The read alone (read_notice, its row written and "
            "committed in a consultation-only transaction: WAL, synchronous=NORMAL, in the WAL "
            f"before the notice shows): {logged:.2f} ms against {bare:.2f} ms "
            f"({logged / bare:.2f}x)",
        ),
        Result(
            f"audit: verify {CHAIN_ROWS:,} rows",
            seconds,
            VERIFY_SECONDS,
            "s",
            1.0,
            note=f"{CHAIN_ROWS / seconds:,.0f} rows/s; baseline: the 10 s allowed; reading "
            f"the rows without hashing takes {reading:.1f} s",
        ),
    ]
