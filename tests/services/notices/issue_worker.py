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
from datetime import UTC, datetime
from pathlib import Path

from hfhate.models import Role
from hfhate.models.db import make_session_factory
from hfhate.security.cipher_store import make_cipher_engine
from hfhate.services.actor import Actor
from hfhate.services.notices.issuing import issue_notice

# The checkout, for tests.fixtures; appended, so that hfhate is still the installed package.
sys.path.append(str(Path(__file__).resolve().parents[3]))
from tests.fixtures.notices import notice_entry, numbered_name  # noqa: E402

NOW = datetime(2025, 3, 12, 14, 30, tzinfo=UTC)


def main() -> None:
    job = json.loads(sys.argv[1])
    engine = make_cipher_engine(Path(job["store"]), bytes.fromhex(job["key"]))
    factory = make_session_factory(engine)
    actor = Actor(
        uuid.UUID(job["user_id"]),
        job["username"],
        "Worker Officer",
        frozenset({Role.AUTHORISED_OFFICER}),
        uuid.UUID(job["device_id"]),
    )
    # Told apart by the worker's username, in letters: names hold no digits.
    worker = sum(ord(c) for c in job["username"])
    entry = notice_entry(NOW, recipient_name=numbered_name(worker, "Worker"))
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
