"""Printing screens: the supervisors' print queue, the preview, and printing right after issue.

``print_notices(ctx, notice_ids, parent)`` opens the preview of one or more notices with
Print… and Save PDF…, for the notice form to call once a notice is issued.
``print_queue_page(ctx)`` builds the Print queue area. Both load reportlab and QtPdf only when
first used, so the main window does not wait for them at start-up.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from hfhate.ui.context import UiContext


def print_notices(
    ctx: UiContext, notice_ids: Sequence[uuid.UUID], parent: QWidget | None = None
) -> bool:
    """Preview, print or save notices (an officer's own, or any for a supervisor).

    Returns True when they were printed or saved; each output is on the notices' timelines
    and in the audit trail. A notice printed before prints as a COPY.
    """
    from hfhate.ui.print_queue.preview_dialog import PrintPreviewDialog

    return PrintPreviewDialog.ask(ctx, notice_ids, parent)


def print_queue_page(ctx: UiContext) -> QWidget:
    """The Print queue area's screen."""
    from hfhate.ui.print_queue.queue_page import PrintQueuePage

    return PrintQueuePage(ctx)
