"""Notice numbers: the Damm check digit, the typed shape, and numbers never shared or reused.

Property tests (hypothesis) cover every device code and sequence; the concurrency tests run
real child processes, each with its own engine, on real store files.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from hfhate.config import Paths
from hfhate.models import Device, FixedPenaltyNotice, Role
from hfhate.models.store import Store
from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.device import set_device_code, this_device
from hfhate.services.notices import lifecycle
from hfhate.services.notices.numbering import (
    EXAMPLE,
    MAX_SEQUENCE,
    DeviceNotReady,
    InvalidNoticeNumber,
    NoticeNumber,
    parse_notice_number,
)
from tests.fixtures.accounts import first_administrator
from tests.fixtures.keys import open_test_store

CHECK_MESSAGE = "The check digit does not match"
SHAPE_MESSAGE = "A notice number has HF, 3 digits, 6 digits and a check digit"
WORKER = Path(__file__).with_name("issue_worker.py")
codes = st.integers(min_value=1, max_value=999)
sequences = st.integers(min_value=1, max_value=MAX_SEQUENCE)


def _format(digits: str) -> str:
    return f"HF-{digits[:3]}-{digits[3:9]}-{digits[9]}"


def _all_digits(number: NoticeNumber) -> str:
    return number.digits + number.check


@given(codes, sequences)
def test_every_formatted_number_parses_back_to_its_parts(code: int, sequence: int) -> None:
    text = str(NoticeNumber(code, sequence))
    assert text == f"HF-{code:03d}-{sequence:06d}-{text[-1]}"
    assert parse_notice_number(text) == NoticeNumber(code, sequence)
    assert parse_notice_number(text.lower().replace("-", " ")) == NoticeNumber(code, sequence)


@given(codes, sequences)
def test_every_single_digit_change_is_rejected(code: int, sequence: int) -> None:
    digits = _all_digits(NoticeNumber(code, sequence))
    for position in range(10):
        for replacement in "0123456789":
            if replacement == digits[position]:
                continue
            typo = digits[:position] + replacement + digits[position + 1 :]
            with pytest.raises(InvalidNoticeNumber, match=CHECK_MESSAGE):
                parse_notice_number(_format(typo))


@given(codes, sequences)
def test_every_adjacent_transposition_is_rejected(code: int, sequence: int) -> None:
    digits = _all_digits(NoticeNumber(code, sequence))
    for position in range(9):
        left, right = digits[position], digits[position + 1]
        if left == right:
            continue
        swapped = digits[:position] + right + left + digits[position + 2 :]
        with pytest.raises(InvalidNoticeNumber, match=CHECK_MESSAGE):
            parse_notice_number(_format(swapped))


@given(st.tuples(codes, sequences), st.tuples(codes, sequences))
def test_different_devices_or_sequences_never_share_a_number(
    first: tuple[int, int], second: tuple[int, int]
) -> None:
    a, b = NoticeNumber(*first), NoticeNumber(*second)
    assert (str(a) == str(b)) == (first == second)


def test_the_example_in_messages_is_a_valid_number() -> None:
    assert parse_notice_number(EXAMPLE) == NoticeNumber(42, 123)


@pytest.mark.parametrize(
    "typed",
    [
        "HF-42-000123-7",
        "HF-042-00123-7",
        "HF-042-0000123-7",
        "HF-042-000123",
        "HX-042-000123-7",
        "042-000123-7",
        "HF-04A-000123-7",
        "HF-042-000123-77",
        "HF",
        "FPN 042 000123 7",
    ],
)
def test_malformed_shapes_get_the_shape_message(typed: str) -> None:
    with pytest.raises(InvalidNoticeNumber, match=SHAPE_MESSAGE):
        parse_notice_number(typed)


@pytest.mark.parametrize("typed", ["", "   ", "--"])
def test_an_empty_number_asks_for_one(typed: str) -> None:
    with pytest.raises(InvalidNoticeNumber, match="Type a notice number, like HF-042-000123-7"):
        parse_notice_number(typed)


def test_spaces_hyphens_and_case_do_not_matter() -> None:
    assert parse_notice_number(" hf 042 000123 7 ") == NoticeNumber(42, 123)
    assert parse_notice_number("HF042000123-7") == NoticeNumber(42, 123)


def test_a_number_is_never_reused_even_after_an_immediate_cancel(
    store: Store, issue: Callable[..., FixedPenaltyNotice], supervisor: Actor
) -> None:
    first = issue()
    with store.session_factory.begin() as session:
        lifecycle.apply_action(
            session,
            supervisor,
            first.id,
            lifecycle.Action.CANCEL,
            reason="Issued to the wrong person by mistake",
        )
    second = issue()
    assert (first.sequence, second.sequence) == (1, 2)
    assert first.number == "HF-042-000001-8"
    assert second.number == str(NoticeNumber(42, 2))
    with store.session_factory() as session:
        assert this_device(session).last_notice_sequence == 2


def test_a_laptop_without_a_device_code_cannot_number(
    store: Store, make_actor: Callable[..., Actor], valid_entry: Callable[..., object]
) -> None:
    from hfhate.services.notices.issuing import issue_notice

    officer = make_actor(Role.AUTHORISED_OFFICER)
    with (
        store.session_factory.begin() as session,
        pytest.raises(DeviceNotReady, match="no device code"),
    ):
        issue_notice(session, officer, valid_entry())  # type: ignore[arg-type]


def test_the_last_sequence_is_used_then_the_device_refuses(
    store: Store, issue: Callable[..., FixedPenaltyNotice]
) -> None:
    with store.session_factory.begin() as session:
        this_device(session).last_notice_sequence = MAX_SEQUENCE - 1
    assert issue().number == str(NoticeNumber(42, MAX_SEQUENCE))
    with pytest.raises(DeviceNotReady, match="used all its notice numbers"):
        issue()


def _run_workers(jobs: list[dict[str, object]], cwd: Path) -> list[list[str]]:
    """Start every worker, wait until all are ready, let them go together, collect numbers."""
    children = [
        subprocess.Popen(
            [sys.executable, str(WORKER), json.dumps(job)],
            cwd=cwd,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for job in jobs
    ]
    for child in children:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    results = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def test_four_processes_on_one_store_share_one_gapless_sequence(
    store: Store, officer: Actor, tmp_path: Path
) -> None:
    job = {
        "store": str(store.paths.store),
        "key": store.key.hex(),
        "user_id": str(officer.user_id),
        "username": officer.username,
        "device_id": str(officer.device_id),
        "count": 25,
    }
    results = _run_workers([job] * 4, tmp_path)

    numbers = [number for result in results for number in result]
    assert len(numbers) == 100 and len(set(numbers)) == 100
    sequences = sorted(parse_notice_number(n).sequence for n in numbers)
    assert sequences == list(range(1, 101))
    assert all(parse_notice_number(n).device_code == 42 for n in numbers)
    with store.session_factory() as session:
        stored = session.scalars(select(FixedPenaltyNotice.sequence)).all()
        assert sorted(s for s in stored if s is not None) == list(range(1, 101))
        assert session.scalar(select(Device.last_notice_sequence)) == 100


def _laptop(data_dir: Path, code: int) -> dict[str, object]:
    """A separate store (another laptop) with its own administrator, code and officer."""
    laptop = open_test_store(Paths(data_dir))
    try:
        with laptop.session_factory.begin() as session:
            admin = first_administrator(session, "Lap Admin", "lapadmin", "correct horse battery")
            set_device_code(session, admin, code)
            officer = accounts.add_user(
                session,
                admin,
                accounts.NewUser(
                    full_name="Lap Officer",
                    username=f"lap{code}",
                    roles=frozenset({Role.AUTHORISED_OFFICER}),
                    authorisation_number=f"LET-{code}",
                    password="correct horse battery",
                    confirm="correct horse battery",
                ),
            )
            return {
                "store": str(laptop.paths.store),
                "key": laptop.key.hex(),
                "user_id": str(officer.id),
                "username": officer.username,
                "device_id": str(admin.device_id),
                "count": 12,
            }
    finally:
        laptop.close()


def test_laptops_issuing_at_once_never_collide(tmp_path: Path) -> None:
    device_codes = [1, 42, 999]
    jobs = [_laptop(tmp_path / f"laptop{code}", code) for code in device_codes]
    results = _run_workers(jobs, tmp_path)
    numbers = [n for result in results for n in result]
    assert len(set(numbers)) == len(numbers) == 12 * len(device_codes)
    for code, result in zip(device_codes, results, strict=True):
        assert [parse_notice_number(n) for n in result] == [
            NoticeNumber(code, s) for s in range(1, 13)
        ]
