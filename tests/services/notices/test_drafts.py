"""Drafts of warnings and notices: saved as the officer types, private to them, audited.

Saving is not audited (it happens every few seconds); starting, discarding and finishing are.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import select

from hfhate.models import AuditEvent, NoticeDraft, NoticeKind, Role
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.errors import NotFound, PermissionDenied
from hfhate.services.notices import drafts

FORM = {
    "place": "Shepherd's Bush Green",
    "ward": "Shepherd's Bush Green",
    "hostilities": ["race"],
    "circumstances": "Shouted at a man waiting for the bus",
}


def _audit_actions(store: Store) -> list[tuple[str, str | None, uuid.UUID | None]]:
    with store.session_factory() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action.like("draft_%")).order_by(AuditEvent.seq)
        ).all()
    return [(e.action, e.record_type, e.record_id) for e in events]


def test_save_update_list_and_load(store: Store, officer: Actor) -> None:
    with store.session_factory.begin() as session:
        draft_id = drafts.save_draft(
            session, officer, None, NoticeKind.NOTICE, FORM, "Shepherd's Bush Green, race"
        )
    changed = FORM | {"recipient_name": "Lee Sample"}
    with store.session_factory.begin() as session:
        again = drafts.save_draft(
            session, officer, draft_id, NoticeKind.WARNING, changed, "x" * 250
        )
    assert again == draft_id
    with store.session_factory() as session:
        listed = drafts.list_drafts(session, officer)
        loaded = drafts.load_draft(session, officer, draft_id)
    assert [d.id for d in listed] == [draft_id]
    assert (loaded.kind, loaded.form, loaded.summary) == (NoticeKind.WARNING, changed, "x" * 200)
    assert loaded.updated_at >= loaded.created_at
    assert _audit_actions(store) == [("draft_started", "notice_drafts", draft_id)]


def test_a_draft_keeps_the_id_the_form_gave_it(store: Store, officer: Actor) -> None:
    chosen = uuid.uuid4()
    with store.session_factory.begin() as session:
        assert drafts.save_draft(session, officer, chosen, NoticeKind.NOTICE, FORM, "s") == chosen
        assert drafts.load_draft(session, officer, chosen).form == FORM


def test_drafts_are_listed_newest_first(store: Store, officer: Actor) -> None:
    ids = []
    for summary in ("first", "second", "third"):
        with store.session_factory.begin() as session:
            ids.append(drafts.save_draft(session, officer, None, NoticeKind.NOTICE, FORM, summary))
    with store.session_factory.begin() as session:
        drafts.save_draft(session, officer, ids[0], NoticeKind.NOTICE, FORM, "first, edited")
    with store.session_factory() as session:
        assert [d.summary for d in drafts.list_drafts(session, officer)] == [
            "first, edited",
            "third",
            "second",
        ]


def test_discard_and_finish_remove_the_draft_and_are_audited(store: Store, officer: Actor) -> None:
    with store.session_factory.begin() as session:
        thrown = drafts.save_draft(session, officer, None, NoticeKind.NOTICE, FORM, "a")
        kept = drafts.save_draft(session, officer, None, NoticeKind.NOTICE, FORM, "b")
    with store.session_factory.begin() as session:
        drafts.discard_draft(session, officer, thrown, finished=False)
        drafts.discard_draft(session, officer, kept, finished=True)
        drafts.discard_draft(session, officer, kept, finished=True)  # already gone: no-op
    with store.session_factory() as session:
        assert drafts.list_drafts(session, officer) == []
        assert session.scalars(select(NoticeDraft)).all() == []
        with pytest.raises(NotFound, match="That draft no longer exists."):
            drafts.load_draft(session, officer, thrown)
    assert _audit_actions(store) == [
        ("draft_started", "notice_drafts", thrown),
        ("draft_started", "notice_drafts", kept),
        ("draft_discarded", "notice_drafts", thrown),
        ("draft_finished", "notice_drafts", kept),
    ]


def test_another_officers_draft_is_not_theirs(
    store: Store, officer: Actor, other_officer: Actor
) -> None:
    with store.session_factory.begin() as session:
        draft_id = drafts.save_draft(session, officer, None, NoticeKind.NOTICE, FORM, "mine")
    with store.session_factory.begin() as session:
        assert drafts.list_drafts(session, other_officer) == []
        for attempt in (
            lambda: drafts.load_draft(session, other_officer, draft_id),
            lambda: drafts.save_draft(
                session,
                other_officer,
                draft_id,
                NoticeKind.NOTICE,
                {"place": "overwritten"},
                "theirs",
            ),
            lambda: drafts.discard_draft(session, other_officer, draft_id, finished=False),
        ):
            with pytest.raises(NotFound, match="That draft belongs to another officer."):
                attempt()
    with store.session_factory() as session:
        assert drafts.load_draft(session, officer, draft_id).form == FORM


def test_only_authorised_officers_keep_drafts(
    store: Store, make_actor: Callable[..., Actor]
) -> None:
    engagement = make_actor(Role.ENGAGEMENT_OFFICER)
    with store.session_factory.begin() as session, pytest.raises(PermissionDenied):
        drafts.save_draft(session, engagement, None, NoticeKind.NOTICE, FORM, "x")
    with store.session_factory() as session:
        assert session.scalars(select(NoticeDraft)).all() == []
