"""The partnership report: its figures, small counts shown as "fewer than 5", the
supervisor's commentary kept, and no name of a recipient, victim, witness or attendee in the
report or in its PDF."""

from __future__ import annotations

import dataclasses
import stat
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from hfhate.models import AuditEvent, Role
from hfhate.models.store import Store
from hfhate.printing.partnership_report_pdf import write_partnership_report
from hfhate.services.actor import Actor
from hfhate.services.device import set_device_code
from hfhate.services.errors import PermissionDenied
from hfhate.services.notices import issuing
from hfhate.services.notices.rules import PersonInput
from hfhate.services.reports.partnership import PartnershipReport, partnership_report
from hfhate.services.reports.period import Period
from hfhate.services.settings.stored import change_setting
from tests.fixtures.notices import notice_entry
from tests.fixtures.printed_notices import pages_text
from tests.fixtures.report_rows import Rows
from tests.fixtures.retention import ATTENDEE, DISCLOSURE, session_with_register

RECIPIENT = "Zebedee Quintrell-Oyelaran"
VICTIM = "Philippa Marchbanks-Adeyemi"
WITNESS = "Ignatius Ravensworth"
MARCH = Period.month(2025, 3)
COMMENTARY = (
    "Street harassment fell in the town centres after the spring patrols.\n\n"
    "The steering group asks the partnership to fund two more school programmes."
)
NEEDLES = (RECIPIENT, VICTIM, WITNESS, ATTENDEE, DISCLOSURE, "Quintrell", "Marchbanks")


@pytest.fixture
def people(store: Store, admin: Actor, make_actor: Callable[..., Actor]) -> tuple[Actor, Actor]:
    """Six notices in Grove and two warnings in Lillie in March 2025, all to the same
    distinctive recipient with a named victim and witness, and a training session with a
    register and a disclosure."""
    with store.session_factory.begin() as session:
        set_device_code(session, admin, 42)
    officer = make_actor(Role.AUTHORISED_OFFICER, Role.ENGAGEMENT_OFFICER, username="olly")
    supervisor = make_actor(Role.SUPERVISOR, username="sue")
    named = (
        PersonInput(role="victim", name=VICTIM, contact="07700 900123", consent_to_contact=True),
        PersonInput(role="witness", name=WITNESS, contact="07700 900456"),
    )
    start = datetime(2025, 3, 3, 12, tzinfo=UTC)
    with store.session_factory.begin() as session:
        for day in range(6):
            at = start + timedelta(days=day)
            entry = notice_entry(at, recipient_name=RECIPIENT, ward="Grove", people=named)
            issuing.issue_notice(session, officer, entry, now=at)
        for day in range(2):
            at = start + timedelta(days=10 + day)
            entry = notice_entry(at, recipient_name=RECIPIENT, ward="Lillie", people=named)
            issuing.record_warning(session, officer, entry, now=at)
    session_with_register(store, officer, date(2025, 3, 20))
    return officer, supervisor


def _report(store: Store, actor: Actor, **extra: object) -> PartnershipReport:
    with store.session_factory.begin() as session:
        return partnership_report(
            session, actor, MARCH, commentary=COMMENTARY, today=date(2025, 4, 10), **extra
        )


def _figure(report: PartnershipReport, label: str) -> str:
    return next(f.value for f in report.headlines if f.label == label)


def test_small_counts_read_fewer_than_5_and_larger_ones_as_they_are(
    store: Store, people: tuple[Actor, Actor]
) -> None:
    report = _report(store, people[1])
    assert report.threshold == 5
    assert _figure(report, "Fixed penalty notices issued") == "6"
    assert _figure(report, "Warnings given") == "fewer than 5"
    assert _figure(report, "Engagement sessions delivered") == "fewer than 5"
    assert _figure(report, "Payment rate") == "0%"
    by_ward = next(t for t in report.tables if t.title == "By ward")
    rows = {row[0]: row[1:] for row in by_ward.rows}
    assert rows["Grove"] == ("6", "0", "0")
    assert rows["Lillie"] == ("fewer than 5", "0", "0")
    assert rows["Hammersmith Broadway"] == ("0", "fewer than 5", "fewer than 5")
    bars = {bar.label: bar.values for bar in report.wards.bars}
    assert bars["Grove"] == (6,) and bars["Lillie"] == (None,)  # no bar tells the number
    hostility = next(t for t in report.tables if t.title == "By hostility category")
    assert ("Misogyny / sexist", "8") in hostility.rows
    every_value = [f.value for o in report.objectives for f in o.figures]
    assert not any(value in {"1", "2", "3", "4"} for value in every_value)
    prevent = report.objectives[0]
    assert prevent.number == 1 and "Prevent" in prevent.title
    assert any(
        f.label.startswith("Staff or frontline") and f.value.startswith("fewer than 5")
        for f in prevent.figures
    )
    action = report.objectives[3]
    assert ("Fixed penalty notices issued", "6") in [(f.label, f.value) for f in action.figures]
    assert all(o.supported_by for o in report.objectives)


