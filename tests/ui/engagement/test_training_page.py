"""The staff-training finder: who was trained when, who is due training after N months, and
supervisors keeping N as the council's setting."""

from __future__ import annotations

from sqlalchemy import select

from hfhate.models import AuditEvent
from hfhate.services.engagement.queries import training_period_months
from hfhate.services.engagement.rules import RegisterPerson
from hfhate.ui.engagement.training_page import StaffTrainingPage

TRAINING = {
    "session_type": "staff_training",
    "organisation_id": None,
    "year_groups": (),
    "audience": "staff",
}


def _show(qtbot, ui, widget):  # type: ignore[no-untyped-def]
    qtbot.addWidget(widget)
    ui.show_active(widget)
    return widget


def _names(page: StaffTrainingPage) -> list[str]:
    return [page.model.index(r, 0).data() for r in range(page.model.rowCount())]


def test_who_is_due_training(qtbot, ui, driver, officer_ctx, record, days_ago):
    record(
        session_date=days_ago(500),
        attendees=2,
        register=(
            RegisterPerson("Ann Lee", "Housing officer", "H&F Council"),
            RegisterPerson("Bo Chan", "Caretaker", "H&F Council"),
        ),
        **TRAINING,
    )
    record(
        session_date=days_ago(100),
        attendees=1,
        register=(RegisterPerson("Ann Lee", "Housing officer", "H&F Council"),),
        **TRAINING,
    )
    record(
        session_date=days_ago(20),
        attendees=1,
        register=(RegisterPerson("Cy Dee", "Warden", "Parks Police"),),
        **TRAINING,
    )
    page = _show(qtbot, ui, StaffTrainingPage(officer_ctx))
    assert page.months.value() == 12
    assert _names(page) == ["Bo Chan"]
    assert page.result.text().startswith("1 of 3 people not trained since ")
    assert not page.save_setting.isVisible()

    page.months.setFocus()
    page.months.selectAll()
    qtbot.keyClicks(page.months, "3")
    assert _names(page) == ["Ann Lee", "Bo Chan"]
    driver.click_box(page.due_only)
    assert _names(page) == ["Ann Lee", "Bo Chan", "Cy Dee"]
    assert page.model.index(0, 5).data() == "2"
    assert page.model.index(2, 4).data() == "Staff or frontline-professional training"
    driver.choose(page.organisation, "Parks Police")
    assert _names(page) == ["Cy Dee"]
    driver.choose(page.organisation, "All organisations")
    ui.type_into(page.search, "caretaker")
    qtbot.waitUntil(lambda: _names(page) == ["Bo Chan"], timeout=2000)


def test_supervisors_keep_the_period_as_the_councils_setting(qtbot, ui, store, ctx_for, supervisor):
    page = _show(qtbot, ui, StaffTrainingPage(ctx_for(supervisor)))
    assert page.save_setting.isVisible() and not page.save_setting.isEnabled()
    page.months.setValue(18)
    assert page.save_setting.isEnabled()
    ui.click(page.save_setting)
    assert page.result.text() == "From now on, staff are due training after 18 months."
    with store.session_factory() as session:
        assert training_period_months(session) == 18
        assert session.scalar(
            select(AuditEvent.details).where(AuditEvent.action == "training_period_changed")
        ) == {"from": 12, "to": 18}
    again = StaffTrainingPage(ctx_for(supervisor))
    qtbot.addWidget(again)
    assert again.months.value() == 18
