"""CSV exports of the lists: the rows the filters pick, in the council's words; personal data
only when confirmed, audited without names; written owner-only, and nothing left half-written
where the folder is wrong."""

from __future__ import annotations

import csv
import stat
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import select

from hfhate.models import AuditEvent, NoticeKind, Role
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.device import set_device_code
from hfhate.services.engagement.queries import SessionFilter
from hfhate.services.engagement.rules import SessionInput
from hfhate.services.engagement.sessions import record_session
from hfhate.services.errors import PermissionDenied, ServiceError
from hfhate.services.notices import issuing
from hfhate.services.notices.queries import NoticeFilter
from hfhate.services.reports.exports import (
    NOTICE_HEADINGS,
    PERSONAL_DATA_WARNING,
    SESSION_HEADINGS,
    WARNING_HEADINGS,
    export_breakdown,
    export_notices,
    export_sessions,
)
from hfhate.services.reports.figures import Breakdown
from tests.fixtures.notices import notice_entry

DISTINCT = "Zebedee Quintrell-Oyelaran"


@pytest.fixture
def people(store: Store, admin: Actor, make_actor: Callable[..., Actor]) -> tuple[Actor, Actor]:
    with store.session_factory.begin() as session:
        set_device_code(session, admin, 42)
    officer = make_actor(Role.AUTHORISED_OFFICER, Role.ENGAGEMENT_OFFICER, username="olly")
    supervisor = make_actor(Role.SUPERVISOR, username="sue")
    at = datetime(2025, 3, 12, 14, 30, tzinfo=UTC)
    with store.session_factory.begin() as session:
        issuing.issue_notice(
            session, officer, notice_entry(at, recipient_name=DISTINCT, ward="Grove"), now=at
        )
        issuing.issue_notice(
            session,
            officer,
            notice_entry(at.replace(day=13), place="=HYPERLINK(1)", ward="Grove"),
            now=at.replace(day=13),
        )
        issuing.issue_notice(
            session,
            officer,
            notice_entry(at.replace(day=14), ward="Lillie"),
            now=at.replace(day=14),
        )
        issuing.record_warning(
            session, officer, notice_entry(at.replace(day=15), ward="Grove"), now=at.replace(day=15)
        )
    return officer, supervisor


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_a_filtered_notices_export_has_the_lists_rows_in_words(
    store: Store, people: tuple[Actor, Actor], tmp_path: Path
) -> None:
    _officer, supervisor = people
    out = tmp_path / "grove.csv"
    with store.session_factory.begin() as session:
        count = export_notices(session, supervisor, NoticeFilter(ward="Grove"), out, confirmed=True)
    assert count == 2
    rows = _read(out)
    assert tuple(rows[0]) == NOTICE_HEADINGS
    assert len(rows) == 3
    newest, older = (dict(zip(rows[0], row, strict=True)) for row in rows[1:])
    assert older["Recipient"] == DISTINCT
    assert newest["Place"] == "'=HYPERLINK(1)"  # never run as a spreadsheet formula
    assert older["Ward"] == "Grove" and older["Status"] == "Issued"
    assert older["Issued on"] == "2025-03-12"
    assert older["Offence date and time"] == "2025-03-12 14:00"
    assert older["Prohibition"] and "_" not in older["Prohibition"]
    assert older["Hostility"] == "Misogyny / sexist"
    assert older["Amount (£)"] == "100.00" and older["Paid (£)"] == ""
    assert older["Number"].startswith("HF-042-")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_a_warnings_export_has_the_warnings_only(
    store: Store, people: tuple[Actor, Actor], tmp_path: Path
) -> None:
    out = tmp_path / "warnings.csv"
    with store.session_factory.begin() as session:
        count = export_notices(
            session, people[1], NoticeFilter(kind=NoticeKind.WARNING), out, confirmed=True
        )
    rows = _read(out)
    assert count == 1 and tuple(rows[0]) == WARNING_HEADINGS
    assert rows[1][0] == "2025-03-15"


def test_personal_data_is_refused_unconfirmed_and_the_export_audited_without_names(
    store: Store, people: tuple[Actor, Actor], tmp_path: Path
) -> None:
    out = tmp_path / "all.csv"
    with store.session_factory.begin() as session:
        with pytest.raises(ServiceError, match="confirmation"):
            export_notices(session, people[1], NoticeFilter(), out, confirmed=False)
    assert not out.exists()
    assert "personal data" in PERSONAL_DATA_WARNING
    with store.session_factory.begin() as session:
        export_notices(
            session, people[1], NoticeFilter(ward="Grove", text=DISTINCT), out, confirmed=True
        )
    with store.session_factory.begin() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "notices_exported")
        ).one()
        assert event.details["rows"] == 1
        assert event.details["what"] == "notices"
        assert event.details["filter"] == "ward Grove, a search"
        assert event.operation == "disclosure"
        assert event.recipients == ["CSV file"]
        assert len(event.record_ids or []) == 1
        assert DISTINCT.split()[0] not in repr(event.details)


