"""The start page: who is signed in, the areas they can open, this laptop, recent activity."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hfhate.clock import LONDON
from hfhate.models import Role
from hfhate.services import audit
from hfhate.services.device import this_device
from hfhate.sync.outbox import needs_attention_count, waiting_count
from hfhate.ui.context import UiContext
from hfhate.ui.formatting import london_time
from hfhate.ui.forms import heading
from hfhate.ui.sync.demo_wording import DEMO_NOT_SENT


def greeting(now: datetime) -> str:
    hour = now.astimezone(LONDON).hour
    return "Good morning" if hour < 12 else "Good afternoon" if hour < 18 else "Good evening"


class StartPage(QWidget):
    """First page after sign-in; ``areas`` are (title, description, open) for each area."""

    def __init__(
        self,
        ctx: UiContext,
        areas: Sequence[tuple[str, str, Callable[[], None]]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        first_name = ctx.actor.full_name.split()[0] if ctx.actor.full_name else ""
        layout.addWidget(heading(f"{greeting(datetime.now(LONDON))}, {first_name}"))
        layout.addWidget(
            QLabel(f"You are signed in as {ctx.actor.full_name} ({ctx.actor.roles_label}).")
        )

        # What is waiting on the user first: on a 720-pixel screen it shows without scrolling.
        if ctx.actor.has(Role.ENGAGEMENT_OFFICER):
            from hfhate.ui.engagement.overdue_box import OverdueFollowUps  # engagement only

            self.overdue = OverdueFollowUps(ctx)
            layout.addWidget(self.overdue)
        if ctx.actor.has(Role.SUPERVISOR):
            from hfhate.ui.subject_access.overdue_box import OverdueRequests  # supervisors only

            self.overdue_requests = OverdueRequests(ctx)
            layout.addWidget(self.overdue_requests)
            from hfhate.ui.victims.overdue_box import OverdueReferrals  # supervisors only

            self.overdue_referrals = OverdueReferrals(ctx)
            layout.addWidget(self.overdue_referrals)
        # Two columns of areas, each its button and what it is for: a supervisor's fourteen
        # fit under what is waiting on a 720-pixel screen.
        areas_box = QGroupBox("Your areas")
        areas_layout = QGridLayout(areas_box)
        for number, (title, description, open_area) in enumerate(areas):
            button = QPushButton(title)
            button.setAccessibleName(f"Open {title}")
            button.setAccessibleDescription(description)
            button.setToolTip(description)
            button.setProperty("role", "area")
            button.clicked.connect(open_area)
            words = QLabel(description[:1].upper() + description[1:])
            words.setWordWrap(True)
            row, column = divmod(number, 2)
            areas_layout.addWidget(button, row, column * 2)
            areas_layout.addWidget(words, row, column * 2 + 1)
        for column in (1, 3):
            areas_layout.setColumnStretch(column, 1)
        layout.addWidget(areas_box)

        laptop_box = QGroupBox("This laptop")
        laptop_form = QFormLayout(laptop_box)
        self.device_label = QLabel()
        self.sync_label = QLabel()
        self.sync_label.setObjectName("sync_waiting")
        self.sync_label.setWordWrap(True)
        folder = QLabel(str(ctx.paths.data_dir))
        folder.setWordWrap(True)
        laptop_form.addRow("Name", self.device_label)
        laptop_form.addRow("Data folder", folder)
        laptop_form.addRow("Sending" if ctx.demo else "Waiting to sync", self.sync_label)
        layout.addWidget(laptop_box)

        recent_box = QGroupBox("Your recent activity")
        recent_layout = QVBoxLayout(recent_box)
        self.recent = QListWidget()
        self.recent.setAccessibleName("Your recent activity")
        recent_layout.addWidget(self.recent)
        layout.addWidget(recent_box, 1)
        ctx.changes.changed.connect(lambda _changes: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        device, waiting, attention, events = self.ctx.read(
            lambda session: (
                this_device(session),
                waiting_count(session),
                needs_attention_count(session),
                [
                    (event.at, audit.describe_event(session, event))
                    for event in audit.recent_events_of(session, self.ctx.actor, limit=15)
                ],
            )
        )
        code = f", device code {device.code:03d}" if device.code is not None else ""
        self.device_label.setText(f"{device.name}{code}")
        if self.ctx.demo:
            text = DEMO_NOT_SENT
        else:
            text = f"{waiting} change{'s' if waiting != 1 else ''} kept safely on this laptop"
            text += " until it is connected to the council's server." if waiting else "."
            if attention:
                text += f" {attention} need attention."
        self.sync_label.setText(text)
        self.recent.clear()
        for at, said in events:
            self.recent.addItem(f"{london_time(at)}  {said}")
