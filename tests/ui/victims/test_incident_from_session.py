"""An incident recorded from a session's window says what it arose from and keeps the link."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import QLabel

from hfhate.services.engagement import sessions as engagement
from hfhate.services.engagement.rules import london_today
from hfhate.services.victims.incidents import incident_view, incidents_list
from hfhate.ui.engagement.session_view import SessionView
from hfhate.ui.victims.incident_form import IncidentForm
from tests.fixtures.engagement import assembly, lillie_road, priya  # noqa: F401


def test_an_incident_recorded_from_a_session_arose_from_it(
    qtbot: Any, ui: Any, ctx_for: Any, store: Any, officer: Any, school: Any
) -> None:
    with store.session_factory.begin() as session:
        held = engagement.record_session(
            session,
            officer,
            assembly(school, officer, session_date=london_today() - timedelta(days=1)),
        ).id
    view = SessionView(ctx_for(officer), held)
    qtbot.addWidget(view)
    ui.show_active(view)
    said: list[str] = []

    def record(form: IncidentForm) -> None:
        said.append(form.findChild(QLabel, "arose_from").text())
        ui.click(form.kind["hate_incident"])
        ui.click(form.how_known["disclosed"])
        ui.type_into(form.place, "Lillie Road Primary School playground")
        form.ward.setFocus()
        qtbot.keyClicks(form.ward, "Lillie")
        form.hostilities["religion"].click()
        ui.type_into(form.account, "A pupil said older pupils call her names for wearing a hijab.")
        ui.click(form.save_button)

    ui.click_and_drive(view.incident_button, IncidentForm, record)
    assert said and said[0].startswith("The session Year 6 hate crime awareness")
    with store.session_factory.begin() as session:
        [row] = incidents_list(session, officer)
        assert incident_view(session, officer, row.id).incident.session_id == held
