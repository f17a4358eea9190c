"""The installed Qt binding must not leak references to None or the booleans.

PySide6 6.12.0 on Python 3.11 drops one reference to None at every call of a Qt method that
returns nothing, so an app that runs for a shift aborts ("deallocating None"). pyproject pins
it out; this test fails if a broken binding is installed anyway.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QCheckBox

CALLS = 2000


def test_void_calls_keep_the_reference_count_of_none(qtbot) -> None:
    box = QCheckBox("Tick")
    qtbot.addWidget(box)
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        box.setChecked(True)
        box.setEnabled(True)
    assert sys.getrefcount(None) - before > -CALLS // 10


def test_boolean_results_keep_the_reference_count_of_true_and_false(qtbot) -> None:
    box = QCheckBox("Tick")
    qtbot.addWidget(box)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(CALLS):
        box.isChecked()
        QModelIndex().isValid()
    after = sys.getrefcount(True), sys.getrefcount(False)
    assert after[0] - before[0] > -CALLS // 10
    assert after[1] - before[1] > -CALLS // 10
