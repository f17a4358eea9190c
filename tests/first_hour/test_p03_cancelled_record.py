"""Issue 12 point 3: a cancelled record says one thing.

A notice cancelled by the council, and one whose representation was accepted, printed through
the print queue's service on both layouts: the record states the particulars of the offence and
of the cancellation (its date, and the kind of reason, not the free text the supervisor typed),
and none of the payment offer: no amounts, no "How to pay", no barcode, no threat of prosecution.
On A4 the CANCELLED mark lies wholly inside the page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from hfhate.models import FixedPenaltyNotice
from hfhate.models.store import Store
from hfhate.printing.notice_pdf import write_notices
from hfhate.printing.particulars import Layout, NoticeToPrint
from hfhate.printing.template import shipped_wording
from hfhate.services.actor import Actor
from hfhate.services.notices import issuing, lifecycle
from hfhate.services.notices import print_queue as printing
from hfhate.services.notices.lifecycle import Action
from tests.fixtures.notices import notice_entry
from tests.fixtures.printed_notices import (
    is_turned,
    longest_particulars,
    page_size,
    pages_text,
    text_runs,
)
from tests.fixtures.printing import olivia, sam  # noqa: F401  (fixtures used here)

NOW = datetime(2025, 3, 12, 14, 30, tzinfo=UTC)
PRIVATE = "Recipient is the brother of PC Smith; see email from legal 14/03"
PAYMENT_OFFER = (
    "£60.00",
    "£100.00",
    "The fixed penalty",
    "How, where and to whom to pay",
    "Pay London Borough of Hammersmith & Fulham",
    "By phone",
    "may prosecute you",
    "If you do not pay",
    "No proceedings will be taken",
    "opportunity of discharging any liability",
    "make representations",
)
Cancel = Callable[[Action], FixedPenaltyNotice]


@pytest.fixture
def cancelled(store: Store, officer: Actor, supervisor: Actor) -> Cancel:
    """A notice issued at NOW and cancelled two days later by ``action``, with a private
    free-text reason."""

    def cancel(action: Action) -> FixedPenaltyNotice:
        with store.session_factory.begin() as session:
            notice = issuing.issue_notice(session, officer, notice_entry(NOW), now=NOW)
            if action is Action.ACCEPT_REPRESENTATION:
                lifecycle.apply_action(
                    session,
                    supervisor,
                    notice.id,
                    Action.RECEIVE_REPRESENTATION,
                    reason="Letter from the recipient",
                    now=NOW + timedelta(days=1),
                )
            lifecycle.apply_action(
                session, supervisor, notice.id, action, reason=PRIVATE, now=NOW + timedelta(days=2)
            )
            return notice

    return cancel


def printed(store: Store, supervisor: Actor, notice: FixedPenaltyNotice, out: Path) -> list[str]:
    with store.session_factory.begin() as session:
        prints = printing.prepare_notice_prints(
            session, supervisor, [notice.id], now=NOW + timedelta(days=5)
        )
    write_notices(out, prints, shipped_wording(), Layout(out.stem))
    return pages_text(out)


@pytest.mark.parametrize("layout", list(Layout))
@pytest.mark.parametrize(
    ("action", "because"),
    [
        (Action.CANCEL, "Cancelled by the council"),
        (Action.ACCEPT_REPRESENTATION, "Representation accepted"),
    ],
)
def test_a_cancelled_record_states_the_cancellation_not_the_payment_offer(
    store: Store,
    supervisor: Actor,
    cancelled: Cancel,
    tmp_path: Path,
    layout: Layout,
    action: Action,
    because: str,
) -> None:
    notice = cancelled(action)
    [text] = printed(store, supervisor, notice, tmp_path / f"{layout.value}.pdf")
    assert "CANCELLED - NOT VALID FOR PAYMENT" in text
    assert "This notice was cancelled on 14 March 2025." in text
    offered = [words for words in PAYMENT_OFFER if words in text]
    assert offered == []
    # The particulars of the offence ...
    for particular in (
        "Particulars of the offence",
        str(notice.number),
        "12 March 2025 at 14:00",
        "King Street, outside Lyric Square",
        "shouting sexual comments at her while she asked him to stop",
        "Kevin Example",
        "Olivia Person",
        "LET-0042",
    ):
        assert particular in text, particular
    # ... and of the cancellation: its date and the kind of reason, not what was typed.
    assert "The cancellation" in text
    assert "Date cancelled" in text and "14 March 2025" in text
    assert because in text
    assert PRIVATE not in text and "PC Smith" not in text


def test_the_cancelled_mark_lies_inside_the_page(tmp_path: Path) -> None:
    """Inside the page, and inside the area its text is printed in: a printer cannot print
    the few millimetres at a sheet's edges, so a mark reaching them comes out clipped."""
    out = tmp_path / "cancelled.pdf"
    record = NoticeToPrint(
        longest_particulars(), date(2025, 4, 1), copy=True, cancelled_on=date(2025, 3, 20)
    )
    write_notices(out, [record], shipped_wording(), Layout.A4)
    width, height = page_size(out, 0)
    runs = text_runs(out, 0)
    [mark] = [run for run in runs if is_turned(run)]
    assert mark.text == "CANCELLED"
    lines = [corner for run in runs if not is_turned(run) for corner in run.corners]
    left, right = min(x for x, _y in lines), max(x for x, _y in lines)
    bottom, top = min(y for _x, y in lines), max(y for _x, y in lines)
    assert 0 < left < right < width and 0 < bottom < top < height
    outside = [
        (round(x), round(y))
        for x, y in mark.corners
        if not (left <= x <= right and bottom <= y <= top)
    ]
    assert outside == []
    across = [x for x, _y in mark.corners]
    assert max(across) - min(across) > width / 2  # still large: across the page
