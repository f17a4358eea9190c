"""The referral pack holds the referred person's particulars and nobody else's (not a notice's
recipient, not another victim or witness), and is audited as a disclosure to the partner; the
feedback summary counts without names or free text."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from hfhate.models import AuditEvent
from hfhate.services.errors import PermissionDenied, ValidationFailed
from hfhate.services.notices.issuing import record_warning
from hfhate.services.notices.rules import PersonInput as NoticePerson
from hfhate.services.victims.feedback import FeedbackInput, feedback_summary, record_feedback
from hfhate.services.victims.people import PersonInput, link_person
from hfhate.services.victims.referrals import ReferralInput, draft_referral, referral_pack
from tests.fixtures.notices import notice_entry

from .conftest import ZOE

NOW = datetime(2025, 3, 12, 14, 30, tzinfo=UTC)
OMAR = PersonInput(name="Omar Haddad", phone="020 7946 0999")


def _texts(pack) -> str:  # type: ignore[no-untyped-def]
    return repr(dataclasses.asdict(pack))


def test_the_pack_of_a_referral_from_a_notice_names_only_the_person(  # type: ignore[no-untyped-def]
    store, officer, add_person, consent
):
    zoe, omar = add_person(), add_person(OMAR)
    entry = notice_entry(
        NOW,
        recipient_name="Kevin Example",
        circumstances=(
            "At 14:00 I saw Kevin Example follow Zoë Okonkwo along King Street shouting racist "
            "abuse at her; Omar Haddad, waiting at the bus stop, saw it and told Kevin to stop."
        ),
        people=(
            NoticePerson(role="victim", name="Zoë Okonkwo"),
            NoticePerson(role="witness", name="Omar Haddad"),
        ),
    )
    with store.session_factory.begin() as session:
        notice = record_warning(session, officer, entry, now=NOW)
        link_person(session, officer, zoe.id, "victim", "notices", notice.id)
        link_person(session, officer, omar.id, "witness", "notices", notice.id)
    consent(zoe, "referral", "stop_hate_uk")
    consent(zoe, "contact")
    with store.session_factory.begin() as session:
        referral = draft_referral(
            session,
            officer,
            zoe.id,
            "notices",
            notice.id,
            ReferralInput("stop_hate_uk", "She would like support after the abuse."),
        )
        pack = referral_pack(session, officer, referral.id)
    said = _texts(pack)
    assert (pack.person_name, pack.phone, pack.postcode, pack.role) == (
        "Zoë Okonkwo",
        "07700 900123",
        "SW6 1AB",
        "Victim",
    )
    assert pack.date_of_birth == ZOE.date_of_birth and pack.partner == "Stop Hate UK"
    assert pack.contact_preference == "Phone" and pack.contact_notes == ZOE.contact_notes
    assert "Zoë Okonkwo along King Street" in pack.account
    for other in ("Kevin", "Example", "Omar", "Haddad", "020 7946 0999", "12 Sample Road"):
        assert other not in said, other
    assert pack.source.startswith("Warning of")
    assert [(c.purpose, c.given) for c in pack.consents] == [
        ("Contact by the council", True),
        ("Referral to Stop Hate UK", True),
    ]
    assert pack.reference.startswith("RF-") and pack.risk is None
    with store.session_factory.begin() as session:
        event = session.scalar(
            select(AuditEvent).where(AuditEvent.action == "referral_pack_printed")
        )
        assert event.operation == "disclosure" and event.recipients == ["Stop Hate UK"]


def test_the_pack_of_an_incident_leaves_out_the_other_victim(  # type: ignore[no-untyped-def]
    store, officer, add_person, add_incident, consent
):
    zoe, omar = add_person(), add_person(OMAR)
    incident = add_incident(
        ((zoe.id, "victim"), (omar.id, "victim")),
        account="Zoë Okonkwo and Omar Haddad were both spat at on the platform.",
    )
    consent(zoe, "referral", "cmarac")
    with store.session_factory.begin() as session:
        referral = draft_referral(
            session,
            officer,
            zoe.id,
            "incidents",
            incident.id,
            ReferralInput("cmarac", "Repeated targeting at home.", ("repeat", "home_targeted")),
        )
        pack = referral_pack(session, officer, referral.id)
    said = _texts(pack)
    assert "Omar" not in said and "Haddad" not in said
    assert pack.account.startswith("Zoë Okonkwo and [name withheld] were both spat at")
    assert pack.hostilities == ("Race",)
    assert pack.risk is not None and pack.risk.score == 2 and not pack.risk.high
    assert sum(yes for _q, yes in pack.risk.answers) == 2


def test_a_pack_is_refused_to_another_officer(  # type: ignore[no-untyped-def]
    store, officer, other_officer, add_person, add_incident, consent
):
    zoe = add_person()
    incident = add_incident(((zoe.id, "victim"),))
    consent(zoe, "referral", "victim_support")
    with store.session_factory.begin() as session:
        referral = draft_referral(
            session,
            officer,
            zoe.id,
            "incidents",
            incident.id,
            ReferralInput("victim_support", "x y"),
        )
    with store.session_factory.begin() as session, pytest.raises(PermissionDenied):
        referral_pack(session, other_officer, referral.id)


def test_the_feedback_summary_counts_without_names_or_free_text(  # type: ignore[no-untyped-def]
    store, officer, supervisor, add_person
):
    zoe = add_person()
    for day, satisfied, listened in ((3, 5, "yes"), (4, 4, "yes"), (5, 2, "partly"), (20, 1, "no")):
        with store.session_factory.begin() as session:
            record_feedback(
                session,
                officer,
                FeedbackInput(
                    received_on=date(2026, 3, day),
                    satisfaction=satisfied,
                    felt_listened_to=listened,
                    comments="Zoë said the caseworker was kind.",
                    person_id=zoe.id,
                ),
            )
    with store.session_factory.begin() as session:
        summary = feedback_summary(session, supervisor, date(2026, 3, 1), date(2026, 3, 10))
        with pytest.raises(PermissionDenied):
            feedback_summary(session, officer, date(2026, 3, 1), date(2026, 3, 10))
        with pytest.raises(ValidationFailed) as refused:
            record_feedback(session, officer, FeedbackInput(received_on=date(2026, 3, 1)))
    assert set(refused.value.field_errors) == {"satisfaction", "felt_listened_to"}
    assert summary.count == 3 and summary.average_satisfaction == pytest.approx(11 / 3, 0.01)
    assert summary.by_satisfaction == {1: 0, 2: 1, 3: 0, 4: 1, 5: 1}
    assert summary.listened == {"yes": 2, "partly": 1, "no": 0}
    said = repr(dataclasses.asdict(summary))
    assert "Zo" not in said and "caseworker" not in said