def test_the_commentary_is_kept_and_the_report_is_audited_without_personal_data(
    store: Store, people: tuple[Actor, Actor]
) -> None:
    report = _report(store, people[1])
    assert report.commentary == COMMENTARY
    with store.session_factory.begin() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "partnership_report_made")
        ).one()
        assert event.details == {
            "from": "2025-03-01",
            "to": "2025-03-31",
            "ward": "all",
            "commentary": True,
        }
        assert event.operation == "other"


def test_no_name_appears_in_the_report_or_its_pdf(
    store: Store, people: tuple[Actor, Actor], tmp_path: Path
) -> None:
    report = _report(store, people[1])
    every_text = repr(dataclasses.asdict(report))
    assert "Grove" in every_text  # the check reads the report's words
    for needle in NEEDLES:
        assert needle not in every_text
    out = tmp_path / "report.pdf"
    write_partnership_report(report, out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    pages = pages_text(out)
    text = " ".join(pages)
    assert "fewer than 5" in text and "OFFICIAL" in text
    assert "Street harassment fell in the town centres" in text
    assert f"Page 1 of {len(pages)}" in pages[0]
    for needle in NEEDLES:
        assert needle not in text


def test_a_ward_report_shows_that_ward_only(store: Store, people: tuple[Actor, Actor]) -> None:
    report = _report(store, people[1], ward="Grove")
    assert report.area == "Grove ward"
    assert [row[0] for row in report.tables[0].rows] == ["Grove"]
    assert _figure(report, "Warnings given") == "0"


def test_only_supervisors_make_the_report(store: Store, people: tuple[Actor, Actor]) -> None:
    with pytest.raises(PermissionDenied):
        _report(store, people[0])


def test_a_long_commentary_flows_over_pages_and_a_missing_folder_writes_nothing(
    store: Store, people: tuple[Actor, Actor], tmp_path: Path
) -> None:
    long = "\n\n".join(
        f"Paragraph {n}. " + "The team patrolled the town centres. " * 40 for n in range(12)
    )
    report = dataclasses.replace(_report(store, people[1]), commentary=long)
    out = tmp_path / "long.pdf"
    write_partnership_report(report, out)
    pages = pages_text(out)
    assert len(pages) >= 4
    assert "Paragraph 11." in " ".join(pages[-2:])
    assert "The team patrolled the town centres." in pages[-1]  # not the closing note alone
    assert "This report holds figures only" in pages[-1]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    missing = tmp_path / "nowhere" / "report.pdf"
    with pytest.raises(FileNotFoundError, match="does not exist"):
        write_partnership_report(report, missing)
    assert not missing.parent.exists()


def test_trend_alerts_are_in_the_report_with_small_counts_suppressed(
    store: Store, people: tuple[Actor, Actor], admin: Actor
) -> None:
    """Four transphobic incidents in the three months before April against none in the year
    before: an alert once the minimum count is 3, its count printed "fewer than 5"."""
    with store.session_factory.begin() as session:
        rows = Rows(session, people[0])
        for day in (3, 10, 17, 24):
            rows.incident(datetime(2025, 2, day, 21, tzinfo=UTC), hostilities=("transphobic",))
        change_setting(
            session, admin, "reports.trend_minimum_count", 3, MARCH.first, today=MARCH.first
        )
    report = _report(store, people[1])
    assert report.alerts == (
        "Misogyny / sexist incidents: 8 in the last 3 months against almost none expected; "
        "consider specialised training",  # the fixture's notices and warnings of March
        "Transphobic incidents: fewer than 5 in the last 3 months against almost none "
        "expected; consider specialised training",
    )
    with store.session_factory.begin() as session:  # made later, the alerts are still March's
        later = partnership_report(
            session, people[1], MARCH, commentary="", today=date(2025, 9, 10)
        )
    assert later.alerts == report.alerts


def test_the_threshold_is_the_setting_in_force(
    store: Store, people: tuple[Actor, Actor], admin: Actor
) -> None:
    with store.session_factory.begin() as session:
        change_setting(
            session, admin, "reports.small_number_threshold", 2, MARCH.first, today=MARCH.first
        )
    report = _report(store, people[1])
    assert report.threshold == 2
    assert _figure(report, "Warnings given") == "2"
    assert _figure(report, "Engagement sessions delivered") == "fewer than 2"
    assert 'shown as "fewer than 2"' in report.suppression_note
