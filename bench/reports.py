"""Reports benchmark: the supervisor's dashboard over 100,000 notices and 20,000 sessions.

A store made by ``open_store`` gets 100,000 notices and warnings (``bench._notice_rows``,
issued over the two years to June 2026), 20,000 sessions over the same two years, each with a
confidence result and every fourth with a follow-up, and 5,000 incidents, all bulk-inserted
with SQLAlchemy Core. As a supervisor it times ``dashboard_figures`` for the year July 2025 to
June 2026 (every figure, breakdown and month; a session of its own each time) against the
plainest way to do the same counting: eight hand-written ``SELECT ... GROUP BY`` statements on
the raw sqlite3 connection (warnings and notices by kind, status, paid-in-full and month; by
ward; by prohibition; by hostility through ``json_each``; sessions by type, ward and month;
confidence results; follow-ups; incidents), interleaved, the median of ``options.repeat * 4``
runs each. The plain totals are checked against the dashboard's, so both count the same rows.
"""

from __future__ import annotations

import random
import tempfile
import uuid
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from bench._notice_rows import BenchStore, fill_notices, make_store
from bench.core import BenchmarkError, Options, Result, interleaved
from hfhate.models import ConfidenceResult, EngagementSession, FollowUp, Incident, utc_now
from hfhate.services.engagement.rules import engagement_reference
from hfhate.services.reference import reference
from hfhate.services.reports.figures import DashboardFigures, dashboard_figures
from hfhate.services.reports.period import Period

NOTICES = 100_000
SESSIONS = 20_000
INCIDENTS = 5_000
# The issue's target: the dashboard at most three times the plain aggregate queries.
TARGET_RATIO = 3.0
YEAR = Period(date(2025, 7, 1), date(2026, 6, 30))
TODAY = date(2026, 7, 15)
FIRST_DAY = date(2024, 7, 1)


def run(options: Options) -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="hfhate-bench-reports-") as tmp:
        bench, team = make_store(Path(tmp) / "data", officers=5)
        try:
            fill_notices(bench, team, NOTICES)
            _fill_engagement_and_incidents(bench)
            return [_measure(bench, runs=options.repeat * 4)]
        finally:
            bench.store.close()


def _fill_engagement_and_incidents(bench: BenchStore) -> None:
    dice = random.Random(16)
    wards, hostilities = list(reference().wards), list(reference().hostilities)
    types = list(engagement_reference().session_types)
    now = utc_now()
    stamp: dict[str, Any] = {
        "created_at": now,
        "updated_at": now,
        "version": 1,
        "created_by_id": bench.officer.user_id,
        "created_on_device_id": bench.officer.device_id,
    }
    sessions, results, follow_ups = [], [], []
    for n in range(SESSIONS):
        held = uuid.uuid4()
        day = FIRST_DAY + timedelta(days=dice.randrange(730))
        sessions.append(
            {
                **stamp,
                "id": held,
                "session_type": types[n % len(types)],
                "session_date": day,
                "start_time": clock(10),
                "end_time": clock(11),
                "venue": "Town Hall",
                "ward": dice.choice(wards),
                "audience": "mixed",
                "attendees": dice.randint(5, 60),
            }
        )
        asked = dice.randint(5, 30)
        results.append(
            {
                **stamp,
                "id": uuid.uuid4(),
                "session_id": held,
                "question": "report",
                "before_average": round(dice.uniform(1.5, 3.5), 2),
                "before_responses": asked,
                "after_average": round(dice.uniform(2.5, 4.5), 2),
                "after_responses": asked,
            }
        )
        if n % 4 == 0:
            follow_ups.append(
                {
                    **stamp,
                    "id": uuid.uuid4(),
                    "session_id": held,
                    "kind": "action",
                    "description": "Send the slides.",
                    "due_on": day + timedelta(days=14),
                    "done": dice.random() < 0.7,
                }
            )
    incidents = [
        {
            **stamp,
            "id": uuid.uuid4(),
            "officer_id": bench.officer.user_id,
            "officer_name": bench.officer.full_name,
            "kind": "hate_incident",
            "how_known": "disclosed",
            "occurred_at": datetime.combine(
                FIRST_DAY + timedelta(days=dice.randrange(730)), clock(18), tzinfo=UTC
            ),
            "place": "King Street",
            "ward": dice.choice(wards),
            "hostilities": [dice.choice(hostilities)],
            "account": "Abuse shouted in the street.",
        }
        for _ in range(INCIDENTS)
    ]
    with bench.store.session_factory.begin() as session:
        session.execute(insert(EngagementSession), sessions)
        session.execute(insert(ConfidenceResult), results)
        session.execute(insert(FollowUp), follow_ups)
        session.execute(insert(Incident), incidents)


