"""The incident screens read well to assistive technology: every control named (drop-downs
too), every field named as its visible label, no button narrower than its text."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox, QWidget

from hfhate.models import Role
from hfhate.services.victims.incidents import IncidentInput, record_incident
from hfhate.services.victims.people import PersonInput, record_person
from hfhate.ui.notices.form.sections import london_now
from hfhate.ui.victims.incident_form import IncidentForm
from hfhate.ui.victims.incident_view import IncidentView
from hfhate.ui.victims.incidents_page import IncidentsPage
from hfhate.ui.victims.person_picker import PersonPicker
from tests.fixtures.screens import CONTROLS, QT_PARTS_IN, own_controls, screen_problems


def check_screen(root: QWidget) -> None:
    kinds, qt_parts_in = (*CONTROLS, QComboBox), (*QT_PARTS_IN, QComboBox)
    assert own_controls(root, kinds, qt_parts_in), "nothing to check"
    assert screen_problems(root, kinds=kinds, qt_parts_in=qt_parts_in, label_buddies=False) == []


@pytest.fixture
def ctx(ctx_for: Any, make_actor: Any) -> Any:
    return ctx_for(make_actor(Role.AUTHORISED_OFFICER, username="olu"))


@pytest.mark.parametrize("screen", [IncidentForm, PersonPicker, IncidentsPage])
def test_the_incident_screens_are_named(qtbot: Any, ui: Any, ctx: Any, screen: type) -> None:
    widget = screen(ctx)
    qtbot.addWidget(widget)
    ui.show_active(widget)
    check_screen(widget)


def test_the_incident_window_is_named(qtbot: Any, ui: Any, ctx: Any, store: Any) -> None:
    with store.session_factory.begin() as session:
        person = record_person(session, ctx.actor, PersonInput(name="Sam Reid")).id
        incident = record_incident(
            session,
            ctx.actor,
            IncidentInput(
                kind="hate_incident",
                how_known="witnessed",
                occurred_at=london_now(),
                place="King Street",
                ward="Grove",
                hostilities=("homophobic",),
                account="Shouted abuse at two men holding hands outside the pub.",
            ),
            [(person, "victim")],
        ).id
    view = IncidentView(ctx, incident)
    qtbot.addWidget(view)
    ui.show_active(view)
    check_screen(view)
