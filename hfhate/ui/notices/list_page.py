"""The Notices and Warnings areas: search, filters, a paged and sortable list, and the detail.

Officers see the notices they issued; supervisors see everyone's (the queries enforce it).
Double-click or Enter on a row opens its detail; Back returns to the list as it was.
The list is asked again whenever a screen reports a change to notices.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from hfhate.models import NoticeKind, Role
from hfhate.services.notices.numbering import InvalidNoticeNumber
from hfhate.services.notices.queries import NoticeFilter
from hfhate.ui.context import UiContext
from hfhate.ui.engagement.widgets import button
from hfhate.ui.notices.filters import NoticeFilters
from hfhate.ui.notices.list_and_detail import NoticeListAndDetail
from hfhate.ui.notices.table_model import NoticesTableModel
from hfhate.ui.tables import fit_columns, list_table

INTRO = {
    NoticeKind.NOTICE: "Fixed penalty notices under the street-harassment order. Open one to "
    "see its timeline{supervisor}.",
    NoticeKind.WARNING: "Warnings given under the street-harassment order, usually before any "
    "notice. Open one to see its details and timeline.",
}


def count_text(count: int, kind: NoticeKind, *, counted: bool = True) -> str:
    """``1,234 notices``, ``1 warning``; while a long list is counted, ``First 200 notices
    shown, counting the rest…``."""
    noun = "notice" if kind is NoticeKind.NOTICE else "warning"
    if not counted:
        return f"First {count:,} {noun}s shown, counting the rest…"
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


class NoticeListPage(NoticeListAndDetail):
    """A list of notices or warnings, with its detail page behind it."""

    def __init__(self, ctx: UiContext, kind: NoticeKind, parent: QWidget | None = None) -> None:
        title = "Notices" if kind is NoticeKind.NOTICE else "Warnings"
        is_supervisor = ctx.actor.has(Role.SUPERVISOR)
        intro = INTRO[kind].format(
            supervisor=" and record payments and decisions" if is_supervisor else ""
        )
        if not is_supervisor:
            intro += " You see the ones you issued."
        super().__init__(ctx, title, intro, parent)
        self.kind = kind
        self.filters = NoticeFilters(ctx, kind)
        self.list_layout.addWidget(self.filters)

        self.model = NoticesTableModel(ctx, kind, self)
        table = list_table(self.model, title, stretch_last=False)
        # Columns fit the screen: the names, places and statuses share the room left over.
        self.columns = fit_columns(table, self.model.elastic_columns())
        header = table.horizontalHeader()
        header.setSortIndicator(self.model.sort_column(), Qt.SortOrder.DescendingOrder)
        table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._keep_indicator_on_sorted_column)
        self.export_button = button("E&xport CSV…", self.export_csv)
        self.export_button.setAccessibleName(f"Export the {title.lower()} listed as CSV")
        self.add_table(table, "list_problem", (self.export_button,))

        self.filters.changed.connect(self.refresh)
        # A long list shows its first rows at once; its count follows from a worker.
        self.model.count_changed.connect(self._say_count)
        self.refresh()

    def refresh(self) -> None:
        """Ask the store again with the current search and filters."""
        try:
            self.model.show_filter(self.filters.current())
        except InvalidNoticeNumber as problem:
            self.model.clear()
            self.filters.show_search_problem(str(problem))
            self.count_label.setText("No search: check the notice number.")
        else:
            self.filters.show_search_problem("")
            self._say_count()
        self.open_button.setEnabled(self.table.currentIndex().isValid())

    def _say_count(self) -> None:
        if self.model.cleared:
            return  # the search could not run: the label says so
        self.count_label.setText(
            count_text(self.model.total, self.kind, counted=self.model.counted)
        )

    def show_filter(self, flt: NoticeFilter) -> None:
        """Show the list ``flt`` selects (from the dashboard), back from any notice's page."""
        self.show_list()
        self.filters.set_filter(flt)

    def export_csv(self) -> None:
        """The list as it is filtered now, as a CSV file, once the user confirms."""
        from hfhate.ui.reports.csv_export import export_list_csv

        noun = "notices" if self.kind is NoticeKind.NOTICE else "warnings"
        export_list_csv(self, self.ctx, self.filters.current(), noun)

    def _keep_indicator_on_sorted_column(self, column: int, _order: Qt.SortOrder) -> None:
        if self.model.sortable(column):
            return
        order = (
            Qt.SortOrder.DescendingOrder if self.model.descending else Qt.SortOrder.AscendingOrder
        )
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(self.model.sort_column(), order)
        header.blockSignals(False)

    def notice_at(self, row: int) -> uuid.UUID | None:
        return self.model.notice_id(row)


class NoticesPage(NoticeListPage):
    """The Notices area."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, NoticeKind.NOTICE, parent)


class WarningsPage(NoticeListPage):
    """The Warnings area."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, NoticeKind.WARNING, parent)
