"""``print_notices``: the officer prints the notice they just issued, on the roll printer; a
second print from the same dialog is made again first, and so is marked COPY."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from hfhate.models import FixedPenaltyNotice, NoticeEvent, Role
from hfhate.models.store import Store
from hfhate.printing.particulars import Layout
from hfhate.services.actor import Actor
from hfhate.ui.context import UiContext
from hfhate.ui.print_queue import print_notices
from hfhate.ui.print_queue.preview_dialog import PrintPreviewDialog

Issue = Callable[..., list[FixedPenaltyNotice]]


def test_officer_prints_then_saves_a_copy(  # type: ignore[no-untyped-def]
    ui,
    qtbot,
    store: Store,
    officer: Actor,
    issue: Issue,
    pdf_printer,
    save_as: Path,
    ctx_for: Callable[[Actor], UiContext],
) -> None:
    [notice] = issue("Zoë Łukasiewicz-O'Brien")
    seen: dict[str, object] = {}

    def actions(dialog: PrintPreviewDialog) -> None:
        qtbot.waitUntil(lambda: dialog.preview.page_count() == 1, timeout=30_000)
        seen["layout"] = dialog.chosen_layout()
        seen["first"] = dialog.message.text()
        dialog.reason.setEditText("Handed to the recipient at issue")
        ui.click(dialog.preview.print_button)
        qtbot.waitUntil(lambda: "COPY" in dialog.message.text(), timeout=30_000)
        seen["after_print"] = dialog.message.text()
        ui.click(dialog.preview.save_button)

    run = ui.drive_modal(PrintPreviewDialog, actions)
    assert print_notices(ctx_for(officer), [notice.id]) is True
    run.check()
    assert seen["layout"] is Layout.ROLL
    assert seen["first"] == "Ready: 1 page."
    assert str(seen["after_print"]).startswith("1 notice printed on")
    assert "It is marked COPY: the notice was printed before." in str(seen["after_print"])
    printed_width = float(PdfReader(pdf_printer.path).pages[0].mediabox[2])
    assert round(printed_width / 72 * 25.4) == 80
    saved = " ".join(PdfReader(save_as).pages[0].extract_text().split())
    assert "COPY - printed" in saved and "Zoë Łukasiewicz-O'Brien" in saved
    with store.session_factory() as session:
        events = list(
            session.scalars(
                select(NoticeEvent)
                .where(NoticeEvent.notice_id == notice.id, NoticeEvent.action == "printed")
                .order_by(NoticeEvent.created_at)
            )
        )
    assert [(e.details["copy"], e.details["layout"], e.reason) for e in events] == [
        (False, "roll", "Handed to the recipient at issue"),
        (True, "roll", "Handed to the recipient at issue"),
    ]


def test_another_officers_notice_is_not_printed(  # type: ignore[no-untyped-def]
    ui,
    issue: Issue,
    make_actor: Callable[..., Actor],
    ctx_for: Callable[[Actor], UiContext],
) -> None:
    [notice] = issue("Anna Adams")
    colleague = make_actor(Role.AUTHORISED_OFFICER, username="colin")
    seen: dict[str, object] = {}

    def actions(dialog: PrintPreviewDialog) -> None:
        seen["message"] = dialog.message.text()
        seen["can_print"] = dialog.preview.print_button.isEnabled()

    run = ui.drive_modal(PrintPreviewDialog, actions)
    assert print_notices(ctx_for(colleague), [notice.id]) is False
    run.check()
    assert seen == {
        "message": "You can see only the notices and warnings you issued.",
        "can_print": False,
    }
