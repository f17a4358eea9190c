"""Verifying a long audit chain on every core: ranges of rows checked in parallel, then joined.

Each row's own hash depends only on the row and the ``prev_hash`` it stores, so the chain can
be cut into ranges of ``seq`` and each range checked by its own process: every row hashes to
what it says, and each row's ``prev_hash`` is the hash of the row before it in the range. The
parent then joins the ranges: the first range starts from the genesis hash, and each range's
first ``prev_hash`` is the hash of the last row of the range before. That is exactly the
sequential check, split. Reading and hashing rows is Python work, so it takes processes, not
threads; each opens its own keyed read-only connection (the key goes to it through the
process pool's pipe, never on a command line).

A chain found broken (or too short to be worth processes) is checked again sequentially by
``audit.verify_chain``, which names the first broken link and what happened to it.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import NamedTuple

from sqlalchemy.orm import Session

from hfhate.services.audit_chain import GENESIS_HASH, ChainCheck, row_hash

# Below this many rows one process is quicker than starting others (about 0.3 s each).
PARALLEL_FROM = 200_000


class RangeCheck(NamedTuple):
    """What one range of rows says about itself."""

    rows: int
    first_prev_hash: str | None  # the prev_hash of its first row (None: no rows)
    last_hash: str | None
    intact: bool


def check_range(store_file: str, key: bytes, low: int, high: int) -> RangeCheck:
    """Check rows ``low <= seq < high`` among themselves (in a worker process)."""
    from hfhate.security.cipher_store import make_cipher_engine
    from hfhate.services.audit_rows import raw_rows

    engine = make_cipher_engine(Path(store_file), key)
    try:
        with engine.connect() as connection:
            rows = raw_rows(connection, "WHERE seq >= ? AND seq < ?", (low, high))
            count, first, prev = 0, None, None
            for row in rows:
                count += 1
                if prev is None:
                    first = prev = row.prev_hash
                if row.prev_hash != prev or row_hash(prev, row) != row.hash:
                    return RangeCheck(count, first, None, False)
                prev = row.hash
            return RangeCheck(count, first, prev, True)
    finally:
        engine.dispose()


def chain_intact_in_parallel(store_file: Path, key: bytes, session: Session) -> ChainCheck | None:
    """The check of an intact chain, done on every core; None when it must be done (or
    re-done, to name a break) sequentially: few rows, one core, or a break found."""
    workers = min(os.cpu_count() or 1, 8)
    low, high, total = (
        session.connection()
        .exec_driver_sql("SELECT min(seq), max(seq), count(*) FROM audit_events")
        .one()
    )
    if workers < 2 or total < PARALLEL_FROM:
        return None
    step = (high - low) // workers + 1
    bounds = [(low + i * step, low + (i + 1) * step) for i in range(workers)]
    context = multiprocessing.get_context("spawn")  # never fork a process holding Qt or SQLite
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(check_range, str(store_file), key, a, b) for a, b in bounds]
        ranges = [future.result() for future in futures]
    expected, counted = GENESIS_HASH, 0
    for part in ranges:
        if not part.rows:
            continue
        if not part.intact or part.first_prev_hash != expected:
            return None
        expected, counted = part.last_hash or expected, counted + part.rows
    return ChainCheck(counted) if counted == total else None