def _instant(at: datetime) -> str:
    """A UTC instant as SQLAlchemy keeps it in SQLite (naive text)."""
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


_ISSUED = "deleted_at IS NULL AND issued_at >= :start AND issued_at < :end"
_HELD = "s.deleted_at IS NULL AND s.session_date >= :first AND s.session_date <= :last"
PLAIN = {
    "notices": "SELECT kind, status, coalesce(paid_amount_pence, 0) >= "
    "coalesce(amount_pence, 0), substr(issued_at, 1, 7), count(*) FROM notices "
    f"WHERE {_ISSUED} GROUP BY 1, 2, 3, 4",
    "wards": f"SELECT ward, count(*) FROM notices WHERE {_ISSUED} GROUP BY ward",
    "prohibitions": f"SELECT prohibition, count(*) FROM notices WHERE {_ISSUED} "
    "GROUP BY prohibition",
    "hostilities": "SELECT j.value, count(*) FROM notices, json_each(notices.hostilities) AS j "
    f"WHERE {_ISSUED} GROUP BY j.value",
    "sessions": "SELECT s.session_type, s.ward, substr(s.session_date, 1, 7), count(*), "
    f"sum(s.attendees) FROM engagement_sessions AS s WHERE {_HELD} GROUP BY 1, 2, 3",
    "confidence": "SELECT sum(c.after_average * c.after_responses), sum(c.after_responses), "
    "sum(c.before_average * c.before_responses), sum(c.before_responses) "
    "FROM session_confidence AS c JOIN engagement_sessions AS s ON s.id = c.session_id "
    f"WHERE {_HELD} AND c.deleted_at IS NULL AND c.before_average IS NOT NULL "
    "AND c.after_average IS NOT NULL",
    "follow_ups": "SELECT count(*), sum(f.due_on < :today) FROM session_follow_ups AS f "
    f"JOIN engagement_sessions AS s ON s.id = f.session_id WHERE {_HELD} "
    "AND f.deleted_at IS NULL AND NOT f.done",
    "incidents": "SELECT count(*) FROM incidents WHERE deleted_at IS NULL "
    "AND occurred_at >= :start AND occurred_at < :end",
}


def _measure(bench: BenchStore, runs: int) -> Result:
    raw = bench.store.engine.raw_connection()
    params = {
        "start": _instant(YEAR.start),
        "end": _instant(YEAR.end),
        "first": YEAR.first.isoformat(),
        "last": YEAR.last.isoformat(),
        "today": TODAY.isoformat(),
    }
    shown: list[DashboardFigures] = []

    def dashboard() -> None:
        with bench.store.session_factory.begin() as session:
            shown.append(dashboard_figures(session, bench.supervisor, YEAR, today=TODAY))

    def plain() -> dict[str, list[Any]]:
        cursor = raw.cursor()
        return {name: cursor.execute(sql, params).fetchall() for name, sql in PLAIN.items()}

    try:
        figure, baseline = interleaved(dashboard, plain, runs)
        _check(shown[-1], plain())
    finally:
        raw.close()
    figures = shown[-1]
    return Result(
        name="reports: dashboard for a year",
        figure=figure,
        baseline=baseline,
        unit="ms",
        target_ratio=TARGET_RATIO,
        note=f"{figures.notices.warnings_issued + figures.notices.notices_issued:,} warnings "
        f"and notices, {figures.engagement.sessions:,} sessions and "
        f"{figures.victims.incidents:,} incidents in the year; {len(PLAIN)} plain statements",
    )


def _check(figures: DashboardFigures, plain: dict[str, list[Any]]) -> None:
    """Both sides counted the same rows."""
    issued = sum(row[-1] for row in plain["notices"])
    sessions = sum(row[3] for row in plain["sessions"])
    attendees = sum(row[4] for row in plain["sessions"])
    hostile = sum(row[1] for row in plain["hostilities"])
    ours = figures.notices.warnings_issued + figures.notices.notices_issued
    if (issued, sessions, attendees, plain["incidents"][0][0]) != (
        ours,
        figures.engagement.sessions,
        figures.engagement.attendees,
        figures.victims.incidents,
    ) or hostile != sum(row.count for row in figures.by_hostility):
        raise BenchmarkError("the dashboard and the plain queries counted different rows")
    if not ours:
        raise BenchmarkError("the year holds no notices: the store was not filled")
