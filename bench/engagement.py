"""Engagement benchmark: opening and filtering the sessions list over 20,000 sessions.

A store made by ``open_store`` gets three engagement officers (through the services), 40
organisations and 20,000 sessions bulk-inserted with SQLAlchemy Core (every type, the 21
wards, four years of dates, facilitators, topics). In one process with Qt's offscreen
platform (unless ``--display``), as an engagement officer, it times:

* what the list does when it opens or its filter changes: ``SessionsTableModel.set_filter``,
  which counts the matches and reads the first page of 200 through ``engagement_queries``
  (plus the facilitators' names) into the Qt model, for three filters (none; type + ward +
  a school year; a text search);
* building the whole Sessions page (filters, choices, drafts, the list with its first page);

each against a plain SQL query of the same first page (same WHERE, ``ORDER BY session_date
DESC, start_time DESC, id DESC LIMIT 200``, the organisation joined) on the raw sqlite3
connection, interleaved, the median of ``options.repeat * 4`` runs. The plain query's ids are
checked against the model's first page, so both sides give the same answer.
"""

from __future__ import annotations

import os
import random
import tempfile
import uuid
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from bench.core import BenchmarkError, Options, Result, interleaved
from hfhate.config import Paths
from hfhate.models import EngagementSession, Organisation, Role, utc_now
from hfhate.models.store import Store, open_store
from hfhate.security.store_key import DEMO_KEY
from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.device import this_device
from hfhate.services.engagement.queries import SessionFilter
from hfhate.services.engagement.rules import engagement_reference
from hfhate.services.reference import reference

SESSIONS = 20_000
ORGANISATIONS = 40
PAGE = 200
FIRST_DAY = date(2022, 9, 1)
# The model also counts every match (the plain query reads only the page), builds a row
# object per line and looks up the facilitators' names: at most 15 times the plain page.
LIST_TARGET_RATIO = 15.0
# The whole page also builds its widgets (filters with every ward, organisation and
# facilitator, the table): a guideline of 40 times the plain page, which is ~2 ms.
PAGE_TARGET_RATIO = 40.0
PLAIN_SQL = (
    "SELECT s.id, s.session_date, s.start_time, s.end_time, s.session_type, s.title, "
    "s.specialised_topic, o.name, s.venue, s.ward, s.audience, s.attendees, s.facilitator_ids "
    "FROM engagement_sessions AS s LEFT JOIN organisations AS o ON o.id = s.organisation_id "
    "WHERE s.deleted_at IS NULL{where} "
    "ORDER BY s.session_date DESC, s.start_time DESC, s.id DESC LIMIT 200"
)
# (name, filter, the same WHERE in plain SQL, its parameters)
CASES: list[tuple[str, SessionFilter, str, tuple[object, ...]]] = [
    ("no filter", SessionFilter(), "", ()),
    (
        "type + ward + school year",
        SessionFilter(
            session_type="school_programme",
            ward="White City",
            date_from=date(2024, 9, 1),
            date_to=date(2025, 7, 31),
        ),
        " AND s.session_type = ? AND s.ward = ? AND s.session_date >= ? AND s.session_date <= ?",
        ("school_programme", "White City", "2024-09-01", "2025-07-31"),
    ),
    (
        "text search",
        SessionFilter(text="assembly"),
        " AND (lower(s.title) LIKE lower(?) OR lower(s.venue) LIKE lower(?)"
        " OR lower(o.name) LIKE lower(?) OR lower(s.notes) LIKE lower(?))",
        ("%assembly%",) * 4,
    ),
]


def run(options: Options) -> list[Result]:
    if not options.display:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="hfhate-bench-engagement-") as tmp:
        store = open_store(Paths(Path(tmp) / "data"), DEMO_KEY)
        try:
            officer = _fill(store)
            return _measure(app, store, officer, runs=options.repeat * 4)
        finally:
            store.close()


