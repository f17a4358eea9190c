"""Issuing notices, recording warnings, referring refusals to police, and supervisor overrides.

Amounts and last dates come from the settings in force at issue; one transaction writes the
notice, its timeline entry, its audit event and its outbox entries, or nothing at all.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from hfhate.models import (
    AuditEvent,
    FixedPenaltyNotice,
    NoticeEvent,
    NoticeKind,
    NoticeStatus,
    OutboxEntry,
    Role,
)
from hfhate.models.store import Store
from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.device import this_device
from hfhate.services.errors import PermissionDenied, ValidationFailed
from hfhate.services.notices import issuing as notices
from hfhate.services.notices.rules import NoticeInput, Override
from hfhate.services.notices.settings import change_settings, current_settings
from tests.fixtures.notices import DETAILS_REFUSED

Entry = Callable[..., NoticeInput]
Issue = Callable[..., FixedPenaltyNotice]
Counts = Callable[..., dict[str, int]]


def _reload(store: Store, notice_id: object) -> FixedPenaltyNotice:
    with store.session_factory() as session:
        notice = session.get(FixedPenaltyNotice, notice_id)
        assert notice is not None
        return notice


@pytest.mark.parametrize(
    "roles", [(Role.ENGAGEMENT_OFFICER,), (Role.SUPERVISOR,), (Role.ADMINISTRATOR,)]
)
def test_only_authorised_officers_issue_or_warn(
    store: Store,
    make_actor: Callable[..., Actor],
    device_code: int,
    valid_entry: Entry,
    count_rows: Counts,
    roles: tuple[Role, ...],
) -> None:
    actor = make_actor(*roles)
    before = count_rows()
    with store.session_factory.begin() as session:
        with pytest.raises(PermissionDenied, match="authorised officer role can issue notices"):
            notices.issue_notice(session, actor, valid_entry())
        with pytest.raises(PermissionDenied, match="authorised officer role can record warn"):
            notices.record_warning(session, actor, valid_entry())
    assert count_rows() == before


def test_an_issued_notice_holds_the_entry_the_amounts_and_the_last_dates(
    store: Store, issue: Issue, officer: Actor, now: datetime
) -> None:
    notice = _reload(store, issue(postcode="w6 9ju", recipient_postcode="w12  8qq").id)
    assert (notice.kind, notice.status) == (NoticeKind.NOTICE, NoticeStatus.ISSUED)
    assert (notice.number, notice.device_code, notice.sequence) == ("HF-042-000001-8", 42, 1)
    assert notice.issued_at == now
    assert (notice.officer_id, notice.officer_name, notice.officer_authorisation_number) == (
        officer.user_id,
        "Officer1 Person",
        "LET-officer1",
    )
    assert (notice.postcode, notice.recipient_postcode) == ("W6 9JU", "W12 8QQ")
    assert (notice.amount_pence, notice.reduced_amount_pence) == (10000, 6000)
    assert notice.reduced_until == date(2025, 3, 22)
    assert notice.pay_by == notice.no_proceedings_until == date(2025, 3, 26)
    assert notice.hostilities == ["misogyny"]
    assert notice.people == [
        {
            "role": "victim",
            "name": "Jane Witness",
            "contact": "07700 900123",
            "consent_to_contact": True,
            "referral_offered": "stop_hate_uk",
            "referral_accepted": True,
        }
    ]
    assert notice.override_by_id is None and notice.paid_on is None


def test_last_dates_count_from_the_london_date_of_issue(issue: Issue) -> None:
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST): the notice is dated 1 July.
    late = datetime(2025, 6, 30, 23, 30, tzinfo=UTC)
    notice = issue(now=late, offence_at=late - timedelta(minutes=20))
    assert notice.reduced_until == date(2025, 7, 11)
    assert notice.pay_by == notice.no_proceedings_until == date(2025, 7, 15)


def test_changing_the_settings_never_changes_an_issued_notice(
    store: Store, issue: Issue, admin: Actor
) -> None:
    first = issue()
    with store.session_factory.begin() as session:
        new = dataclasses.replace(
            current_settings(session),
            amount_pence=15000,
            reduced_amount_pence=9000,
            reduced_period_days=7,
            no_proceedings_days=21,
        )
        change_settings(session, admin, new, in_force_from=date(2025, 3, 12))  # issue day
    again = _reload(store, first.id)
    assert (again.amount_pence, again.reduced_amount_pence) == (10000, 6000)
    assert (again.reduced_until, again.pay_by) == (date(2025, 3, 22), date(2025, 3, 26))
    second = issue()
    assert (second.amount_pence, second.reduced_amount_pence) == (15000, 9000)
    assert (second.reduced_until, second.pay_by, second.no_proceedings_until) == (
        date(2025, 3, 19),
        date(2025, 4, 2),
        date(2025, 4, 2),
    )


def test_one_transaction_writes_notice_event_audit_and_outbox(
    store: Store, issue: Issue, count_rows: Counts
) -> None:
    before = count_rows()
    notice = issue()
    # The notice, its timeline entry, and its victim's person, link and consent (issue 15).
    assert count_rows(since=before) == {"notices": 1, "events": 1, "audit": 1, "outbox": 5}
    with store.session_factory() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert event is not None
        assert (event.action, event.record_type, event.record_id, event.details) == (
            "notice_issued",
            "notices",
            notice.id,
            {"number": "HF-042-000001-8"},
        )
        outbox = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()[-5:]
        assert [(o.record_type, o.operation, o.version) for o in outbox] == [
            ("notices", "create", 1),
            ("notice_events", "create", 1),
            ("people", "create", 1),
            ("person_links", "create", 1),
            ("consents", "create", 1),
        ]
        assert outbox[0].fields["number"] == "HF-042-000001-8"
        timeline = session.scalars(select(NoticeEvent)).all()
        assert [(e.action, e.status_from, e.status_to) for e in timeline] == [
            ("notice_issued", None, NoticeStatus.ISSUED)
        ]


def test_a_refused_entry_writes_nothing_and_uses_no_number(
    store: Store, issue: Issue, count_rows: Counts
) -> None:
    before = count_rows()
    with pytest.raises(ValidationFailed) as refused:
        issue(ward="Chelsea", circumstances="Rude.")
    assert set(refused.value.field_errors) == {"ward", "circumstances"}
    assert count_rows() == before
    assert issue().sequence == 1


def test_a_failure_after_numbering_rolls_the_number_back(
    store: Store, issue: Issue, count_rows: Counts
) -> None:
    issue()
    with store.session_factory.begin() as session:  # as if restored from an old backup
        this_device(session).last_notice_sequence = 0
    before = count_rows()
    with pytest.raises(IntegrityError):
        issue()
    assert count_rows() == before
    with store.session_factory() as session:
        assert this_device(session).last_notice_sequence == 0


def test_a_warning_has_no_number_amounts_or_override(store: Store, issue: Issue) -> None:
    warning = issue(warning=True, recipient_date_of_birth=date(2009, 1, 1))
    assert (warning.kind, warning.status, warning.number, warning.amount_pence) == (
        NoticeKind.WARNING,
        NoticeStatus.WARNING_GIVEN,
        None,
        None,
    )
    assert warning.reduced_until is None and warning.pay_by is None
    with store.session_factory() as session:
        assert this_device(session).last_notice_sequence == 0
        actions = session.scalars(select(NoticeEvent.action)).all()
    assert actions == ["warning_recorded"]


def test_a_refusal_of_details_is_referred_to_police_not_issued(store: Store, issue: Issue) -> None:
    referral = issue(
        **DETAILS_REFUSED,
        recipient_description="Man about 25, green puffer jacket, walked off west",
    )
    assert (referral.kind, referral.status, referral.number) == (
        NoticeKind.NOTICE,
        NoticeStatus.REFERRED_TO_POLICE,
        None,
    )
    assert referral.recipient_name == "Details refused"
    assert referral.amount_pence is None
    with store.session_factory() as session:
        assert this_device(session).last_notice_sequence == 0
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert event is not None and event.action == "referred_to_police"


def test_earlier_warning_is_linked_only_to_a_warning(issue: Issue) -> None:
    warning = issue(warning=True)
    notice = issue(earlier_warning=True, earlier_warning_id=warning.id)
    assert (notice.earlier_warning, notice.earlier_warning_id) == (True, warning.id)
    with pytest.raises(ValidationFailed) as refused:
        issue(earlier_warning=True, earlier_warning_id=notice.id)
    assert refused.value.field_errors == {
        "earlier_warning": "The linked earlier warning does not exist."
    }


def test_a_supervisor_approves_an_under_18_with_their_password(
    store: Store,
    issue: Issue,
    supervisor: Actor,
    officer: Actor,
    admin_password: str,
    device_id: object,
) -> None:
    with store.session_factory.begin() as session:
        override = notices.authorise_override(
            session,
            officer.device_id,
            "super1",
            admin_password,
            "  Repeat behaviour, parent informed on scene  ",
        )
    assert override == Override(
        supervisor.user_id, "Super1 Person", "Repeat behaviour, parent informed on scene"
    )
    notice = issue(recipient_date_of_birth=date(2008, 6, 1), override=override)
    assert (notice.override_by_id, notice.override_reason) == (
        supervisor.user_id,
        "Repeat behaviour, parent informed on scene",
    )
    with store.session_factory() as session:
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)).all()
    assert actions[-3:] == ["sign_in", "override_approved", "notice_issued"]


def test_an_override_needs_a_real_supervisor_and_a_reason(
    store: Store, issue: Issue, supervisor: Actor, officer: Actor, admin_password: str
) -> None:
    reason = "Parent present and agreed"
    with store.session_factory.begin() as session:
        with pytest.raises(ValidationFailed) as wrong:
            notices.authorise_override(session, officer.device_id, "super1", "nope", reason)
        assert wrong.value.field_errors == {"override": accounts.SIGN_IN_FAILED}
        with pytest.raises(ValidationFailed) as not_supervisor:
            notices.authorise_override(
                session, officer.device_id, "officer1", admin_password, reason
            )
        assert not_supervisor.value.field_errors == {
            "override": "Only a supervisor can approve this notice."
        }
        with pytest.raises(ValidationFailed) as short:
            notices.authorise_override(session, officer.device_id, "super1", admin_password, "ok")
        assert short.value.field_errors == {
            "override": "Give the supervisor's reason in a sentence."
        }
    forged = Override(officer.user_id, "Officer1 Person", reason)
    with pytest.raises(ValidationFailed) as refused:
        issue(recipient_date_of_birth=date(2008, 6, 1), override=forged)
    assert refused.value.field_errors == {
        "override": "The approving supervisor is not an active supervisor."
    }


def test_a_refused_approval_is_audited_as_a_failed_sign_in(
    store: Store, supervisor: Actor, officer: Actor
) -> None:
    with store.session_factory.begin() as session:  # committed although it raises, as the
        with pytest.raises(ValidationFailed):  # approval dialog does
            notices.authorise_override(
                session, officer.device_id, "super1", "guess", "Parent present and agreed"
            )
    with store.session_factory() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert event is not None
    assert (event.action, event.username, event.user_id) == (
        "sign_in_failed",
        "super1",
        supervisor.user_id,
    )
