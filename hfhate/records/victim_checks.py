"""The checks of pushed incidents, people, links, consents, referrals and feedback.

Each runs the victims service's own rule (``services.victims.rules``) on the record's column
values, with the reference lists in force where it runs; a change to an old record may keep
a ward or partner retired since.
"""

from __future__ import annotations

from hfhate.clock import london_date
from hfhate.records.checking import CheckedRecord
from hfhate.services.reference_lists import ReferenceLists, shipped_lists
from hfhate.services.victims import rules


def _lists(record: CheckedRecord) -> ReferenceLists:
    return record.lists or shipped_lists()


def check_incident_record(record: CheckedRecord) -> dict[str, str]:
    new = record.operation == "create"
    return rules.check_incident(record.values, _lists(record), record.now, new=new)


def check_person_record(record: CheckedRecord) -> dict[str, str]:
    return rules.check_person(record.values, london_date(record.now))


def check_link_record(record: CheckedRecord) -> dict[str, str]:
    return rules.check_link(record.values)


def check_consent_record(record: CheckedRecord) -> dict[str, str]:
    return rules.check_consent(record.values, _lists(record), record.now)


def check_referral_record(record: CheckedRecord) -> dict[str, str]:
    new = record.operation == "create"
    return rules.check_referral(record.values, _lists(record), record.now, new=new)


def check_feedback_record(record: CheckedRecord) -> dict[str, str]:
    return rules.check_feedback(record.values, london_date(record.now))
