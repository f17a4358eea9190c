"""The print queue's table model: a valid Qt model, with or without ticks."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt

from hfhate.ui.print_queue.queue_model import PrintQueueModel, QueueRow


def test_the_queue_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = PrintQueueModel()
    qtmodeltester.check(model)  # empty
    rows = [
        QueueRow(
            uuid.uuid4(), (f"FPN-{n}", "1 Dec 2026 20:15", "Issued", "A Person", "Fulham", "No")
        )
        for n in range(3)
    ]
    model.show_rows(rows)
    assert model.setData(model.index(1, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert model.ticked_ids() == [rows[1].notice_id]
    qtmodeltester.check(model)
    model.tick_all(True)
    assert model.index(2, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.headerData(5, Qt.Orientation.Horizontal) == "Printed before"
    qtmodeltester.check(model)
