"""The child process of the kill test: an officer types into the notice form, the draft is
saved, and the process prints "saved <draft id>" and waits to be killed (SIGKILL, no clean-up).

Usage: python draft_child.py DATA_DIR USERNAME VALUES_JSON
"""

from __future__ import annotations

import json
import os
import sys
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import select  # noqa: E402

from hfhate.config import Paths  # noqa: E402
from hfhate.models import User  # noqa: E402
from hfhate.services.actor import Actor  # noqa: E402
from hfhate.services.device import this_device  # noqa: E402
from hfhate.ui.context import Changes, UiContext  # noqa: E402
from hfhate.ui.notices.form.page import NoticeForm  # noqa: E402
from tests.fixtures.keys import open_test_store  # noqa: E402


def main(data_dir: str, username: str, values: dict[str, str]) -> None:
    app = QApplication([])
    store = open_test_store(Paths(Path(data_dir)))
    with store.session_factory.begin() as session:
        user = session.scalar(select(User).where(User.username == username))
        assert user is not None
        actor = Actor.of(user, this_device(session).id)
    ctx = UiContext(
        session_factory=store.session_factory,
        actor=actor,
        paths=store.paths,
        store_key=store.key,
        demo=False,
        changes=Changes(),
    )
    form = NoticeForm(ctx)
    form.resize(1000, 700)
    form.show()
    QTest.qWaitForWindowExposed(form)
    form.activateWindow()

    for field, text in (
        (form.when.place, values["place"]),
        (form.when.postcode, values["postcode"]),
        (form.what.circumstances, values["circumstances"]),
        (form.recipient.name, values["name"]),
    ):
        field.setFocus()
        QTest.keyClicks(field, text)
    form.when.ward.setFocus()
    QTest.keyClicks(form.when.ward, values["ward"][0])
    misogyny = form.what.hostilities["misogyny"]
    misogyny.setFocus()
    QTest.keyClick(misogyny, Qt.Key.Key_Space)

    def saved(draft_id: uuid.UUID) -> None:
        # Typing ended before the event loop ran, so this save holds everything typed.
        if not form.dirty:
            print(f"saved {draft_id}", flush=True)

    form.draft_saved.connect(saved)
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], json.loads(sys.argv[3]))
