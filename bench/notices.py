"""Notices benchmark: issuing a notice, and opening and filtering the list over 100,000 notices.

Issue: ``services.notices.issue_notice`` in its own ``session_factory.begin()`` transaction
(rules, numbering, the notice, its timeline entry, one audit event, two outbox entries; BEGIN
IMMEDIATE, committed with synchronous=FULL) against a bare INSERT of the same row (the same
column values with a new id and number, SQLAlchemy Core, its own transaction) on the same
store, the two interleaved; the median of ``ISSUES`` of each. The note counts the statements
one issue sends.

List: a store made by ``open_store`` with 100,000 notices and warnings bulk-inserted (see
``bench._notice_rows``). For three filters (none; ward + unpaid statuses + a year; a name
search) it times what the Notices area does when it opens, as a supervisor: a new
``NoticesTableModel`` shows the filter, until its first page of 200 rows is in the model (the
count of all matches follows in a worker thread, after the rows). The baseline is a plain SQL
query of the same first page (same WHERE, ``ORDER BY offence_at DESC LIMIT 200``) on the raw
sqlite3 connection, without a count either. Interleaved, the median of
``options.repeat * 4`` runs each; between runs, untimed, the bench waits for the model's count
so that no worker runs while either side is timed. The plain query's rows and a plain
``SELECT count(*)`` are checked against the model's rows and count, so both sides measure
the same answer.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event, insert

from bench._notice_rows import BenchStore, fill_notices, make_store, row_ids
from bench.core import BenchmarkError, Options, Result, median
from hfhate.models import FixedPenaltyNotice, NoticeKind, NoticeStatus, new_id
from hfhate.services.notices.issuing import issue_notice
from hfhate.services.notices.numbering import NoticeNumber
from hfhate.services.notices.queries import NoticeFilter
from hfhate.services.notices.rules import NoticeInput

ISSUES = 200
WARM_UP = 10
LIST_ROWS = 100_000
PAGE = 200  # rows of a first page, as hfhate.ui.tables.PAGE_SIZE (Qt is imported for the list only)
# Issuing runs ten statements in its transaction (four reads, five inserts, one update; the
# note counts them) where the bare insert runs one: each may cost at most what the bare
# insert's whole transaction does.
ISSUE_TARGET_RATIO = 10.0
# Opening the list shows its first page through the table model (ORM objects, the model's
# reset) and counts the matches afterwards, in a worker; the plain query reads the same page
# and counts nothing either: at most 3 times the plain first page.
LIST_TARGET_RATIO = 3.0
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
        app = _qt_application()
        return [_list_case(bench, app, case, runs, built_s) for case in LIST_CASES]
    finally:
        bench.store.close()


def _qt_application() -> Any:
    """The process's Qt application (offscreen unless a platform was chosen): the list
    model delivers its count from a worker thread through Qt's event loop."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _list_case(
    bench: BenchStore,
    app: Any,
    case: tuple[str, NoticeFilter, str, tuple[object, ...]],
    runs: int,
    built_s: float,
) -> Result:
    from hfhate.ui.context import Changes, UiContext
    from hfhate.ui.notices.table_model import NoticesTableModel

    name, flt, where, params = case
    sql = (
        "SELECT * FROM notices WHERE deleted_at IS NULL AND kind = 'notice'"
        + where
        + f" ORDER BY offence_at DESC, id DESC LIMIT {PAGE}"
    )
    count_sql = "SELECT count(*) FROM notices WHERE deleted_at IS NULL AND kind = 'notice'" + where
    store = bench.store
    ctx = UiContext(
        session_factory=store.session_factory,
        actor=bench.supervisor,
        paths=store.paths,
        store_key=store.key,
        demo=False,
        changes=Changes(),
    )
    found: dict[str, Any] = {}
    counted_ms: list[float] = []

    def open_list() -> None:
        """What the Notices area does when it opens: a new model shows the filter."""
        model = NoticesTableModel(ctx, NoticeKind.NOTICE)
        model.show_filter(flt)
        if model.rowCount() == 0:
            raise BenchmarkError(f"list '{name}': no first rows")
        found["model"] = model

    def count_arrives() -> None:
        """Untimed by the figure: wait for the count, so no worker runs while the next step
        is timed (the time from opening to the count shown is kept for the note)."""
        model, started = found.pop("model"), time.perf_counter()
        while not model.counted and time.perf_counter() - started < 60:
            app.processEvents()
            time.sleep(0.0005)
        counted_ms.append((time.perf_counter() - started) * 1000)
        found["page"] = [notice.id for notice in model.rows]
        found["count"] = model.total
        model.deleteLater()
        app.processEvents()

    raw = store.engine.raw_connection()
    try:

        def plain() -> None:
            found["plain"] = row_ids(raw.cursor().execute(sql, params))

        def plain_count() -> None:
            found["plain_count"] = raw.cursor().execute(count_sql, params).fetchone()[0]

        model_ms, _wait_ms, plain_ms, plain_count_ms = _interleaved(
            [open_list, count_arrives, plain, plain_count], runs
        )
    finally:
        raw.close()
    if found["page"] != found["plain"] or found["count"] != found["plain_count"]:
        raise BenchmarkError(f"list '{name}': the plain query and the list model disagree")
    return Result(
        name=f"notices: open list of 100k, {name}",
        figure=median(model_ms),
        baseline=median(plain_ms),
        unit="ms",
        target_ratio=LIST_TARGET_RATIO,
        note=f"{found['count']} matches; first {PAGE} rows through the Qt table model "
        f"(count in a worker, shown {median(counted_ms[1:] or counted_ms):.1f} ms after the rows; "
        f"plain SELECT count(*) {median(plain_count_ms):.1f} ms, in neither side); store of "
        f"{LIST_ROWS} rows built in {built_s:.1f} s",
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
