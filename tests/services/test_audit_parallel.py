"""A long audit chain checked on every core gives the same answer as the sequential check:
intact when it is, and a break anywhere (inside a range or where two ranges meet) is found,
then named by the sequential check."""

from __future__ import annotations

import os
import uuid

import pytest

from hfhate.models.store import Store
from hfhate.services import audit_parallel
from hfhate.services.actor import Actor
from hfhate.services.audit import audit, verify_store_chain
from hfhate.services.audit_chain import ChainCheck
from tests.services.test_s62_chain import _check, _tamper

ROWS = 600

pytestmark = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores")


@pytest.fixture
def long_chain(store: Store, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> Store:
    with store.session_factory.begin() as session:
        for n in range(ROWS - 1):
            audit(session, admin, "notice_viewed", details={"n": n}, record_ids=[uuid.uuid4()])
    monkeypatch.setattr(audit_parallel, "PARALLEL_FROM", 100)
    return store


def _parallel(store: Store) -> ChainCheck | None:
    with store.session_factory() as session:
        return audit_parallel.chain_intact_in_parallel(store.paths.store, store.key, session)


def test_an_intact_chain_is_found_intact_in_parallel(long_chain: Store) -> None:
    assert _parallel(long_chain) == ChainCheck(ROWS) == _check(long_chain)


@pytest.mark.parametrize("how", ["edited", "removed", "inserted", "reordered"])
@pytest.mark.parametrize("where", [7, ROWS // 2, ROWS // 2 + 1, ROWS - 3])
def test_a_break_anywhere_is_left_to_the_sequential_check(
    long_chain: Store, how: str, where: int
) -> None:
    named = _tamper(long_chain.paths.store, long_chain.key, how, where)
    assert _parallel(long_chain) is None
    with long_chain.session_factory() as session:
        check = verify_store_chain(session, long_chain.paths.store, long_chain.key)
    assert check == _check(long_chain)
    assert check.broken is not None and (check.broken.seq, check.broken.problem) == (named, how)
