"""The table models behind the engagement lists: sessions, follow-ups and trained staff.

Sessions and follow-ups come from the store a page at a time as the user scrolls
(``canFetchMore``/``fetchMore``), with a count for the total, so a list over tens of
thousands of sessions opens without loading them all. Each reload is one short transaction.
"""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from hfhate.services.engagement import follow_ups as engagement_follow_ups
from hfhate.services.engagement import queries as engagement_queries
from hfhate.services.engagement import sessions as engagement
from hfhate.services.engagement.follow_ups import FollowUpRow
from hfhate.services.engagement.queries import SessionFilter, SessionRow, TrainedPerson
from hfhate.services.engagement.rules import engagement_reference, london_today
from hfhate.ui.context import UiContext
from hfhate.ui.engagement.wording import day_text, due_text, times_text, type_text
from hfhate.ui.tables import ListTableModel, PagedTableModel

# The error red of app.qss: readable on white, and on the alternating grey rows.
OVERDUE_COLOUR = QBrush(QColor("#a4000f"))


class SessionsTableModel(PagedTableModel[SessionRow]):
    """Sessions matching the filter, newest first."""

    HEADERS = (
        "Date",
        "Time",
        "Type",
        "Title",
        "School or organisation",
        "Ward",
        "Attendees",
        "Facilitators",
    )
    RIGHT_ALIGNED = frozenset({6})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.filter = SessionFilter()
        self.names: dict[str, str] = {}

    def set_filter(self, flt: SessionFilter) -> None:
        self.filter = flt
        self.reload()

    def count(self, session: Session) -> int:
        return engagement_queries.count_sessions(session, self.ctx.actor, self.filter)

    def page(self, session: Session, offset: int, limit: int) -> list[SessionRow]:
        rows = engagement_queries.list_sessions(
            session, self.ctx.actor, self.filter, offset=offset, limit=limit
        )
        missing = {i for r in rows for i in r.facilitator_ids} - set(self.names)
        self.names |= engagement.user_names(session, sorted(missing))
        return rows

    def text(self, row: SessionRow, column: int) -> str:
        if column == 0:
            return day_text(row.session_date)
        if column == 1:
            return times_text(row.start_time, row.end_time)
        if column == 2:
            return type_text(row.session_type, row.specialised_topic)
        if column == 3:
            return row.title
        if column == 4:
            return row.organisation or ""
        if column == 5:
            return row.ward
        if column == 6:
            return str(row.attendees)
        return ", ".join(self.names.get(i, "") for i in row.facilitator_ids)


class FollowUpsTableModel(PagedTableModel[FollowUpRow]):
    """Follow-ups in a state (open, overdue, done, all), optionally one owner's only."""

    HEADERS = ("Due", "What", "Kind", "Referral", "Owner", "Session", "Done")

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.state = "open"
        self.mine_only = False
        self.today = london_today()

    def set_view(self, state: str, mine_only: bool) -> None:
        self.state, self.mine_only = state, mine_only
        self.reload()

    def reload(self) -> None:
        self.today = london_today()
        super().reload()

    def _owner(self) -> uuid.UUID | None:
        return self.ctx.actor.user_id if self.mine_only else None

    def count(self, session: Session) -> int:
        return engagement_follow_ups.count_follow_ups(
            session, self.ctx.actor, state=self.state, today=self.today, owner_id=self._owner()
        )

    def page(self, session: Session, offset: int, limit: int) -> list[FollowUpRow]:
        return engagement_follow_ups.list_follow_ups(
            session,
            self.ctx.actor,
            state=self.state,
            today=self.today,
            owner_id=self._owner(),
            offset=offset,
            limit=limit,
        )

    def text(self, row: FollowUpRow, column: int) -> str:
        ref = engagement_reference()
        if column == 0:
            return "" if row.done else due_text(row.due_on, self.today)
        if column == 1:
            return row.description
        if column == 2:
            if row.kind == "action":
                return "Action"
            category = ref.disclosure_categories.get(row.category, row.category)
            return f"Disclosure: {category}" + (" (flagged)" if row.flagged else "")
        if column == 3:
            return ref.referral_routes.get(row.referral, "")
        if column == 4:
            return row.owner_name
        if column == 5:
            what = row.session_title or type_text(row.session_type)
            return f"{day_text(row.session_date)}, {what}"
        return f"{row.done_on:%d %b %Y}: {row.outcome}" if row.done and row.done_on else ""

    def role_data(self, row: FollowUpRow, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and row.overdue(self.today):
            return OVERDUE_COLOUR
        return None


class TrainedPeopleModel(ListTableModel[TrainedPerson]):
    """People on training registers with their latest training (the finder's result)."""

    HEADERS = ("Name", "Role", "Organisation", "Last trained", "Training", "Times trained")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cutoff: date | None = None

    def set_people(self, people: list[TrainedPerson], cutoff: date) -> None:
        """Show ``people``, those not trained since ``cutoff`` in red."""
        self.cutoff = cutoff
        self.set_rows(people)

    def text(self, person: TrainedPerson, column: int) -> str:
        values = (
            person.name,
            person.role,
            person.organisation,
            day_text(person.last_trained),
            type_text(person.last_session_type),
            str(person.times_trained),
        )
        return values[column]

    def role_data(self, person: TrainedPerson, column: int, role: int) -> object:
        due = self.cutoff is not None and person.due(self.cutoff)
        return OVERDUE_COLOUR if role == Qt.ItemDataRole.ForegroundRole and due else None
