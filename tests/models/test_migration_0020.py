"""Migration 0020: a demo store as the previous release left it (no person records) becomes
one where every victim, witness and disclosure is a person record linked to its record, with
every value carried over, nothing else changed, the same ids on any laptop, and outbox
entries only for what the server has not had.

The store is filled as ``hfhate --demo`` fills it, with the services' own derivation switched
off (as the previous release issued notices), and marked at revision 0019: 0020 changes no
table, so that is the store a laptop of the previous release holds.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.config import Paths
from hfhate.models import (
    Consent,
    FixedPenaltyNotice,
    FollowUp,
    OutboxEntry,
    OutboxStatus,
    Person,
    PersonLink,
)
from hfhate.models.store import Store, open_store, read_revision
from hfhate.records.codec import columns_of, snapshot
from hfhate.security.cipher_store import make_cipher_engine
from hfhate.services import derived_people
from hfhate.services.victims import derive
from tests.fixtures.keys import raw_connect

MODELS: dict[str, Any] = {"people": Person, "person_links": PersonLink, "consents": Consent}


@dataclass
class Before:
    """The store at 0019 and what it held: notices' people, follow-ups, which were sent."""

    paths: Paths
    key: bytes
    notices: dict[uuid.UUID, dict[str, Any]]
    follow_ups: dict[uuid.UUID, dict[str, Any]]
    sent: set[uuid.UUID]  # sources whose create the server has taken
    made_by: dict[uuid.UUID, uuid.UUID | None]  # the others: who made their create
    outbox: int  # entries before


def _at_0019(folder: Path) -> tuple[Paths, bytes]:
    from hfhate.services.demo import fill as demo_fill
    from hfhate.startup import prepare_store

    paths = Paths(folder)
    with pytest.MonkeyPatch.context() as patch:  # as the previous release issued them
        patch.setattr(derived_people, "people_of_notice", lambda *args, **kw: None)
        patch.setattr(derived_people, "person_of_disclosure", lambda *args, **kw: None)
        # Nor did its demo have incidents and people of their own.
        patch.setattr(demo_fill, "fill_victims_demo", lambda *args, **kw: 0)
        ready = prepare_store(paths, demo=True)
    key = ready.store.key
    ready.store.close()
    connection = raw_connect(paths.store, key)
    try:
        connection.execute("UPDATE alembic_version SET version_num = '0019'")
        connection.commit()
    finally:
        connection.close()
    return paths, key


@pytest.fixture(scope="module")
def before(tmp_path_factory: pytest.TempPathFactory) -> Before:
    paths, key = _at_0019(tmp_path_factory.mktemp("at0019"))
    engine = make_cipher_engine(paths.store, key)
    try:
        with Session(engine) as session, session.begin():
            assert not session.scalars(select(PersonLink)).first()
            notices = {n.id: columns_of(n) for n in session.scalars(select(FixedPenaltyNotice))}
            follow_ups = {f.id: columns_of(f) for f in session.scalars(select(FollowUp))}
            creates = {
                e.record_id: e
                for e in session.scalars(
                    select(OutboxEntry).where(OutboxEntry.operation == "create")
                )
            }
            # Every other source with people has been sent already: the server derives those.
            sources = [i for i, n in notices.items() if n["people"]]
            sources += [i for i, f in follow_ups.items() if f["kind"] == "disclosure"]
            sent = set(sources[::2])
            for source in sent:
                creates[source].status = OutboxStatus.SENT
            made_by = {i: creates[i].made_by_id for i in sources if i not in sent}
            outbox = len(session.scalars(select(OutboxEntry.seq)).all())
    finally:
        engine.dispose()
    return Before(paths, key, notices, follow_ups, sent, made_by, outbox)


def _copy(before: Before, folder: Path) -> Paths:
    paths = Paths(folder)
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy2(before.paths.store, paths.store)
    return paths


