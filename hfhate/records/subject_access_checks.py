"""The check of a pushed subject access request: the laptop's own rules (``check_request``),
with the deadline the request must carry (one calendar month after it was received)."""

from __future__ import annotations

from datetime import date, timedelta

from hfhate.clock import london_date
from hfhate.records.checking import CheckedRecord
from hfhate.services.subject_access.rules import RequestInput, check_request, one_month_after

STATUSES = ("open", "answered")


def check_subject_access_record(record: CheckedRecord) -> dict[str, str]:
    values = record.values
    received = values.get("received_on")
    born = values.get("requester_date_of_birth")
    entry = RequestInput(
        requester_name=str(values.get("requester_name") or ""),
        requester_date_of_birth=born if isinstance(born, date) else None,
        requester_address=str(values.get("requester_address") or ""),
        requester_postcode=str(values.get("requester_postcode") or ""),
        received_on=received if isinstance(received, date) else None,
        identified_by=str(values.get("identified_by") or ""),
    )
    # A day's grace: a laptop whose clock is a little ahead is not refused a request of today.
    problems = check_request(entry, london_date(record.now) + timedelta(days=1))
    if isinstance(received, date) and values.get("due_on") != one_month_after(received):
        problems["due_on"] = "The deadline must be one calendar month after the request came."
    status = values.get("status")
    if status not in STATUSES:
        problems["status"] = "A request is open or answered."
    elif status == "answered" and not isinstance(values.get("answered_on"), date):
        problems["answered_on"] = "An answered request needs the date it was answered."
    return problems
