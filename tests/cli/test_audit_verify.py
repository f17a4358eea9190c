"""``hfhate audit verify``: "intact, N rows" with exit status 0, or the first broken link
(row, time, what happened) with exit status 1, on a real store changed with raw SQL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hfhate.config import Paths
from hfhate.services.audit import audit
from tests.cli.test_cli import run_hfhate
from tests.conftest import ADMIN_PASSWORD
from tests.fixtures.accounts import first_administrator
from tests.fixtures.audit_tamper import TAMPERING
from tests.fixtures.keys import open_test_store, raw_connect

WORDS = {
    "edited": "it was edited after it was written",
    "removed": "a row before it was removed",
    "inserted": "it was inserted into the chain",
    "reordered": "rows around it were put in another order",
}


def _store_with_rows(data: Path) -> Path:
    store = open_test_store(Paths(data))
    try:
        with store.session_factory.begin() as session:
            ada = first_administrator(session, "Ada Admin", "ada", ADMIN_PASSWORD)
            for n in range(8):
                audit(session, ada, "users_listed", details={"n": n})
        return store.paths.store
    finally:
        store.close()


def _verify(data: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    return run_hfhate(
        "audit", "verify", "--data-dir", str(data), "--user", "ada",
        tmp_path=tmp_path, password=ADMIN_PASSWORD,
    )  # fmt: skip


def test_an_intact_trail_says_so(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _store_with_rows(data)
    done = _verify(data, tmp_path)
    assert done.returncode == 0, done.stderr
    assert re.search(r"Audit trail intact, \d+ rows\.", done.stdout)
    assert "What happened" not in done.stdout  # verify only: no table of events


@pytest.mark.parametrize("how", list(TAMPERING))
def test_the_first_broken_link_is_named(tmp_path: Path, how: str) -> None:
    data = tmp_path / "data"
    store_file = _store_with_rows(data)
    key = open_test_store(Paths(data))
    key.close()
    raw = raw_connect(store_file, key.key)
    raw.execute("DROP TRIGGER audit_events_no_update")
    raw.execute("DROP TRIGGER audit_events_no_delete")
    named = TAMPERING[how](raw, "audit_events", 4)
    raw.commit()
    raw.close()
    done = _verify(data, tmp_path)
    assert done.returncode == 1
    said = done.stderr.strip().splitlines()[-1]
    assert said.startswith(f"AUDIT TRAIL BROKEN at row {named} of 20"), said
    assert WORDS[how] in said
