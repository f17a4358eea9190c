"""The growing list of organisations (schools with phase and year groups), and drafts of the
session form kept on this laptop for their officer only."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from hfhate.models import AuditEvent, Organisation, OutboxEntry, SessionDraft
from hfhate.services.engagement.drafts import (
    discard_session_draft,
    list_session_drafts,
    load_session_draft,
    save_session_draft,
)
from hfhate.services.engagement.organisations import (
    OrganisationInput,
    add_organisation,
    list_organisations,
)
from hfhate.services.errors import NotFound, PermissionDenied, ValidationFailed


def _add(store, actor, **values):  # type: ignore[no-untyped-def]
    with store.session_factory.begin() as session:
        return add_organisation(session, actor, OrganisationInput(**values))


def test_a_school_keeps_its_phase_and_year_groups_in_order(store, officer):
    added = _add(
        store,
        officer,
        name="  Fulham   Cross Academy ",
        kind="school",
        school_phase="secondary",
        year_groups=("Year 9", "Year 7", "Year 8"),
        ward="Munster",
    )
    with store.session_factory.begin() as session:
        row = session.get(Organisation, added.id)
        assert (row.name, row.name_key, row.school_phase, row.year_groups, row.ward) == (
            "Fulham Cross Academy",
            "fulham cross academy",
            "secondary",
            ["Year 7", "Year 8", "Year 9"],
            "Munster",
        )
        assert (
            session.scalar(select(AuditEvent.action).where(AuditEvent.record_id == added.id))
            == "organisation_added"
        )
        assert (
            session.scalar(
                select(func.count())
                .select_from(OutboxEntry)
                .where(OutboxEntry.record_id == added.id)
            )
            == 1
        )


def test_the_list_grows_without_repeats(store, officer, supervisor, school, partner):
    with pytest.raises(ValidationFailed) as failure:
        _add(
            store,
            officer,
            name="lillie road  PRIMARY school",
            kind="school",
            school_phase="primary",
            year_groups=("Year 1",),
        )
    assert failure.value.field_errors == {
        "name": "Lillie Road Primary School is already in the list: choose it from there."
    }
    with store.session_factory.begin() as session:
        assert [o.name for o in list_organisations(session, supervisor)] == [
            "Lillie Road Primary School",
            "Metropolitan Police, H&F",
        ]
        assert [o.name for o in list_organisations(session, officer, kind="school")] == [
            "Lillie Road Primary School"
        ]


@pytest.mark.parametrize(
    ("values", "errors"),
    [
        ({"name": "", "kind": "police"}, {"name": "Enter the organisation's name."}),
        ({"name": "Club", "kind": ""}, {"kind": "Choose what kind of organisation it is."}),
        (
            {"name": "New School", "kind": "school"},
            {
                "school_phase": "Choose the school's phase, for example primary.",
                "year_groups": "Tick the year groups the school teaches.",
            },
        ),
        (
            {
                "name": "New School",
                "kind": "school",
                "school_phase": "primary",
                "year_groups": ("Year 15",),
            },
            {"year_groups": "Choose year groups from the list."},
        ),
        (
            {"name": "Club", "kind": "voluntary", "ward": "Kensington"},
            {"ward": "Choose a ward from the list, or leave it empty."},
        ),
    ],
)
def test_organisation_rules(store, officer, values, errors):
    with pytest.raises(ValidationFailed) as failure:
        _add(store, officer, **values)
    assert failure.value.field_errors == errors


def test_only_engagement_officers_add_and_administrators_cannot_read(
    store, supervisor, admin, enforcer
):
    for actor in (supervisor, admin, enforcer):
        with pytest.raises(PermissionDenied):
            _add(store, actor, name="Club", kind="voluntary")
    with store.session_factory.begin() as session, pytest.raises(PermissionDenied):
        list_organisations(session, admin)


def test_drafts_are_saved_listed_loaded_and_finished(store, officer):
    with store.session_factory.begin() as session:
        draft_id = save_session_draft(session, officer, None, {"venue": "Hall"}, "School hall")
    with store.session_factory.begin() as session:
        assert (
            save_session_draft(session, officer, draft_id, {"venue": "Library"}, "Library")
            == draft_id
        )
    with store.session_factory.begin() as session:
        drafts = list_session_drafts(session, officer)
        assert [(d.form, d.summary) for d in drafts] == [({"venue": "Library"}, "Library")]
        assert load_session_draft(session, officer, draft_id).form == {"venue": "Library"}
        discard_session_draft(session, officer, draft_id, finished=True)
    with store.session_factory.begin() as session:
        assert session.scalar(select(func.count()).select_from(SessionDraft)) == 0
        actions = session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.record_id == draft_id)
            .order_by(AuditEvent.seq)
        ).all()
        assert actions == ["session_draft_started", "session_draft_finished"]
        # Drafts never leave the laptop.
        assert (
            session.scalar(
                select(func.count())
                .select_from(OutboxEntry)
                .where(OutboxEntry.record_type == "session_drafts")
            )
            == 0
        )


def test_a_draft_is_its_officers_own(store, officer, colleague, supervisor):
    with store.session_factory.begin() as session:
        draft_id = save_session_draft(session, officer, None, {}, "")
    with store.session_factory.begin() as session:
        assert list_session_drafts(session, colleague) == []
        with pytest.raises(NotFound):
            load_session_draft(session, colleague, draft_id)
        with pytest.raises(NotFound):
            discard_session_draft(session, colleague, draft_id, finished=False)
        with pytest.raises(NotFound):
            load_session_draft(session, officer, uuid.uuid4())
        with pytest.raises(PermissionDenied):
            save_session_draft(session, supervisor, None, {}, "")
