"""Issue 12 point 19: ``hfhate notices`` lists notices with the notices list's filters.

On a demo store: a supervisor sees every notice, an officer only their own; --status, --ward,
--from and --to narrow it as the window's list does; --json gives one object a line; no
recipient's personal data is printed; bad values are refused in a sentence listing the valid
ones; and the listing is audited.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from hfhate.cli.main import main
from hfhate.config import Paths
from hfhate.security.store_key import DEMO_KEY
from hfhate.startup import prepare_store
from tests.fixtures.keys import raw_connect

NOTICES = "SELECT {} FROM notices WHERE kind = 'notice' AND deleted_at IS NULL"


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("demo") / "data"
    prepare_store(Paths(folder), demo=True).store.close()
    yield folder


def rows(folder: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    conn = raw_connect(folder / "hfhate.sqlite", DEMO_KEY, read_only=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def run(
    folder: Path, capsys: pytest.CaptureFixture[str], user: str, *options: str
) -> tuple[int, str, str]:
    code = main(["notices", "--user", user, "--data-dir", str(folder), *options])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HFHATE_PASSWORD", "demo")


def table_lines(out: str) -> list[str]:
    lines = out.splitlines()
    assert lines[0].split() == ["Number", "Issued", "Status", "Ward", "Officer", "Amount"]
    return [line for line in lines[1:] if line.startswith("HF-")]


def test_supervisor_sees_every_notice_and_no_personal_data(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(demo_dir, capsys, "supervisor")
    assert code == 0
    expected = rows(demo_dir, NOTICES.format("number, recipient_name, recipient_address"))
    numbered = [r for r in expected if r[0]]
    assert len(table_lines(out)) == len(numbered)
    assert f"{len(expected)} notices." in out
    for _number, name, address in expected:
        if name:
            assert str(name) not in out
        if address:
            assert str(address) not in out


def test_officer_sees_only_their_own(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(demo_dir, capsys, "officer", "--json")
    assert code == 0
    listed = [json.loads(line) for line in out.splitlines()]
    own = rows(demo_dir, NOTICES.format("number") + " AND officer_name = 'Tom Walsh'")
    assert sorted(n["number"] for n in listed) == sorted(str(r[0] or "") for r in own)
    assert listed and {n["officer"] for n in listed} == {"Tom Walsh"}
    assert not any("recipient" in key for n in listed for key in n)


def test_filters_narrow_as_the_list_does(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    options = ("--status", "paid", "--ward", "fulham town", "--from", "2025-01-01")
    code, out, _err = run(demo_dir, capsys, "supervisor", *options, "--json")
    assert code == 0
    listed = [json.loads(line) for line in out.splitlines()]
    expected = rows(
        demo_dir,
        NOTICES.format("number")
        + " AND status = 'paid' AND ward = 'Fulham Town' AND offence_at >= '2025-01-01'",
    )
    assert len(listed) == len(expected) > 0
    assert {(n["status"], n["ward"]) for n in listed} == {("Paid", "Fulham Town")}
    assert all(n["issued"] >= "2025-01-01" and n["amount"].endswith("paid") for n in listed)


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (("--status", "unpaid"), ['"unpaid" is not a status', "paid", "reminder_1"]),
        (("--ward", "Narnia"), ['"Narnia" is not a ward', "Fulham Town", "Wormholt"]),
        (("--from", "31/12/2025"), ['--from "31/12/2025" is not a date', "2025-03-31"]),
        (("--from", "2025-02-01", "--to", "2025-01-01"), ["is after --to"]),
    ],
)
def test_bad_values_are_refused_in_words(
    options: tuple[str, ...], said: list[str], demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(demo_dir, capsys, "supervisor", *options)
    assert code == 2
    assert out == ""
    for words in said:
        assert words in err
    assert "Traceback" not in err


def test_listing_is_audited(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = rows(demo_dir, "SELECT count(*) FROM audit_events WHERE action = 'notices_listed'")
    assert run(demo_dir, capsys, "supervisor", "--status", "issued")[0] == 0
    after = rows(demo_dir, "SELECT count(*) FROM audit_events WHERE action = 'notices_listed'")
    assert after[0][0] == before[0][0] + 1
