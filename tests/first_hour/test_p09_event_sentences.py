"""Issue 12 point 9: every audit event a person reads is a sentence naming its record.

One table of sentences (``hfhate/services/audit_sentences.py``) covers every action the code
records, found here by reading the code itself; no sentence holds an underscore or a table's
name. The Start page, the Audit trail and ``hfhate audit`` say "Sent the first reminder for
notice HF-…", "Sign-in refused for user …", "Opened notice HF-…", never the codes.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

import hfhate
from hfhate.cli.main import main
from hfhate.models import AuditEvent, Base, FixedPenaltyNotice
from hfhate.services import accounts
from hfhate.services.notices.lifecycle import TRANSITIONS
from hfhate.startup import ReadyStore
from hfhate.ui.audit_page import AuditPage
from hfhate.ui.context import Changes, UiContext
from hfhate.ui.start_page import StartPage
from tests.fixtures.demo_windows import demo_actor, demo_ready

CODE = Path(hfhate.__file__).parent
AUDITING_CALLS = {
    "audit",
    "record_event",
    "record_created",
    "record_updated",
    "_set_password",
    "append_consultation",
}
TABLES = {table.name for table in Base.metadata.sorted_tables}
# Actions the code builds from parts: a notice's moves, and the drafts' started/finished/...
BUILT = {f"notice_{action.value}" for action in TRANSITIONS} | {
    f"{kind}_{what}"
    for kind in ("draft", "session_draft")
    for what in ("started", "finished", "discarded")
}


def _strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    return []


def recorded_actions() -> set[str]:
    """Every action string the code passes to the audit trail, read from the code."""
    found: set[str] = set()
    for path in CODE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name not in AUDITING_CALLS:
                    continue
                for keyword in node.keywords:
                    if keyword.arg == "action":
                        found.update(_strings(keyword.value))
                if name in ("audit", "append_consultation") and len(node.args) >= 3:
                    found.update(_strings(node.args[2]))
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
                target = node.targets[0]
                if isinstance(target, ast.Name) and target.id.endswith("_ACTIONS"):
                    for value in node.value.values:
                        found.update(_strings(value) if value is not None else [])
    return {action for action in found if action} | BUILT


def test_every_recorded_action_has_a_sentence() -> None:
    from hfhate.services.audit_sentences import SENTENCES  # the table this point adds

    actions = recorded_actions()
    assert {"sign_in_failed", "notice_viewed", "notice_send_reminder_2"} <= actions
    assert sorted(actions - set(SENTENCES)) == []


def test_no_sentence_holds_a_code() -> None:
    from hfhate.services.audit_sentences import SENTENCES

    for template in SENTENCES.values():
        said = template.format(record="notice HF-042-000001-5", username="jsmith")
        assert "_" not in said
        # A table's name as the record ("Notice viewed: notices") is a code, not words.
        assert not re.search(rf":\s*({'|'.join(TABLES)})\b", said), said
        assert said[0].isupper()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReadyStore]:
    ready = demo_ready(tmp_path_factory.mktemp("demo") / "data")
    with ready.store.session_factory.begin() as session:
        refused = accounts.attempt_sign_in(session, ready.device_id, "jsmith", "wrong password")
        assert refused is None
    yield ready
    ready.store.close()


def ctx(demo: ReadyStore, username: str) -> UiContext:
    return UiContext(
        session_factory=demo.store.session_factory,
        actor=demo_actor(demo, username),
        paths=demo.store.paths,
        store_key=demo.store.key,
        demo=True,
        changes=Changes(),
    )


def notice_numbers(demo: ReadyStore) -> set[str]:
    with demo.store.session_factory() as session:
        return set(session.scalars(select(FixedPenaltyNotice.number)).all()) - {None}


def has_number(line: str, numbers: set[str]) -> bool:
    return any(number in line for number in re.findall(r"HF-\d{3}-\d{6}-\d", line)) and all(
        number in numbers for number in re.findall(r"HF-\d{3}-\d{6}-\d", line)
    )


def test_the_start_page_names_each_notice(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    page = StartPage(ctx(demo, "supervisor"), [])
    qtbot.addWidget(page)
    lines = [page.recent.item(i).text() for i in range(page.recent.count())]
    moves = [line for line in lines if "reminder" in line or "payment" in line]
    assert moves, lines
    numbers = notice_numbers(demo)
    for line in moves:
        assert "_" not in line and "Notice send" not in line and "Notice record" not in line
        assert has_number(line, numbers), line


def test_the_audit_trail_says_what_was_opened_and_who_was_refused(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    supervisor = ctx(demo, "supervisor")
    with demo.store.session_factory.begin() as session:
        notice = session.scalars(
            select(FixedPenaltyNotice).where(FixedPenaltyNotice.number.is_not(None)).limit(1)
        ).one()
        number = notice.number
        from hfhate.services.notices.queries import read_notice

        read_notice(session, supervisor.actor, notice.id, audited=True)
    page = AuditPage(supervisor)
    qtbot.addWidget(page)
    model = page.model
    shown = [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]
    said = [" | ".join(str(cell) for cell in row) for row in shown]
    assert any(f"Opened notice {number}" in line for line in said), said[:5]
    assert any("Sign-in refused for user jsmith" in line for line in said)
    for line in said:
        assert "_" not in line, line
        assert not re.search(rf":\s*({'|'.join(TABLES)})\b", line), line


def test_the_command_line_prints_sentences(demo, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HFHATE_PASSWORD", "demo")
    code = main(
        ["audit", "--data-dir", str(demo.store.paths.data_dir), "--user", "admin", "--last", "500"]
    )
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "notice_send_reminder" not in printed and "sign_in_failed" not in printed
    assert "Sign-in refused for user jsmith" in printed
    numbers = notice_numbers(demo)
    reminders = [line for line in printed.splitlines() if "reminder for notice" in line]
    assert reminders and all(has_number(line, numbers) for line in reminders)
    with demo.store.session_factory() as session:
        assert session.scalar(select(AuditEvent).where(AuditEvent.action == "sign_in_failed"))
