"""A referral's steps: only those its state allows are offered, each records what it asks
for (a problem said beside its field), and the referral pack is previewed and saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from hfhate.ui.victims.referral_actions import PackDialog, ReferralActionsDialog, StepDialog
from tests.fixtures.screens import screen_problems
from tests.fixtures.victims_people import build_person


def _dialog(ui, ctx_for, actor, referral_id) -> ReferralActionsDialog:  # type: ignore[no-untyped-def]
    dialog = ReferralActionsDialog(ctx_for(actor), referral_id)
    ui.qtbot.addWidget(dialog)
    ui.show_active(dialog)
    return dialog


def test_each_state_offers_only_its_steps(ui, store, make_actor, ctx_for) -> None:  # type: ignore[no-untyped-def]
    scenario = build_person(store, make_actor)
    dialog = _dialog(ui, ctx_for, scenario.officer, scenario.referral_id)
    assert screen_problems(dialog, label_buddies=False) == []
    assert dialog.allowed_actions() == ["send", "stop"]
    assert dialog.facts["partner"].text() == "Stop Hate UK"

    def send(step: StepDialog) -> None:
        assert step.how is not None
        step.how.set_value("portal")
        ui.click(step.accept_button)

    ui.click_and_drive(dialog.step_buttons["send"], StepDialog, send)
    assert dialog.row is not None and dialog.row.status == "sent"
    assert dialog.allowed_actions() == ["acknowledge"]

    def acknowledge(step: StepDialog) -> None:
        ui.type_into(step.reference, "SHUK-4471")  # type: ignore[arg-type]
        ui.click(step.accept_button)

    ui.click_and_drive(dialog.step_buttons["acknowledge"], StepDialog, acknowledge)
    assert dialog.allowed_actions() == ["record_outcome"]

    def outcome(step: StepDialog) -> None:
        ui.click(step.accept_button)  # nothing written
        assert ui.shown_error(step, "outcome") or step.problem.text()
        assert step.isVisible()
        ui.type_into(step.text, "Caseworker assigned; weekly calls agreed.")  # type: ignore[arg-type]
        ui.click(step.accept_button)

    ui.click_and_drive(dialog.step_buttons["record_outcome"], StepDialog, outcome)
    assert dialog.row.status == "outcome"
    assert dialog.allowed_actions() == ["close"]
    ui.click_and_drive(
        dialog.step_buttons["close"], StepDialog, lambda step: ui.click(step.accept_button)
    )
    assert dialog.row.status == "closed" and dialog.allowed_actions() == []
    assert dialog.changed


def test_the_pack_is_previewed_and_saved(  # type: ignore[no-untyped-def]
    ui, store, make_actor, ctx_for, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = build_person(store, make_actor)
    dialog = _dialog(ui, ctx_for, scenario.officer, scenario.referral_id)
    target = tmp_path / "out" / "pack.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), "PDF files (*.pdf)")
    )

    def save(pack: PackDialog) -> None:
        assert pack.preview.page_count() >= 1
        ui.click(pack.preview.save_button)
        assert "saved as pack.pdf" in pack.message.text()

    ui.click_and_drive(dialog.pack_button, PackDialog, save)
    assert target.read_bytes().startswith(b"%PDF")


def test_a_stop_needs_its_reason(ui, store, make_actor, ctx_for) -> None:  # type: ignore[no-untyped-def]
    scenario = build_person(store, make_actor)
    dialog = _dialog(ui, ctx_for, scenario.officer, scenario.referral_id)

    def stop(step: StepDialog) -> None:
        assert step.when is None  # a stop is dated when it is made
        ui.click(step.accept_button)
        assert "why" in ui.shown_error(step, "reason").lower()
        ui.type_into(step.text, "She found support through her church instead.")  # type: ignore[arg-type]
        ui.click(step.accept_button)

    ui.click_and_drive(dialog.step_buttons["stop"], StepDialog, stop)
    assert dialog.row is not None and dialog.row.status == "stopped"
    assert dialog.allowed_actions() == [] and not dialog.pack_button.isEnabled()
