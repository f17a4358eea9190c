"""The wording in force: the administrator's replacement kept in the store, audited, and
refused whole when it would print a notice without what the law needs."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest
from sqlalchemy import select

from hfhate.models import AuditEvent, Role
from hfhate.models.store import Store
from hfhate.printing.template import shipped_document
from hfhate.services.actor import Actor
from hfhate.services.errors import PermissionDenied
from hfhate.services.notices import wording


def audited(store: Store, action: str) -> list[AuditEvent]:
    with store.session_factory() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_an_administrator_changes_and_restores_the_wording(store: Store, admin: Actor) -> None:
    with store.session_factory.begin() as session:
        document = wording.export_wording(session, admin)
    document["settings"]["phone"] = "020 7946 0999"
    document["notice"]["title"] = "Penalty Notice"
    with store.session_factory.begin() as session:
        changed = wording.change_wording(session, admin, document)
    assert changed == ["notice.title", "settings.phone"]
    with store.session_factory() as session:
        now_in_force = wording.current_wording(session)
    assert now_in_force.settings["phone"] == "020 7946 0999"
    assert now_in_force.notice("title") == "Penalty Notice"
    [event] = audited(store, "print_wording_changed")
    assert (event.username, event.details) == ("ada", {"texts": changed})
    assert len(audited(store, "print_wording_exported")) == 1

    with store.session_factory.begin() as session:
        wording.reset_wording(session, admin)
    with store.session_factory() as session:
        assert wording.current_document(session) == shipped_document()
    assert len(audited(store, "print_wording_reset")) == 1


def test_a_wrong_wording_changes_nothing(store: Store, admin: Actor) -> None:
    document = copy.deepcopy(shipped_document())
    document["notice"]["amount_reduced"] = "Pay less if you are quick."
    with store.session_factory.begin() as session, pytest.raises(wording.WordingRefused) as no:
        wording.change_wording(session, admin, document)
    assert no.value.problems == [
        "notice > amount_reduced: must keep {reduced_amount}, {reduced_until}"
    ]
    with store.session_factory() as session:
        assert wording.current_document(session) == shipped_document()
    assert audited(store, "print_wording_changed") == []


def test_only_administrators_change_the_wording(
    store: Store,
    make_actor: Callable[..., Actor],
) -> None:
    supervisor = make_actor(Role.SUPERVISOR)
    with store.session_factory.begin() as session, pytest.raises(PermissionDenied):
        wording.change_wording(session, supervisor, shipped_document())
