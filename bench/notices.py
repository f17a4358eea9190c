"""Notices benchmark: issuing a notice, and opening and filtering the list over 100,000 notices.

Issue: ``services.notices.issue_notice`` in its own ``session_factory.begin()`` transaction
(rules, numbering, the notice, its timeline entry, one audit event, two outbox entries; BEGIN
IMMEDIATE, committed with synchronous=FULL) against a bare INSERT of the same row (the same
column values with a new id and number, SQLAlchemy Core, its own transaction) on the same
store, the two interleaved; the median of ``ISSUES`` of each. The note counts the statements
one issue sends.

List: a store made by ``open_store`` with 100,000 notices and warnings bulk-inserted (see
``bench._notice_rows``). For three filters (none; ward + unpaid statuses + a year; a name
search) it times what the list does when it opens or its filter changes, as a supervisor:
``count_notices`` plus ``list_notices`` for the first page of 200 (ORM objects), against a
plain SQL query of the same first page (same WHERE, ``ORDER BY offence_at DESC LIMIT 200``)
on the raw sqlite3 connection; interleaved, the median of ``options.repeat * 4`` runs each.
The plain query's rows (and a plain ``SELECT count(*)``, timed for the note) are checked
against the service's, so both sides measure the same answer.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import event, insert

from bench._notice_rows import BenchStore, fill_notices, make_store, row_ids
from bench.core import BenchmarkError, Options, Result, median
from hfhate.models import FixedPenaltyNotice, NoticeStatus, new_id
from hfhate.services.notices.issuing import issue_notice
from hfhate.services.notices.numbering import NoticeNumber
from hfhate.services.notices.queries import NoticeFilter, count_notices, list_notices
from hfhate.services.notices.rules import NoticeInput

ISSUES = 200
WARM_UP = 10
LIST_ROWS = 100_000
PAGE = 200
# Issuing runs ten statements in its transaction (four reads, five inserts, one update; the
# note counts them) where the bare insert runs one: each may cost at most what the bare
# insert's whole transaction does.
ISSUE_TARGET_RATIO = 10.0
# Opening the list also counts every match (the plain query reads only the page) and builds
# ORM objects: at most 15 times the plain first page.
LIST_TARGET_RATIO = 15.0
NOW = datetime(2026, 6, 30, 18, 0, tzinfo=UTC)
ENTRY = NoticeInput(
    offence_at=datetime(2026, 6, 30, 17, 30, tzinfo=UTC),
    place="King Street, Lyric Square",
    postcode="W6 9JU",
    ward="Hammersmith Broadway",
    prohibition="sexualised_comments",
    hostilities=("misogyny",),
    circumstances="At King Street I saw the recipient walk alongside a woman and make loud "
    "comments about her body. She told him to leave her alone; he repeated them.",
    recipient_name="Bench Recipient",
    recipient_date_of_birth=date(1990, 1, 1),
    recipient_address="1 Example Road",
    recipient_postcode="W12 8QQ",
    identity_method="document",
    identity_document="Passport",
    body_worn_video="BWV-1",
)
# (name, filter, the same WHERE in plain SQL after kind and deletion, its parameters)
LIST_CASES: list[tuple[str, NoticeFilter, str, tuple[object, ...]]] = [
    ("no filter", NoticeFilter(), "", ()),
    (
        "ward + unpaid + year",
        NoticeFilter(
            ward="Grove",
            date_from=date(2025, 7, 1),
            date_to=date(2026, 6, 30),
            statuses=frozenset(
                {NoticeStatus.ISSUED, NoticeStatus.REMINDER_1, NoticeStatus.REMINDER_2}
            ),
        ),
        " AND status IN ('issued', 'reminder_1', 'reminder_2') AND ward = ?"
        " AND offence_at >= ? AND offence_at < ?",
        ("Grove", "2025-06-30 23:00:00.000000", "2026-06-30 23:00:00.000000"),
    ),
    (
        "name search",
        NoticeFilter(text="nowak"),
        " AND lower(recipient_name) LIKE lower(?)",
        ("%nowak%",),
    ),
]


def run(options: Options) -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="hfhate-bench-notices-") as tmp:
        results = [_issue(Path(tmp) / "issue")]
        results += _lists(Path(tmp) / "list", runs=options.repeat * 4)
    return results


def _issue(data_dir: Path) -> Result:
    bench, _team = make_store(data_dir)
    factory = bench.store.session_factory
    try:
        with factory.begin() as session:
            model = issue_notice(session, bench.officer, ENTRY, now=NOW)
        row = {c.key: getattr(model, c.key) for c in FixedPenaltyNotice.__table__.columns}
        statements = _statements(bench, lambda: issue_notice_once(bench))
        service_ms: list[float] = []
        bare_ms: list[float] = []
        for i in range(1, WARM_UP + ISSUES + 1):
            started = time.perf_counter()
            issue_notice_once(bench)
            middle = time.perf_counter()
            number = NoticeNumber(999, i)
            with bench.store.engine.begin() as connection:
                connection.execute(
                    insert(FixedPenaltyNotice.__table__),
                    row
                    | {"id": new_id(), "number": str(number), "device_code": 999, "sequence": i},
                )
            ended = time.perf_counter()
            if i > WARM_UP:
                service_ms.append((middle - started) * 1000)
                bare_ms.append((ended - middle) * 1000)
    finally:
        bench.store.close()

    def spread(values: list[float]) -> str:
        quartiles = statistics.quantiles(values, n=10)
        return f"p10 {quartiles[0]:.2f}, p90 {quartiles[-1]:.2f} ms"

    return Result(
        name="notices: issue one notice (audit + outbox)",
        figure=median(service_ms),
        baseline=median(bare_ms),
        unit="ms",
        target_ratio=ISSUE_TARGET_RATIO,
        note=f"{ISSUES} each, interleaved; issue_notice runs {statements} statements, "
        f"{spread(service_ms)}; bare INSERT {spread(bare_ms)}",
    )


def issue_notice_once(bench: BenchStore) -> None:
    with bench.store.session_factory.begin() as session:
        issue_notice(session, bench.officer, ENTRY, now=NOW)


def _statements(bench: BenchStore, operation: Callable[[], None]) -> int:
    """How many SQL statements ``operation`` sends, BEGIN and COMMIT aside."""
    sent: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        sent.append(statement)

    event.listen(bench.store.engine, "before_cursor_execute", count)
    try:
        operation()
    finally:
        event.remove(bench.store.engine, "before_cursor_execute", count)
    return sum(1 for s in sent if not s.startswith("BEGIN"))


def _lists(data_dir: Path, *, runs: int) -> list[Result]:
    bench, team = make_store(data_dir, officers=5)
    try:
        started = time.perf_counter()
        fill_notices(bench, team, LIST_ROWS)
        built_s = time.perf_counter() - started
        return [_list_case(bench, case, runs, built_s) for case in LIST_CASES]
    finally:
        bench.store.close()


def _list_case(
    bench: BenchStore,
    case: tuple[str, NoticeFilter, str, tuple[object, ...]],
    runs: int,
    built_s: float,
) -> Result:
    name, flt, where, params = case
    sql = (
        "SELECT * FROM notices WHERE deleted_at IS NULL AND kind = 'notice'"
        + where
        + f" ORDER BY offence_at DESC, id DESC LIMIT {PAGE}"
    )
    found: dict[str, object] = {}

    def service() -> None:
        with bench.store.session_factory() as session:
            found["count"] = count_notices(session, bench.supervisor, flt)
            found["page"] = [n.id for n in list_notices(session, bench.supervisor, flt, limit=PAGE)]

    def count_only() -> None:
        with bench.store.session_factory() as session:
            count_notices(session, bench.supervisor, flt)

    count_sql = "SELECT count(*) FROM notices WHERE deleted_at IS NULL AND kind = 'notice'" + where

    raw = bench.store.engine.raw_connection()
    try:

        def plain() -> None:
            found["plain"] = row_ids(raw.cursor().execute(sql, params))

        def plain_count() -> None:
            found["plain_count"] = raw.cursor().execute(count_sql, params).fetchone()[0]

        service_ms, plain_ms, count_ms, plain_count_ms = _interleaved(
            [service, plain, count_only, plain_count], runs
        )
    finally:
        raw.close()
    if found["page"] != found["plain"] or found["count"] != found["plain_count"]:
        raise BenchmarkError(f"list '{name}': the plain query and the service disagree")
    return Result(
        name=f"notices: open list of 100k, {name}",
        figure=median(service_ms),
        baseline=median(plain_ms),
        unit="ms",
        target_ratio=LIST_TARGET_RATIO,
        note=f"{found['count']} matches; count_notices {median(count_ms):.1f} ms of it "
        f"(plain SELECT count(*) {median(plain_count_ms):.1f} ms); store of {LIST_ROWS} "
        f"rows built in {built_s:.1f} s",
    )


def _interleaved(steps: list[Callable[[], None]], runs: int) -> list[list[float]]:
    """Each step's times in ms over ``runs`` rounds, after one untimed warm-up round."""
    times: list[list[float]] = [[] for _ in steps]
    for round_ in range(runs + 1):
        for step, kept in zip(steps, times, strict=True):
            started = time.perf_counter()
            step()
            if round_:
                kept.append((time.perf_counter() - started) * 1000)
    return times
