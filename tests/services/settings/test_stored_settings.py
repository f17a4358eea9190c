"""The laptop's settings: what a store kept before settings had dates counts as in force from
the start (nothing a council set is lost); dated changes made here sit on top; a change made
stand-alone stays on the laptop (no outbox entry) and is audited; only an administrator
makes one."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from hfhate.models import AuditEvent, OutboxEntry, Role
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.device import put_setting
from hfhate.services.errors import PermissionDenied, ValidationFailed
from hfhate.services.notices.settings import StoredSettings
from hfhate.services.notices.wording import current_wording
from hfhate.services.settings.stored import change_setting, settings_on

TODAY = date(2027, 1, 1)


def test_what_a_store_kept_before_dates_holds_from_the_start(store: Store, admin: Actor) -> None:
    with store.session_factory.begin() as session:
        put_setting(session, "notice_settings", {"amount_pence": 15000, "minimum_age": 12})
        put_setting(session, "laptop_settings", {"idle_lock_minutes": 3})
        put_setting(session, "retention_settings", {"notice_years": 4, "photo_years": 4})
        put_setting(
            session,
            "print_wording",
            {"settings": {"phone": "020 7000 0000"}, "letters": {"reminder_1": {"days_to_pay": 9}}},
        )
    with store.session_factory.begin() as session:
        early = settings_on(session, date(2000, 1, 1))
        assert (early.notices.amount_pence, early.notices.minimum_age) == (15000, 12)
        assert early.notices.reduced_amount_pence == 6000
        assert early.laptop.idle_lock_minutes == 3
        assert (early.retention.notice_years, early.retention.photo_years) == (4, 4)
        assert early.council["phone"] == "020 7000 0000"
        assert current_wording(session).letter(1)["days_to_pay"] == 9
        change_setting(session, admin, "notices.amount_pence", 50000, TODAY, today=TODAY)
        source = StoredSettings(session)
        assert source.notice_settings(datetime(2026, 12, 31, 12, tzinfo=UTC)).amount_pence == 15000
        assert source.notice_settings(datetime(2027, 1, 1, 12, tzinfo=UTC)).amount_pence == 50000


def test_a_change_here_is_audited_kept_here_and_checked(
    store: Store, admin: Actor, make_actor
) -> None:  # type: ignore[no-untyped-def]
    with store.session_factory.begin() as session:
        outbox_before = session.scalar(select(func.count()).select_from(OutboxEntry))
        change_setting(
            session, admin, "council.phone", "020 7111 2222", TODAY, "New switchboard", today=TODAY
        )
    with store.session_factory.begin() as session:
        assert session.scalar(select(func.count()).select_from(OutboxEntry)) == outbox_before
        audited = session.scalar(select(AuditEvent).where(AuditEvent.action == "setting_changed"))
        assert audited is not None and audited.details["name"] == "council.phone"
        assert current_wording(session, TODAY).settings["phone"] == "020 7111 2222"
        with pytest.raises(ValidationFailed) as refused:
            change_setting(session, admin, "council.phone", "{phone}", TODAY, today=TODAY)
        assert refused.value.field_errors == {"value": "Braces { } cannot be used here."}
        with pytest.raises(ValidationFailed) as refused:
            change_setting(session, admin, "notices.amount_pence", 1, date(2026, 1, 1), today=TODAY)
        assert "in_force_from" in refused.value.field_errors
    officer = make_actor(Role.SUPERVISOR, username="sue")
    with store.session_factory.begin() as session, pytest.raises(PermissionDenied):
        change_setting(session, officer, "notices.amount_pence", 50000, TODAY, today=TODAY)
