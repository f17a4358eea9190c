"""Printing a notice straight after issuing it, from the outcome screen."""

from __future__ import annotations

from hfhate.ui.print_queue.preview_dialog import PrintPreviewDialog


def test_the_officer_can_print_the_notice_just_issued(
    officer_form, numbered_laptop, stored_notices, monkeypatch
):
    asked: list[list[object]] = []
    monkeypatch.setattr(
        PrintPreviewDialog,
        "ask",
        classmethod(lambda cls, ctx, ids, parent=None: asked.append(list(ids))),
    )
    officer_form.fill_notice()
    officer_form.wait_ready()
    officer_form.ui.click(officer_form.form.issue_button)
    desk = officer_form.page.desk
    officer_form.qtbot.waitUntil(lambda: desk.currentWidget() is desk.result, timeout=3000)
    assert desk.result.print_button.isVisible()
    officer_form.ui.click(desk.result.print_button)
    (notice,) = stored_notices()
    assert asked == [[notice.id]]


def test_a_warning_has_no_print_button(officer_form):
    officer_form.ui.click(officer_form.form.warning_choice)
    officer_form.fill_notice()
    officer_form.wait_ready()
    officer_form.ui.click(officer_form.form.issue_button)
    desk = officer_form.page.desk
    officer_form.qtbot.waitUntil(lambda: desk.currentWidget() is desk.result, timeout=3000)
    assert desk.result.title.text() == "Warning recorded"
    assert not desk.result.print_button.isVisible()
