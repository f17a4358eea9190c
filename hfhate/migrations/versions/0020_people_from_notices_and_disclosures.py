"""Every notice's victims and witnesses, and whoever made each session disclosure, as person
records: people, person_links and consents rows derived from notices.people and the
disclosures among session_follow_ups (``hfhate/services/victims/derive.py``)

The ids are derived from the source, so every laptop and the server (migration s0013) make the
same records; a record already here is left as it is. A source whose create (or a change of
its people) still waits in the outbox gets outbox entries for its derived records, sent as
by the same user; for a source already sent the server derives its own. The notices' own
``people`` column is left as recorded. The derivation is imported, not repeated: its ids and
shapes must never change (a later change would be a migration of its own).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 17:00:00.000000
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from hfhate.services.victims import derive

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _synced() -> tuple[sa.ColumnClause[Any], ...]:
    return (
        sa.column("id", sa.Uuid()),
        sa.column("created_at", sa.DateTime()),
        sa.column("deleted_at", sa.DateTime()),
        sa.column("created_by_id", sa.Uuid()),
        sa.column("created_on_device_id", sa.Uuid()),
    )


_NOTICES = sa.table(
    "notices",
    *_synced(),
    sa.column("officer_id", sa.Uuid()),
    sa.column("officer_name", sa.String()),
    sa.column("people", sa.JSON()),
    sa.column("issued_at", sa.DateTime()),
    sa.column("erased_at", sa.DateTime()),
)
_FOLLOW_UPS = sa.table(
    "session_follow_ups",
    *_synced(),
    sa.column("session_id", sa.Uuid()),
    sa.column("kind", sa.String()),
    sa.column("erased_at", sa.DateTime()),
)
_SESSIONS = sa.table(
    "engagement_sessions",
    sa.column("id", sa.Uuid()),
    sa.column("title", sa.String()),
    sa.column("session_date", sa.Date()),
)
_OUTBOX = sa.table(
    "sync_outbox",
    sa.column("seq", sa.Integer()),
    sa.column("change_id", sa.Uuid()),
    sa.column("record_type", sa.String()),
    sa.column("record_id", sa.Uuid()),
    sa.column("operation", sa.String()),
    sa.column("base_version", sa.Integer()),
    sa.column("version", sa.Integer()),
    sa.column("fields", sa.JSON()),
    sa.column("created_at", sa.DateTime()),
    sa.column("status", sa.String()),
    sa.column("made_by_id", sa.Uuid()),
)
# The outbox states of a change not yet taken by the server.
_WAITING = ("pending", "needs_attention")


def _target(name: str, columns: Sequence[str]) -> sa.TableClause:
    """A derived record's table, its columns typed for what the derivation gives."""
    types: dict[str, Any] = {}
    for column in columns:
        if column in ("id", "person_id", "record_id", "created_by_id", "created_on_device_id"):
            types[column] = sa.Uuid()
        elif column.endswith("_at"):
            types[column] = sa.DateTime()
        elif column == "date_of_birth":
            types[column] = sa.Date()
        else:
            types[column] = None
    return sa.table(
        name, *(sa.column(c, t) if t is not None else sa.column(c) for c, t in types.items())
    )


def _stored(value: Any) -> Any:
    """A derived value as the store keeps it (naive UTC timestamps)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def _aware(row: Any) -> dict[str, Any]:
    values = dict(row._mapping)
    for key, value in values.items():
        if isinstance(value, datetime) and value.tzinfo is None:
            values[key] = value.replace(tzinfo=UTC)
    return values


def _waiting_made_by(bind: sa.Connection, record_type: str) -> dict[uuid.UUID, uuid.UUID | None]:
    """Sources of ``record_type`` whose create, or a change of their people, waits to be
    sent: by whom it was made (the latest such entry's)."""
    rows = bind.execute(
        sa.select(_OUTBOX.c.record_id, _OUTBOX.c.operation, _OUTBOX.c.fields, _OUTBOX.c.made_by_id)
        .where(_OUTBOX.c.record_type == record_type, _OUTBOX.c.status.in_(_WAITING))
        .order_by(_OUTBOX.c.seq)
    ).all()
    waiting: dict[uuid.UUID, uuid.UUID | None] = {}
    for record_id, operation, fields, made_by in rows:
        if operation == "create" or (operation == "update" and "people" in (fields or {})):
            waiting[record_id] = made_by
    return waiting


def _write(
    bind: sa.Connection,
    records: list[derive.Derived],
    made_by: uuid.UUID | None,
    queue: bool,
) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    for record in records:
        table = _target(record.record_type, list(record.values))
        held = bind.execute(sa.select(table.c.id).where(table.c.id == record.id)).first()
        if held is not None:
            continue  # derived before (or pulled from the server): left as it is
        bind.execute(table.insert().values({k: _stored(v) for k, v in record.values.items()}))
        if queue:
            bind.execute(
                _OUTBOX.insert().values(
                    change_id=uuid.uuid4(),
                    record_type=record.record_type,
                    record_id=record.id,
                    operation="create",
                    base_version=None,
                    version=1,
                    fields=derive.wire(record.values),
                    created_at=now,
                    status="pending",
                    made_by_id=made_by,
                )
            )


def upgrade() -> None:
    bind = op.get_bind()
    waiting = _waiting_made_by(bind, derive.NOTICES)
    for row in bind.execute(sa.select(_NOTICES).order_by(_NOTICES.c.created_at)).all():
        notice = _aware(row)
        if not notice.get("people"):
            continue
        notice_id = notice["id"]
        _write(
            bind,
            derive.from_notice(notice),
            waiting.get(notice_id),
            notice_id in waiting,
        )
    sessions: dict[uuid.UUID, tuple[str, date]] = {
        row.id: (row.title, row.session_date) for row in bind.execute(sa.select(_SESSIONS)).all()
    }
    waiting = _waiting_made_by(bind, derive.FOLLOW_UPS)
    query = (
        sa.select(_FOLLOW_UPS)
        .where(_FOLLOW_UPS.c.kind == "disclosure")
        .order_by(_FOLLOW_UPS.c.created_at)
    )
    for row in bind.execute(query).all():
        follow_up = _aware(row)
        title, on = sessions.get(follow_up["session_id"], (None, None))
        _write(
            bind,
            derive.from_disclosure(follow_up, title, on),
            waiting.get(follow_up["id"]),
            follow_up["id"] in waiting,
        )


def downgrade() -> None:
    """The person records stay: an older release leaves tables it does not read alone."""
