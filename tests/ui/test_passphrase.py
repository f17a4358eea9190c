"""The administrator passphrase at start, on a laptop with no credential store.

The dialog says each problem beside its field (too short, the two differ, the wrong one);
the window's start takes the store key through it, asks again after a wrong passphrase, and
opens the encrypted store with the key it unwraps.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from hfhate.app import _unlock_and_prepare
from hfhate.config import Paths
from hfhate.security.cipher_store import file_kind
from hfhate.ui.passphrase import PassphraseDialog
from tests.ui.conftest import Ui

GOOD = "a long administrator passphrase"


@pytest.fixture
def no_credential_store() -> Iterator[None]:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    yield
    keyring.set_keyring(before)


def test_choosing_says_each_problem_beside_its_field(qtbot, ui: Ui) -> None:  # type: ignore[no-untyped-def]
    dialog = PassphraseDialog(choosing=True)
    qtbot.addWidget(dialog)
    ui.show_active(dialog)
    dialog.try_accept()
    assert ui.shown_error(dialog, "passphrase") == "Type the passphrase."
    ui.type_into(dialog.passphrase, "too short")
    dialog.try_accept()
    assert "at least 12 characters" in ui.shown_error(dialog, "passphrase")
    ui.type_into(dialog.passphrase, GOOD)
    assert dialog.again is not None
    ui.type_into(dialog.again, GOOD + "!")
    dialog.try_accept()
    assert ui.shown_error(dialog, "passphrase") == ""
    assert ui.shown_error(dialog, "again") == "The two passphrases differ. Type the same one twice."
    ui.shot(dialog, "passphrase-choose")
    ui.type_into(dialog.again, GOOD)
    dialog.try_accept()
    assert dialog.result() == PassphraseDialog.DialogCode.Accepted


def test_typing_shows_why_the_last_one_was_refused(qtbot, ui: Ui) -> None:  # type: ignore[no-untyped-def]
    dialog = PassphraseDialog(choosing=False, problem="That passphrase is not the one.")
    qtbot.addWidget(dialog)
    ui.show_active(dialog)
    assert dialog.again is None
    assert ui.shown_error(dialog, "passphrase") == "That passphrase is not the one."
    ui.shot(dialog, "passphrase")


def test_the_window_starts_through_the_passphrase_and_asks_again_after_a_wrong_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_credential_store: None
) -> None:
    asked: list[tuple[bool, str]] = []
    answers = iter([GOOD, "not the passphrase at all", GOOD])

    def ask(*, choosing: bool, problem: str = "") -> str:
        asked.append((choosing, problem))
        return next(answers)

    monkeypatch.setattr(PassphraseDialog, "ask", staticmethod(ask))
    paths = Paths(tmp_path / "data")
    first = _unlock_and_prepare(paths, demo=False)
    first.store.close()
    assert asked == [(True, "")]
    kept = json.loads((paths.data_dir / "store-key.json").read_text())
    assert kept["place"] == "passphrase" and "wrapped" in kept
    assert file_kind(paths.store) == "encrypted"

    again = _unlock_and_prepare(paths, demo=False)
    try:
        assert again.store.key == first.store.key
    finally:
        again.store.close()
    assert asked[1] == (False, "")
    assert asked[2][0] is False and "not the one" in asked[2][1]