def _fill(store: Store) -> Actor:
    """Three officers, the organisations and the sessions; returns the first officer."""
    with store.session_factory.begin() as session:
        device_id = this_device(session).id
        admin_user = accounts.create_first_administrator(
            session,
            device_id,
            full_name="Bench Admin",
            username="admin",
            password="bench-password",
            confirm="bench-password",
        )
        admin = Actor.of(admin_user, device_id)
        officers = [
            Actor.of(
                accounts.add_user(
                    session,
                    admin,
                    accounts.NewUser(
                        full_name=f"Officer {n}",
                        username=f"officer{n}",
                        roles=frozenset({Role.ENGAGEMENT_OFFICER}),
                        authorisation_number="",
                        password="bench-password",
                        confirm="bench-password",
                    ),
                ),
                device_id,
            )
            for n in range(3)
        ]
    dice = random.Random(20_000)
    ref, wards = engagement_reference(), reference().wards
    now = utc_now()
    stamp: dict[str, Any] = {
        "created_at": now,
        "updated_at": now,
        "version": 1,
        "created_by_id": officers[0].user_id,
        "created_on_device_id": device_id,
    }
    organisations = [
        {
            **stamp,
            "id": uuid.uuid4(),
            "name": f"Organisation {n}",
            "name_key": f"organisation {n}",
            "kind": "school" if n % 2 else "voluntary",
            "school_phase": "primary" if n % 2 else None,
            "year_groups": ["Year 5", "Year 6"] if n % 2 else [],
            "ward": wards[n % len(wards)],
        }
        for n in range(ORGANISATIONS)
    ]
    types, topics = list(ref.session_types), list(ref.topics)
    sessions = []
    for n in range(SESSIONS):
        kind = types[n % len(types)]
        start = clock(dice.choice((9, 10, 13, 14, 18)), dice.choice((0, 15, 30)))
        sessions.append(
            {
                **stamp,
                "id": uuid.uuid4(),
                "session_type": kind,
                "title": f"{dice.choice(('Year 6', 'Spring', 'Community'))} "
                f"{dice.choice(('assembly', 'workshop', 'forum', 'training'))} {n}",
                "specialised_topic": "antisemitism" if kind == "specialised_training" else "",
                "session_date": FIRST_DAY + timedelta(days=dice.randrange(4 * 365)),
                "start_time": start,
                "end_time": clock(start.hour + 1, start.minute),
                "venue": dice.choice(("School hall", "Town Hall", "Library")),
                "ward": dice.choice(wards),
                "organisation_id": dice.choice(organisations)["id"] if n % 5 < 3 else None,
                "year_groups": [],
                "audience": "mixed",
                "attendees": dice.randint(5, 60),
                "attendee_breakdown": {},
                "facilitator_ids": [str(dice.choice(officers).user_id)],
                "partner_ids": [],
                "categories": ["race"],
                "topics": dice.sample(topics, 2),
                "materials": "",
                "notes": "",
                "feedback": "",
            }
        )
    with store.session_factory.begin() as session:
        session.execute(insert(Organisation), organisations)
        session.execute(insert(EngagementSession), sessions)
    return officers[0]


def _measure(app: Any, store: Store, officer: Actor, runs: int) -> list[Result]:
    from hfhate.ui.context import Changes, UiContext
    from hfhate.ui.engagement.sessions_page import SessionsPage
    from hfhate.ui.engagement.table_models import SessionsTableModel

    ctx = UiContext(
        session_factory=store.session_factory,
        actor=officer,
        paths=store.paths,
        store_key=store.key,
        demo=False,
        changes=Changes(),
    )
    raw = store.engine.raw_connection()
    results = []
    try:
        for name, flt, where, params in CASES:
            model = SessionsTableModel(ctx)

            def open_list(flt: SessionFilter = flt, model: Any = model) -> None:
                model.set_filter(flt)

            def plain(where: str = where, params: tuple[object, ...] = params) -> list[Any]:
                return raw.cursor().execute(PLAIN_SQL.format(where=where), params).fetchall()

            figures, baselines = interleaved(open_list, plain, runs)
            expected = [uuid.UUID(hex=row[0]) for row in plain()]
            if [row.id for row in model.rows] != expected or not expected:
                raise BenchmarkError(f"{name}: the model's first page is not the plain query's")
            results.append(
                Result(
                    name=f"engagement list ({name})",
                    figure=figures,
                    baseline=baselines,
                    unit="ms",
                    target_ratio=LIST_TARGET_RATIO,
                    note=f"{model.total:,} of {SESSIONS:,} match; first page {len(expected)} rows",
                )
            )

        def open_page() -> None:
            page = SessionsPage(ctx)
            page.show()
            app.processEvents()
            page.close()
            page.deleteLater()

        def plain_first_page() -> list[Any]:
            return raw.cursor().execute(PLAIN_SQL.format(where=""), ()).fetchall()

        figure, baseline = interleaved(open_page, plain_first_page, runs)
        results.append(
            Result(
                name="engagement: Sessions page built and shown",
                figure=figure,
                baseline=baseline,
                unit="ms",
                target_ratio=PAGE_TARGET_RATIO,
                note="target 40x is a guideline",
            )
        )
    finally:
        raw.close()
    return results
