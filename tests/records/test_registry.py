"""The registry covers every synced table, and each entry agrees with its model and the wire."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError
from sqlalchemy import MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from hfhate.models import Base, SyncedRecord
from hfhate.records.registry import BY_NAME, RECORD_TYPES, SYNCED_TABLES
from hfhate.sync.schemas import Change

SYNCED_COLUMNS = frozenset(
    {"id", "created_at", "updated_at", "version", "deleted_at", "created_by_id"}
    | {"created_on_device_id"}
)


def other_base() -> type[DeclarativeBase]:
    """Another store's tables, where a new type is tried out."""

    class Other(DeclarativeBase):
        metadata = MetaData()

    return Other


def unregistered(metadata: MetaData) -> list[str]:
    """Tables that have every synced-record column but no registry entry."""
    return sorted(
        table.name
        for table in metadata.tables.values()
        if SYNCED_COLUMNS <= {column.key for column in table.columns} and table.name not in BY_NAME
    )


def test_the_synced_columns_are_those_of_synced_record() -> None:
    class Probe(SyncedRecord, other_base()):  # type: ignore[misc]
        __tablename__ = "probe"

    assert {column.key for column in Probe.__table__.columns} == SYNCED_COLUMNS


def test_every_table_with_the_synced_record_columns_has_an_entry() -> None:
    assert unregistered(Base.metadata) == []
    synced_models = {mapper.class_ for mapper in Base.registry.mappers} & {
        kind.model for kind in RECORD_TYPES
    }
    assert {
        mapper.class_.__tablename__
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, SyncedRecord)
    } == set(SYNCED_TABLES)
    assert len(synced_models) == len(RECORD_TYPES)


def test_a_new_synced_table_without_an_entry_is_found() -> None:
    base = other_base()

    class Incident(SyncedRecord, base):  # type: ignore[misc, valid-type]
        __tablename__ = "sightings"

        summary: Mapped[str] = mapped_column(String(200))

    assert unregistered(base.metadata) == ["sightings"]


def test_each_entry_sends_its_columns_but_the_local_ones() -> None:
    for kind in RECORD_TYPES:
        columns = {column.key for column in kind.table.columns}
        assert kind.wire_fields == columns - set(kind.never_sent), kind.name
        assert set(kind.wire_schema.model_fields) == kind.wire_fields, kind.name
        assert set(kind.never_sent) <= columns


def test_a_change_may_not_carry_what_never_leaves_the_laptop() -> None:
    with pytest.raises(ValidationError, match="password_hash"):
        Change(
            change_id=uuid.uuid4(),
            record_type="users",
            record_id=uuid.uuid4(),
            operation="update",
            base_version=1,
            version=2,
            fields={"password_hash": "x"},
            made_at=datetime.now(UTC),
            made_by=uuid.uuid4(),
            device_id=uuid.uuid4(),
        )