def test_an_officer_exports_only_their_own_and_engagement_officers_none(
    store: Store, people: tuple[Actor, Actor], make_actor: Callable[..., Actor], tmp_path: Path
) -> None:
    other = make_actor(Role.AUTHORISED_OFFICER, username="otto")
    with store.session_factory.begin() as session:
        assert (
            export_notices(session, other, NoticeFilter(), tmp_path / "a.csv", confirmed=True) == 0
        )
    engagement = make_actor(Role.ENGAGEMENT_OFFICER, username="eve")
    with store.session_factory.begin() as session, pytest.raises(PermissionDenied):
        export_notices(session, engagement, NoticeFilter(), tmp_path / "b.csv", confirmed=True)
    assert not (tmp_path / "b.csv").exists()


def test_a_missing_folder_is_refused_and_nothing_is_half_written(
    store: Store, people: tuple[Actor, Actor], tmp_path: Path
) -> None:
    out = tmp_path / "no such folder" / "notices.csv"
    with store.session_factory.begin() as session:
        with pytest.raises(ServiceError, match="does not exist"):
            export_notices(session, people[1], NoticeFilter(), out, confirmed=True)
        with pytest.raises(ServiceError, match="is a folder"):
            export_notices(session, people[1], NoticeFilter(), tmp_path, confirmed=True)
    assert not out.parent.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
    with store.session_factory.begin() as session:
        found = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "notices_exported")
        ).all()
    assert found == []  # nothing written, nothing disclosed


def test_a_sessions_export_follows_the_filter(
    store: Store, people: tuple[Actor, Actor], tmp_path: Path
) -> None:
    officer, supervisor = people
    with store.session_factory.begin() as session:
        for day, kind, ward in (
            (date(2025, 3, 3), "community_event", "Grove"),
            (date(2025, 3, 4), "bystander_training", "Grove"),
            (date(2025, 3, 5), "community_event", "Lillie"),
        ):
            record_session(
                session,
                officer,
                SessionInput(
                    session_type=kind,
                    title="Hate crime awareness",
                    session_date=day,
                    start_time=time(9, 15),
                    end_time=time(10, 30),
                    venue="Hall",
                    ward=ward,
                    audience="residents",
                    attendees=12,
                    facilitator_ids=(officer.user_id,),
                ),
                today=day,
            )
    out = tmp_path / "sessions.csv"
    with store.session_factory.begin() as session:
        count = export_sessions(
            session,
            supervisor,
            SessionFilter(session_type="community_event"),
            out,
            confirmed=False,
        )
    rows = _read(out)
    assert count == 2 and tuple(rows[0]) == SESSION_HEADINGS
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Date"] == "2025-03-05" and first["Ward"] == "Lillie"
    assert first["Session type"] == "Community event or forum"
    assert first["Start"] == "09:15" and first["Attendees"] == "12"
    assert first["Audience"] == "Residents"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with store.session_factory.begin() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "sessions_exported")
        ).one()
        assert event.details == {"rows": 2, "filter": "type community_event"}


def test_the_table_behind_a_chart_is_written_without_confirmation_or_audit(
    tmp_path: Path,
) -> None:
    rows = (
        Breakdown("school_programme", "School education programme", 11, 275),
        Breakdown("", "", 0, 0),
    )
    out = tmp_path / "by-type.csv"
    assert export_breakdown(rows, ("Session type", "Sessions"), out) == 2
    assert _read(out) == [
        ["Session type", "Sessions", "Attendees"],
        ["School education programme", "11", "275"],
        ["Not recorded", "0", "0"],
    ]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    wards = tmp_path / "wards.csv"
    export_breakdown((Breakdown("Grove", "Grove", 7),), ("Ward", "Warnings and notices"), wards)
    assert _read(wards) == [["Ward", "Warnings and notices"], ["Grove", "7"]]
    with pytest.raises(ServiceError, match="does not exist"):
        export_breakdown(rows, ("Ward", "Count"), tmp_path / "missing" / "x.csv")
