"""The Incidents area: an officer's own incidents newest first, a new one recorded from it, and
one opened with its people; a supervisor reads every officer's but records none."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from hfhate.clock import LONDON
from hfhate.models import Role
from hfhate.services.actor import Actor
from hfhate.services.victims.incidents import IncidentInput, record_incident
from hfhate.services.victims.people import PersonInput, record_person
from hfhate.ui.victims.incident_form import IncidentForm
from hfhate.ui.victims.incident_view import IncidentView
from hfhate.ui.victims.incidents_page import IncidentsPage


@pytest.fixture
def officer(make_actor: Any) -> Actor:
    return make_actor(Role.AUTHORISED_OFFICER, username="olu")


def incident(place: str, days_ago: int) -> IncidentInput:
    return IncidentInput(
        kind="hate_incident",
        how_known="witnessed",
        occurred_at=datetime.now(LONDON) - timedelta(days=days_ago),
        place=place,
        ward="Grove",
        hostilities=("homophobic",),
        account="Shouted homophobic abuse at two men holding hands outside the pub.",
    )


@pytest.fixture
def recorded(store: Any, officer: Actor) -> Any:
    with store.session_factory.begin() as session:
        person = record_person(session, officer, PersonInput(name="Sam Reid")).id
        record_incident(session, officer, incident("King Street", 9), [(person, "victim")])
        return record_incident(session, officer, incident("Shepherd's Bush Green", 2)).id


def page_for(qtbot: Any, ui: Any, ctx: Any) -> IncidentsPage:
    page = IncidentsPage(ctx)
    qtbot.addWidget(page)
    ui.show_active(page)
    return page


def test_an_officer_sees_their_incidents_newest_first_and_opens_one(
    qtbot, ui, ctx_for, officer, recorded
):
    page = page_for(qtbot, ui, ctx_for(officer))
    assert page.count_label.text() == "2 incidents you recorded"
    assert [page.model.text(r, 2) for r in page.model.rows] == [
        "Shepherd's Bush Green",
        "King Street",
    ]
    assert page.model.text(page.model.rows[1], 5) == "1"
    assert page.model.text(page.model.rows[1], 4) == "Homophobic"
    assert page.new_button.isVisible()
    page.table.selectRow(1)
    seen: list[list[str]] = []

    def look(view: IncidentView) -> None:
        seen.append([view.people_list.item(i).text() for i in range(view.people_list.count())])
        ui.click(view.close_button)

    ui.click_and_drive(page.open_button, IncidentView, look)
    assert seen == [["Sam Reid, victim"]]


def test_a_new_incident_recorded_from_the_area_is_listed_and_chosen(
    qtbot, ui, ctx_for, officer, recorded
):
    page = page_for(qtbot, ui, ctx_for(officer))

    def record(form: IncidentForm) -> None:
        ui.click(form.kind["hate_crime"])
        ui.click(form.how_known["witnessed"])
        ui.type_into(form.place, "Lyric Square")
        form.ward.setFocus()
        qtbot.keyClicks(form.ward, "Hammersmith Broadway")
        form.hostilities["disability"].click()
        ui.type_into(form.account, "A man mocked and pushed a wheelchair user off the pavement.")
        ui.click(form.save_button)

    run = ui.click_and_drive(page.new_button, IncidentForm, record)
    assert not run.left_open
    assert page.count_label.text() == "3 incidents you recorded"
    chosen = page.table.selectionModel().selectedRows()
    assert [page.model.text(page.model.row_at(i.row()), 2) for i in chosen] == ["Lyric Square"]


def test_a_supervisor_reads_every_officers_incidents_and_records_none(
    qtbot, ui, ctx_for, make_actor, recorded
):
    supervisor = make_actor(Role.SUPERVISOR, username="sue")
    page = page_for(qtbot, ui, ctx_for(supervisor))
    assert page.count_label.text() == "2 incidents"
    assert not page.new_button.isVisible()
    assert page.model.text(page.model.rows[0], 7) == "Olu Person"
    assert page.table.model().data(page.model.index(0, 6), Qt.ItemDataRole.DisplayRole) == ""
