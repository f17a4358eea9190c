"""Drafting a referral: a partner the person has not agreed to be referred to is shown but
cannot be chosen, with the reason beside it; the Community MARAC's risk checklist counts its
score as questions are ticked and says "High risk" from the list's high score."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QRadioButton

from hfhate.services.victims.consent import record_consent
from hfhate.services.victims.people import person_history
from hfhate.services.victims.words import victim_words
from hfhate.ui.victims.referral_dialog import ReferralDialog
from tests.fixtures.screens import screen_problems
from tests.fixtures.victims_people import build_person


def _click_radio(ui, radio: QRadioButton) -> None:  # type: ignore[no-untyped-def]
    """Click the round button itself, as a user does (not the empty end of a wide row)."""
    ui.qtbot.mouseClick(
        radio, Qt.MouseButton.LeftButton, pos=QPoint(radio.height() // 2, radio.height() // 2)
    )


def _dialog(ui, ctx_for, scenario) -> ReferralDialog:  # type: ignore[no-untyped-def]
    dialog = ReferralDialog(
        ctx_for(scenario.officer), scenario.person_id, "incidents", scenario.incident_ids[-1]
    )
    ui.qtbot.addWidget(dialog)
    ui.show_active(dialog)
    return dialog


def test_a_partner_without_consent_cannot_be_chosen(ui, store, make_actor, ctx_for) -> None:  # type: ignore[no-untyped-def]
    scenario = build_person(store, make_actor)
    dialog = _dialog(ui, ctx_for, scenario)
    assert screen_problems(dialog, label_buddies=False) == []
    support = dialog.partner_buttons["victim_support"]
    assert not support.isEnabled()
    reason = dialog.partner_reasons["victim_support"]
    assert reason.isVisible() and "consent" in reason.text().lower()
    _click_radio(ui, support)
    assert not support.isChecked() and dialog.chosen_partner() is None
    assert not dialog.choose("victim_support")
    assert not dialog.partner_buttons["met_police"].isEnabled()

    stop_hate = dialog.partner_buttons["stop_hate_uk"]
    assert stop_hate.isEnabled() and not dialog.partner_reasons["stop_hate_uk"].isVisible()
    ui.click(dialog.save_button)  # no partner chosen
    assert dialog.partner_error.isVisible() and dialog.saved is None
    _click_radio(ui, stop_hate)
    assert dialog.chosen_partner() is not None
    assert not dialog.checklist.isVisible()  # no checklist for Stop Hate UK
    ui.type_into(dialog.reason, "A second referral, for advocacy with her landlord.")
    ui.click(dialog.save_button)
    assert dialog.saved is not None
    with store.session_factory.begin() as session:
        partners = [
            r.partner
            for r in person_history(session, scenario.officer, scenario.person_id).referrals
        ]
    assert sorted(partners) == ["stop_hate_uk", "stop_hate_uk"]


def test_the_marac_checklist_scores_as_it_is_ticked(ui, store, make_actor, ctx_for) -> None:  # type: ignore[no-untyped-def]
    scenario = build_person(store, make_actor)
    with store.session_factory.begin() as session:
        record_consent(
            session,
            scenario.officer,
            scenario.person_id,
            "referral",
            True,
            "in_person",
            partner="cmarac",
        )
    dialog = _dialog(ui, ctx_for, scenario)
    high = victim_words().risk_high_score
    codes = list(dialog.risk_checks)
    assert dialog.choose("cmarac")
    assert dialog.checklist.isVisible()
    assert dialog.score.text().startswith(f"Score: 0 of {len(codes)}")
    for code in codes[: high - 1]:
        ui.click(dialog.risk_checks[code])
    assert dialog.score.text().startswith(f"Score: {high - 1} of")
    assert not dialog.high.isVisible()
    ui.click(dialog.risk_checks[codes[high - 1]])
    assert dialog.score.text().startswith(f"Score: {high} of")
    assert dialog.high.isVisible() and dialog.high.text() == "High risk"
    ui.click(dialog.risk_checks[codes[0]])  # untick one: below the high score again
    assert not dialog.high.isVisible()
    ui.click(dialog.risk_checks[codes[0]])
    ui.type_into(dialog.reason, "Targeted at home repeatedly; threats to harm her.")
    ui.click(dialog.save_button)
    assert dialog.saved is not None
    with store.session_factory.begin() as session:
        marac = next(
            r
            for r in person_history(session, scenario.officer, scenario.person_id).referrals
            if r.partner == "cmarac"
        )
    assert marac.risk_score == high and sorted(marac.risk_answers) == sorted(codes[:high])
