"""CSV files of the notices, warnings and sessions lists, and of the table behind a chart.

A list's export holds the rows the list shows under the same filters (it reads through the
list's own query, ``services.notices.queries`` and ``services.engagement.queries``), in the
council's words. The notices and warnings lists name the people they were given to, so their
export is personal data: it is refused unless the person confirmed, having read
``PERSONAL_DATA_WARNING``, and each is audited as a disclosure to a CSV file, with its row
count, the filter (never the search text, which may be a name) and the records it holds. The
sessions list holds no member of the public's personal data (no registers, notes or
disclosures), so its export needs no confirmation; it is audited all the same.
``export_breakdown`` writes the table behind a chart: aggregates only, not audited.

Rows are read in pages (``yield_per``) of plain columns, so a list of 100,000 notices is
exported without loading 100,000 records. Files are written atomically, owner-only (0600),
into a folder that must already exist: a wrong path leaves nothing behind.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from hfhate.clock import LONDON
from hfhate.models import FixedPenaltyNotice, NoticeKind, NoticeStatus
from hfhate.security.private_files import write_private
from hfhate.services.actor import Actor
from hfhate.services.audit import audit
from hfhate.services.engagement import queries as session_queries
from hfhate.services.engagement.queries import SessionFilter
from hfhate.services.engagement.rules import engagement_reference
from hfhate.services.errors import ServiceError
from hfhate.services.notices import queries as notice_queries
from hfhate.services.notices.queries import NoticeFilter
from hfhate.services.reference_lists import lists_for

if TYPE_CHECKING:
    from hfhate.services.reports.figures import Breakdown

PERSONAL_DATA_WARNING = (
    "This file will hold the names of the people given these notices or warnings: personal "
    "data under the Data Protection Act 2018. Keep it on council systems, share it only with "
    "those who need it, and delete it when you are done. The export is recorded in the audit "
    "trail."
)
PAGE = 1000  # rows read from the store at a time
NOTICE_HEADINGS = (
    "Number",
    "Issued on",
    "Offence date and time",
    "Status",
    "Recipient",
    "Place",
    "Postcode",
    "Ward",
    "Prohibition",
    "Hostility",
    "Officer",
    "Amount (£)",
    "Reduced amount (£)",
    "Paid (£)",
    "Paid on",
)
WARNING_HEADINGS = (
    "Date given",
    "Offence date and time",
    "Recipient",
    "Place",
    "Postcode",
    "Ward",
    "Prohibition",
    "Hostility",
    "Officer",
)
SESSION_HEADINGS = (
    "Date",
    "Start",
    "End",
    "Session type",
    "Title",
    "Specialised topic",
    "Organisation",
    "Venue",
    "Ward",
    "Audience",
    "Attendees",
)
N = FixedPenaltyNotice
_NOTICE_COLUMNS = (
    N.id,
    N.number,
    N.issued_at,
    N.offence_at,
    N.status,
    N.recipient_name,
    N.place,
    N.postcode,
    N.ward,
    N.prohibition,
    N.hostilities,
    N.officer_name,
    N.amount_pence,
    N.reduced_amount_pence,
    N.paid_amount_pence,
    N.paid_on,
)
# A spreadsheet runs a cell that starts with one of these as a formula: such text is quoted.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportRefused(ServiceError):
    """An export that cannot be written: not confirmed, or a wrong place to write it."""


def export_notices(
    session: Session, actor: Actor, flt: NoticeFilter, out: Path, *, confirmed: bool
) -> int:
    """Write the notices (or warnings, by ``flt.kind``) the list shows under ``flt`` to
    ``out``; returns the number of rows. Refused unless ``confirmed`` (personal data)."""
    what = "warnings" if flt.kind is NoticeKind.WARNING else "notices"
    if not confirmed:
        raise ExportRefused(
            f"The {what} export names the people they were given to (personal data): "
            "it needs your confirmation."
        )
    _check_folder(out)
    query = (
        notice_queries._query(actor, flt)
        .with_only_columns(*_NOTICE_COLUMNS)
        .order_by(N.offence_at.desc(), N.id.desc())
        .execution_options(yield_per=PAGE)
    )
    lists = lists_for(session)
    hostilities = {e.code: e.label for e in lists.entries("hostilities")}
    prohibitions = {e.code: e.label for e in lists.entries("prohibitions")}
    warnings = flt.kind is NoticeKind.WARNING
    ids: list[uuid.UUID] = []

    def rows() -> Iterator[list[str]]:
        for row in session.execute(query):
            ids.append(row.id)
            hostility = "; ".join(hostilities.get(code, code) for code in row.hostilities or ())
            prohibition = prohibitions.get(row.prohibition, row.prohibition)
            place = (row.place, row.postcode, row.ward, prohibition, hostility, row.officer_name)
            if warnings:
                yield [_day(row.issued_at), _moment(row.offence_at), row.recipient_name, *place]
                continue
            yield [
                row.number or "No number (referred to police)",
                _day(row.issued_at),
                _moment(row.offence_at),
                NoticeStatus(row.status).label,
                row.recipient_name,
                *place,
                _pounds(row.amount_pence),
                _pounds(row.reduced_amount_pence),
                _pounds(row.paid_amount_pence),
                row.paid_on.isoformat() if row.paid_on else "",
            ]

    _write_csv(out, WARNING_HEADINGS if warnings else NOTICE_HEADINGS, rows())
    audit(
        session,
        actor,
        "notices_exported",
        details={"what": what, "rows": len(ids), "filter": describe_notice_filter(flt)},
        recipients=["CSV file"],
        record_ids=ids,
    )
    return len(ids)


def export_sessions(
    session: Session, actor: Actor, flt: SessionFilter, out: Path, *, confirmed: bool = False
) -> int:
    """Write the sessions the list shows under ``flt`` to ``out``; returns the number of rows.

    The sessions list names no member of the public, so ``confirmed`` is not needed; the
    export is audited like the others."""
    del confirmed  # no personal data of the public: nothing to confirm
    _check_folder(out)
    query = (
        session_queries._query(actor, flt)
        .order_by(
            session_queries.S.session_date.desc(),
            session_queries.S.start_time.desc(),
            session_queries.S.id.desc(),
        )
        .execution_options(yield_per=PAGE)
    )
    reference = engagement_reference()
    counted = 0

    def rows() -> Iterator[list[str]]:
        nonlocal counted
        for found in session.execute(query):
            counted += 1
            yield [
                found.session_date.isoformat(),
                f"{found.start_time:%H:%M}",
                f"{found.end_time:%H:%M}",
                reference.session_types.get(found.session_type, found.session_type),
                found.title,
                reference.topics.get(found.specialised_topic, found.specialised_topic),
                found.name or "",
                found.venue,
                found.ward,
                reference.audiences.get(found.audience, found.audience),
                str(found.attendees),
            ]

    _write_csv(out, SESSION_HEADINGS, rows())
    audit(
        session,
        actor,
        "sessions_exported",
        details={"rows": counted, "filter": describe_session_filter(flt)},
        recipients=["CSV file"],
    )
    return counted


def export_breakdown(rows: Sequence[Breakdown], heading: Sequence[str], out: Path) -> int:
    """Write the table behind a chart: ``heading`` names its columns (``("Ward", "Notices and
    warnings")``, or three names for a table with a second figure: ``("Month", "Notices",
    "Warnings")``); a breakdown with a second figure and only two names gets "Attendees".
    Aggregates only: no confirmation, no audit row. Returns the number of rows."""
    _check_folder(out)
    second = len(heading) > 2 or any(row.second for row in rows)
    headings = (*heading[:3], *(("Attendees",) if second and len(heading) < 3 else ()))
    table = [
        [row.label or "Not recorded", str(row.count), *([str(row.second)] if second else [])]
        for row in rows
    ]
    _write_csv(out, tuple(headings), table)
    return len(table)


def describe_notice_filter(flt: NoticeFilter) -> str:
    """The filter in words for the audit trail: never the search text (it may be a name)."""
    parts = [f"status {s.value}" for s in sorted(flt.statuses)]
    parts += [f"{label} {value}" for label, value in _common(flt)]
    if flt.prohibition:
        parts.append(f"prohibition {flt.prohibition}")
    if flt.officer_id:
        parts.append("one officer's")
    if flt.text.strip():
        parts.append("a search")
    return ", ".join(parts) or "none"


def describe_session_filter(flt: SessionFilter) -> str:
    parts = [f"{label} {value}" for label, value in _common(flt)]
    if flt.session_type:
        parts.append(f"type {flt.session_type}")
    if flt.topic:
        parts.append(f"topic {flt.topic}")
    if flt.organisation_id:
        parts.append("one organisation's")
    if flt.facilitator_id:
        parts.append("one facilitator's")
    if flt.text.strip():
        parts.append("a search")
    return ", ".join(parts) or "none"


def _common(flt: NoticeFilter | SessionFilter) -> list[tuple[str, str]]:
    found = [("ward", flt.ward)] if flt.ward else []
    if flt.date_from:
        found.append(("from", flt.date_from.isoformat()))
    if flt.date_to:
        found.append(("to", flt.date_to.isoformat()))
    if isinstance(flt, NoticeFilter) and flt.hostility:
        found.append(("hostility", flt.hostility))
    return found


def _check_folder(out: Path) -> None:
    folder = out.parent
    if out.is_dir():
        raise ExportRefused(f"{out} is a folder: give the name of the file to write.")
    if not folder.is_dir():
        raise ExportRefused(
            f"The folder {folder} does not exist: choose a folder that does. Nothing was written."
        )


def _write_csv(out: Path, headings: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """The CSV with a byte-order mark, so a spreadsheet reads "£" and accents as typed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headings)
    for row in rows:  # written as read: the rows are never all held at once
        writer.writerow([_cell(value) for value in row])
    try:
        write_private(out, buffer.getvalue().encode("utf-8-sig"))
    except OSError as error:
        raise ExportRefused(
            f"Could not write {out}: {error.strerror or error}. Nothing was written."
        ) from error


def _cell(value: Any) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _pounds(pence: int | None) -> str:
    return "" if pence is None else f"{pence / 100:.2f}"


def _day(at: datetime) -> str:
    return _local(at).date().isoformat()


def _moment(at: datetime) -> str:
    return f"{_local(at):%Y-%m-%d %H:%M}"


def _local(at: datetime) -> datetime:
    """Times are kept in UTC (naive in SQLite): shown in London time."""
    aware = at if at.tzinfo else at.replace(tzinfo=UTC)
    return aware.astimezone(LONDON)
