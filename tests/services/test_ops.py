"""What one operation changed: every write notes its record type, including the rows that are not
synced records (drafts, this laptop's settings, the audit trail)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from hfhate.models import NoticeKind, Role
from hfhate.models.store import Store
from hfhate.services import audit as audit_trail
from hfhate.services.actor import Actor
from hfhate.services.device import enrolled_server, put_setting, set_device_code
from hfhate.services.engagement import drafts as session_drafts
from hfhate.services.notices import drafts as notice_drafts
from hfhate.services.ops import OpChanges, collected, note_change


def test_op_changes_say_which_record_types_and_ids_were_touched() -> None:
    first, second = uuid.uuid4(), uuid.uuid4()
    changes = OpChanges({"notices": frozenset({first, second}), "audit_events": frozenset()})
    assert changes.touches("users", "notices")
    assert not changes.touches("users", "notice_drafts")
    assert changes.record_types == {"notices", "audit_events"}
    assert OpChanges.of("users", first) == OpChanges({"users": frozenset({first})})
    assert changes and not OpChanges()


def test_notes_are_collected_once_per_session(store: Store) -> None:
    one, two = uuid.uuid4(), uuid.uuid4()
    with store.session_factory() as session:
        note_change(session, "notices", (one,))
        note_change(session, "notices", (two,))
        note_change(session, "store_settings")
        assert collected(session) == OpChanges(
            {"notices": frozenset({one, two}), "store_settings": frozenset()}
        )
        assert collected(session) == OpChanges()


def test_a_draft_kept_and_thrown_away_is_noted(
    store: Store, make_actor: Callable[..., Actor]
) -> None:
    officer = make_actor(Role.AUTHORISED_OFFICER)
    with store.session_factory.begin() as session:
        draft_id = notice_drafts.save_draft(session, officer, None, NoticeKind.NOTICE, {}, "")
        started = collected(session)
    assert started.records["notice_drafts"] == {draft_id}
    assert started.touches("audit_events")  # starting a draft is audited
    with store.session_factory.begin() as session:
        notice_drafts.save_draft(session, officer, draft_id, NoticeKind.NOTICE, {"a": 1}, "")
        assert collected(session) == OpChanges.of("notice_drafts", draft_id)  # not audited
    with store.session_factory.begin() as session:
        assert notice_drafts.draft_kept(session, draft_id)
        notice_drafts.discard_draft(session, officer, draft_id, finished=False)
        assert collected(session).records["notice_drafts"] == {draft_id}
    with store.session_factory.begin() as session:
        assert not notice_drafts.draft_kept(session, draft_id)


def test_a_session_draft_is_noted(store: Store, make_actor: Callable[..., Actor]) -> None:
    officer = make_actor(Role.ENGAGEMENT_OFFICER)
    with store.session_factory.begin() as session:
        draft_id = session_drafts.save_session_draft(session, officer, None, {}, "")
        assert collected(session).records["session_drafts"] == {draft_id}
    with store.session_factory.begin() as session:
        session_drafts.discard_session_draft(session, officer, draft_id, finished=True)
        assert collected(session).records["session_drafts"] == {draft_id}


def test_this_laptops_settings_and_code_are_noted(store: Store, admin: Actor) -> None:
    with store.session_factory.begin() as session:
        put_setting(session, "training_period_months", 12)
        assert collected(session) == OpChanges.of("store_settings")
    with store.session_factory.begin() as session:
        device = set_device_code(session, admin, 42)
        changes = collected(session)
    assert changes.records["device"] == {device.id}
    assert changes.touches("audit_events")
    with store.session_factory.begin() as session:
        set_device_code(session, admin, 42)  # the same code: nothing changed
        assert collected(session) == OpChanges()


def test_checking_the_audit_trail_is_itself_audited(store: Store, admin: Actor) -> None:
    with store.session_factory.begin() as session:
        before = audit_trail.verify_chain(session).events
        check = audit_trail.check_chain(session, admin)
        assert collected(session).touches("audit_events")
    assert check.intact and check.events == before
    with store.session_factory.begin() as session:
        assert audit_trail.verify_chain(session).events == before + 1


def test_a_laptop_not_enrolled_has_no_server(store: Store) -> None:
    with store.session_factory.begin() as session:
        assert enrolled_server(session) is None
