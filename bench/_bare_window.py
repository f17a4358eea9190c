"""Child A of the start-up benchmark: a bare PySide6 window process, the baseline.

Run by ``bench.startup`` as ``python -m bench._bare_window``: QApplication, a QMainWindow
holding a label, shown; prints ``shown`` (and its peak memory) once the window is exposed.
"""

from __future__ import annotations

import sys

import PySide6.QtWidgets

from bench._exposed import exit_when_exposed


def main() -> int:
    app = PySide6.QtWidgets.QApplication(sys.argv[:1])
    window = PySide6.QtWidgets.QMainWindow()
    window.setWindowTitle("bare PySide6 window")
    window.setCentralWidget(PySide6.QtWidgets.QLabel("A bare PySide6 window"))
    window.resize(1100, 720)
    window.show()
    return exit_when_exposed(app, window)


if __name__ == "__main__":
    sys.exit(main())
