"""Child process for the numbering tests: issue notices on a store file with its own engine.

Run as ``python issue_worker.py '<json>'`` with the store path, the officer and device ids and
how many notices to issue. It prints ``ready``, waits for a line on stdin (so every child
starts issuing at the same moment), issues each notice in its own transaction, and prints the
numbers it got as one JSON line.
"""

from __future__ import annotations

import json
import sys
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hfhate.models import Role
from hfhate.models.db import make_engine, make_session_factory
from hfhate.services.actor import Actor
from hfhate.services.notices.issuing import issue_notice
from hfhate.services.notices.rules import NoticeInput

NOW = datetime(2025, 3, 12, 14, 30, tzinfo=UTC)


def main() -> None:
    job = json.loads(sys.argv[1])
    engine = make_engine(Path(job["store"]))
    factory = make_session_factory(engine)
    actor = Actor(
        uuid.UUID(job["user_id"]),
        job["username"],
        "Worker Officer",
        frozenset({Role.AUTHORISED_OFFICER}),
        uuid.UUID(job["device_id"]),
    )
    entry = NoticeInput(
        offence_at=NOW - timedelta(minutes=10),
        place="Fulham Broadway",
        postcode="SW6 1BW",
        ward="Walham Green",
        prohibition="whistling_catcalling",
        hostilities=("misogyny",),
        circumstances="I saw and heard the recipient whistle and shout at two women passing the "
        "station entrance; they told him to stop and he carried on.",
        recipient_name=f"Worker Recipient {job['username']}",
        recipient_date_of_birth=date(1985, 1, 2),
        recipient_address="1 Example Lane",
        recipient_postcode="SW6 1AA",
        identity_method="police_check",
    )
    print("ready", flush=True)
    sys.stdin.readline()
    numbers = []
    for _ in range(job["count"]):
        with factory.begin() as session:
            numbers.append(issue_notice(session, actor, entry, now=NOW).number)
    engine.dispose()
    print(json.dumps(numbers), flush=True)


if __name__ == "__main__":
    main()
