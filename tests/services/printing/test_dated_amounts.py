"""The £500 test on a laptop: the amount (and the reduced amount) changed from a date. A notice
issued before that date keeps £100 and £60, on its record and on paper; one issued from that
date is at £500 and £300, and printed so; a first reminder states the amount of its notice
and gives the days in force on the day it is posted."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from pypdf import PdfReader

from hfhate.models import FixedPenaltyNotice
from hfhate.models.store import Store
from hfhate.printing.notice_pdf import write_notices
from hfhate.printing.particulars import Layout
from hfhate.services.actor import Actor
from hfhate.services.notices import print_queue as printing
from hfhate.services.notices.lifecycle import reminder_pay_by
from hfhate.services.notices.settings import StoredSettings
from hfhate.services.notices.wording import current_wording
from hfhate.services.settings.stored import change_setting, settings_on

NOW = datetime(2025, 3, 12, 14, 30, tzinfo=UTC)  # as in conftest.py: notices issue then
FROM = date(2025, 3, 13)  # the Crime and Policing Act's £500, from the next day
SHOTS = Path("/tmp/i19")
Issue = Callable[..., FixedPenaltyNotice]


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def printed(store: Store, supervisor: Actor, notice: FixedPenaltyNotice, out: Path) -> str:
    with store.session_factory.begin() as session:
        prints = printing.prepare_notice_prints(session, supervisor, [notice.id], now=NOW)
        wording = current_wording(session)
    write_notices(out, prints, wording, Layout.A4)
    return pdf_text(out)


def test_old_notices_keep_100_and_new_ones_are_at_500(
    store: Store, issue: Issue, admin: Actor, supervisor: Actor, tmp_path: Path
) -> None:
    before = issue()
    with store.session_factory.begin() as session:
        change_setting(
            session,
            admin,
            "notices.amount_pence",
            50000,
            FROM,
            "Crime and Policing Act",
            today=date(2025, 3, 12),
        )
        change_setting(
            session, admin, "notices.reduced_amount_pence", 30000, FROM, today=date(2025, 3, 12)
        )
        source = StoredSettings(session)
        assert source.notice_settings(NOW).amount_pence == 10000
        assert source.notice_settings(NOW + timedelta(days=1)).amount_pence == 50000
    after = issue(at=NOW + timedelta(days=2))
    assert (before.amount_pence, before.reduced_amount_pence) == (10000, 6000)
    assert (after.amount_pence, after.reduced_amount_pence) == (50000, 30000)

    old_text = printed(store, supervisor, before, tmp_path / "before.pdf")
    assert "£60.00 if paid on or before 22 March 2025" in old_text
    assert "£100.00 if paid after 22 March 2025" in old_text
    assert "£500" not in old_text
    new_text = printed(store, supervisor, after, tmp_path / "after.pdf")
    assert "£300.00 if paid on or before 24 March 2025" in new_text
    assert "£500.00 if paid after 24 March 2025" in new_text
    assert "£100.00" not in new_text
    if SHOTS.is_dir():
        shutil.copy(tmp_path / "after.pdf", SHOTS / "set-500-notice.pdf")


def test_reminder_days_apply_from_their_date(store: Store, admin: Actor) -> None:
    with store.session_factory.begin() as session:
        change_setting(
            session, admin, "reminders.reminder_1_days_to_pay", 21, FROM, today=date(2025, 3, 1)
        )
        assert reminder_pay_by(session, 1, date(2025, 3, 12)) == date(2025, 3, 26)
        assert reminder_pay_by(session, 1, FROM) == FROM + timedelta(days=21)
        assert settings_on(session, FROM).reminder_days(1) == 21
        assert current_wording(session, FROM).letter(1)["days_to_pay"] == 21
