"""As a supervisor on the Audit trail: filtering by user, record number, kind of processing
and dates, with a problem said beside its field; and as an administrator, the line saying
the server refused this laptop's trail, and the setting that asks for a reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt

from hfhate.models import utc_now
from hfhate.services.device import put_setting
from hfhate.services.justification import justification_required
from hfhate.services.notices.queries import read_notice
from hfhate.sync.audit_push import REFUSAL_KEY
from hfhate.ui.audit_page import AuditPage


def _said(page: AuditPage) -> list[tuple[str, str]]:
    return [(line.event.username or "", line.said) for line in page.model.rows]


def _choose(combo: Any, text: str) -> None:
    combo.setCurrentIndex(combo.findText(text))


def test_a_supervisor_filters_the_trail(
    desk: Any, open_window: Callable[..., Any], area: Any, ui: Any, qtbot: Any
) -> None:
    first, second = desk.issue(), desk.issue()
    with desk.store.session_factory.begin() as session:
        read_notice(session, desk.supervisor, first.id, audited=True)
    with desk.store.session_factory.begin() as session:
        read_notice(session, desk.supervisor, second.id, audited=True)
    page = area(open_window(desk.supervisor), "Audit trail")
    assert isinstance(page, AuditPage)
    everything = page.model.total
    filters = page.filters

    _choose(filters.user, "Sue Person (sue)")
    assert {who for who, _ in _said(page)} == {"sue"}
    _choose(filters.operation, "Consultation (looked at)")
    said = [s for _, s in _said(page)]
    assert f"Opened notice {first.number}" in said and f"Opened notice {second.number}" in said
    assert all(line.event.operation == "consultation" for line in page.model.rows)

    ui.type_into(filters.record, str(first.number))
    qtbot.keyClick(filters.record, "\r")
    assert [s for _, s in _said(page)] == [f"Opened notice {first.number}"]
    assert "1 entry shown" in page.shown.text()

    ui.type_into(filters.record, "HF-042-000001-0")  # a wrong check digit
    qtbot.keyClick(filters.record, "\r")
    assert "check" in ui.shown_error(page, "record").lower()
    assert [s for _, s in _said(page)] == [f"Opened notice {first.number}"]  # kept as it was

    filters.record.clear()
    qtbot.keyClick(filters.record, "\r")
    assert ui.shown_error(page, "record") == ""
    today = utc_now().date()
    filters.use_from.setChecked(True)
    filters.date_from.setDate(QDate(today.year, today.month, today.day).addDays(1))
    filters.use_to.setChecked(True)
    yesterday = today - timedelta(days=1)
    filters.date_to.setDate(QDate(yesterday.year, yesterday.month, yesterday.day))
    assert "before the first" in ui.shown_error(page, "dates")
    filters.date_to.setDate(QDate(today.year, today.month, today.day).addDays(1))
    assert page.model.total == 0  # nothing tomorrow
    ui.click(filters.clear_button)
    assert page.model.total >= everything
    _choose(filters.operation, "Collection (recorded)")
    said = [s for _, s in _said(page)]
    assert f"Issued notice {first.number}" in said
    _choose(filters.operation, "Any kind")
    ui.type_into(filters.record, str(first.number))
    qtbot.keyClick(filters.record, "\r")
    assert [s for _, s in _said(page)] == [
        f"Opened notice {first.number}",
        f"Issued notice {first.number}",
    ]
    page.window().resize(1280, 720)
    ui.shot(page.window(), "audit-filters")


def test_an_administrator_sees_a_refusal_and_sets_the_reason(
    desk: Any, admin: Any, open_window: Callable[..., Any], area: Any, qtbot: Any
) -> None:
    with desk.store.session_factory.begin() as session:
        put_setting(
            session,
            REFUSAL_KEY,
            {"seq": 7, "problem": "edited", "message": "The server refused this laptop's "
             "audit trail from row 7 of 2026-12-03 10:00 UTC: it was edited after it was written."},
        )  # fmt: skip
    page = area(open_window(admin), "Audit trail")
    assert page.refusal.isVisibleTo(page) and "row 7" in page.refusal.text()
    assert page.justification.isVisibleTo(page) and not page.justification.isChecked()
    page.justification.setFocus()
    qtbot.keyClick(page.justification, Qt.Key.Key_Space)
    assert page.justification.isChecked()
    with desk.store.session_factory() as session:
        assert justification_required(session)
    supervisors = area(open_window(desk.supervisor), "Audit trail")
    assert not supervisors.refusal.isVisibleTo(supervisors)
    assert not supervisors.justification.isVisibleTo(supervisors)