@pytest.fixture(scope="module")
def migrated(before: Before, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    paths = _copy(before, tmp_path_factory.mktemp("migrated"))
    assert read_revision(paths.store, before.key) == "0019"
    store = open_store(paths, before.key)
    yield store
    store.close()


def _rows(store: Store, model: Any) -> dict[uuid.UUID, dict[str, Any]]:
    with store.session_factory() as session:
        return {row.id: columns_of(row) for row in session.scalars(select(model))}


def test_the_store_is_at_0020(migrated: Store, before: Before) -> None:
    assert read_revision(migrated.paths.store, before.key) == "0020"


def test_every_victim_and_witness_is_a_person_linked_to_their_notice(
    migrated: Store, before: Before
) -> None:
    people, links, consents = (_rows(migrated, m) for m in (Person, PersonLink, Consent))
    counted = 0
    for notice_id, notice in before.notices.items():
        live = not notice["deleted_at"] and not notice["erased_at"]
        for index, entry in enumerate(notice["people"]):
            person_id = derive.derived_id("notices", notice_id, index, "person")
            link_id = derive.derived_id("notices", notice_id, index, "link")
            consent_id = derive.derived_id("notices", notice_id, index, "consent")
            if not live:
                assert person_id not in people
                continue
            counted += 1
            person, link, consent = people[person_id], links[link_id], consents[consent_id]
            assert person["name"] == entry["name"]
            held = [v for v in (person["phone"], person["email"], person["contact_notes"]) if v]
            assert held == ([entry["contact"]] if entry["contact"] else [])
            assert link["person_id"] == consent["person_id"] == person_id
            assert link["role"] == entry["role"]
            assert (link["record_type"], link["record_id"]) == ("notices", notice_id)
            assert link["position"] == index
            assert link["referral_offered"] == entry["referral_offered"]
            assert link["referral_accepted"] is entry["referral_accepted"]
            assert consent["given"] is entry["consent_to_contact"]
            assert (consent["purpose"], consent["method"]) == ("contact", "in_person")
            assert consent["recorded_at"] == notice["issued_at"]
            assert consent["recorded_by_name"] == notice["officer_name"]
            for values in (person, link, consent):
                assert values["created_at"] == values["updated_at"] == notice["created_at"]
                assert values["version"] == 1
                assert values["created_by_id"] == notice["officer_id"]
                assert values["created_on_device_id"] == notice["created_on_device_id"]
    assert counted > 100  # the demo has hundreds of victims and witnesses
    derived = [link for link in links.values() if link["record_type"] == "notices"]
    assert len(derived) == counted  # nothing twice
    assert len({(link["record_id"], link["position"]) for link in derived}) == counted


def test_every_disclosure_is_a_person_linked_to_it_and_the_follow_ups_are_untouched(
    migrated: Store, before: Before
) -> None:
    people, links = _rows(migrated, Person), _rows(migrated, PersonLink)
    disclosures = [i for i, f in before.follow_ups.items() if f["kind"] == "disclosure"]
    assert disclosures
    for follow_up_id in disclosures:
        person = people[derive.derived_id("session_follow_ups", follow_up_id, 0, "person")]
        link = links[derive.derived_id("session_follow_ups", follow_up_id, 0, "link")]
        assert person["name"] == "" and person["known_as"].startswith(
            "Person who made a disclosure at "
        )
        assert (link["role"], link["record_id"]) == ("discloser", follow_up_id)
        assert link["person_id"] == person["id"]
        assert person["created_by_id"] == before.follow_ups[follow_up_id]["created_by_id"]
    assert _rows(migrated, FollowUp) == before.follow_ups
    assert _rows(migrated, FixedPenaltyNotice) == before.notices  # people column as recorded
    assert len([x for x in links.values() if x["role"] == "discloser"]) == len(disclosures)


def test_only_what_the_server_has_not_had_is_queued(migrated: Store, before: Before) -> None:
    with migrated.session_factory() as session:
        entries = list(session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)))
        queued = {(e.record_type, e.record_id): e for e in entries[before.outbox :]}
        assert len(queued) == len(entries) - before.outbox  # one entry each
        links = list(session.scalars(select(PersonLink)))
        expected = 0
        for link in links:
            source = link.record_id
            person = session.get(Person, link.person_id)
            parts: list[Any] = [person, link]
            if link.record_type == "notices":
                consent_id = derive.derived_id("notices", source, link.position, "consent")
                parts.append(session.get(Consent, consent_id))
            for part in parts:
                kind = type(part).__tablename__
                entry = queued.get((kind, part.id))
                if source in before.sent:
                    assert entry is None
                    continue
                expected += 1
                assert entry is not None, (kind, source)
                assert entry.operation == "create" and entry.version == 1
                assert entry.status is OutboxStatus.PENDING
                assert entry.made_by_id == before.made_by[source]
                assert entry.fields == snapshot(part)
        assert expected == len(queued) > 0


def test_two_laptops_with_the_same_records_derive_the_same(
    migrated: Store, before: Before, tmp_path: Path
) -> None:
    other = open_store(_copy(before, tmp_path / "other"), before.key)
    try:
        for model in MODELS.values():
            assert _rows(other, model) == _rows(migrated, model)
    finally:
        other.close()


def test_the_derived_records_are_what_derive_gives(migrated: Store, before: Before) -> None:
    wanted: dict[uuid.UUID, dict[str, Any]] = {}
    for notice in before.notices.values():
        wanted |= {r.id: r.values for r in derive.from_notice(notice)}
    rows = {**_rows(migrated, Person), **_rows(migrated, PersonLink), **_rows(migrated, Consent)}
    for record_id, values in wanted.items():
        assert rows[record_id] == values
