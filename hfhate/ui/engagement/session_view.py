"""One session as recorded: what, when, who, the confidence change, the register, its
follow-ups and every change made to it (from the audit trail).

Engagement officers change or duplicate the session and add and complete follow-ups from here;
supervisors read it.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hfhate.models import FollowUp, Role
from hfhate.services.audit import describe_action
from hfhate.services.engagement import sessions as engagement
from hfhate.services.engagement.rules import engagement_reference, london_today
from hfhate.services.engagement.sessions import SessionDetails
from hfhate.services.retention.erased_fields import erased_note
from hfhate.ui.context import UiContext
from hfhate.ui.engagement.follow_up_dialogs import CompleteFollowUpDialog, FollowUpDialog
from hfhate.ui.engagement.session_form import SessionForm
from hfhate.ui.engagement.widgets import button
from hfhate.ui.engagement.wording import (
    average_text,
    change_text,
    day_text,
    due_text,
    labels,
    times_text,
    type_text,
)
from hfhate.ui.formatting import london_time
from hfhate.ui.forms import heading

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from hfhate.models import AuditEvent


def details_html(details: SessionDetails) -> str:
    """The session as a page of text for the details tab."""
    ref = engagement_reference()
    s = details.record
    rows = [
        ("Type", type_text(s.session_type, s.specialised_topic)),
        ("When", f"{day_text(s.session_date)}, {times_text(s.start_time, s.end_time)}"),
        ("Where", f"{s.venue}, {s.ward} ward"),
        ("School or organisation", details.organisation.name if details.organisation else ""),
        ("Year groups", ", ".join(s.year_groups)),
        ("Audience", ref.audiences.get(s.audience, s.audience)),
        (
            "Attendees",
            str(s.attendees)
            + (
                " ("
                + ", ".join(
                    f"{n} {ref.audiences[k].lower()}" for k, n in s.attendee_breakdown.items()
                )
                + ")"
                if s.attendee_breakdown
                else ""
            ),
        ),
        ("Facilitators", ", ".join(u.full_name for u in details.facilitators)),
        ("Partners", ", ".join(o.name for o in details.partners)),
        ("Hate-crime categories", labels(s.categories, ref.categories)),
        ("Topics covered", labels(s.topics, ref.topics)),
        ("Materials used", s.materials),
        ("Notes", s.notes),
        ("Feedback", s.feedback),
    ]
    html = ["<table cellspacing='0' cellpadding='3'>"]
    html += [
        f"<tr><th align='left' valign='top'>{escape(k)}</th><td>{escape(v)}</td></tr>"
        for k, v in rows
        if v
    ]
    html.append("</table>")
    if details.confidence:
        html.append(
            "<h3>Confidence, 1 to 5</h3><table cellspacing='0' cellpadding='3'>"
            "<tr><th align='left'>Question</th><th align='left'>Before</th>"
            "<th align='left'>After</th><th align='left'>Change</th></tr>"
        )
        for c in details.confidence:
            html.append(
                f"<tr><td>{escape(ref.confidence_questions.get(c.question, c.question))}</td>"
                f"<td>{average_text(c.before_average, c.before_responses)}</td>"
                f"<td>{average_text(c.after_average, c.after_responses)}</td>"
                f"<td><b>{change_text(c.before_average, c.after_average)}</b></td></tr>"
            )
        html.append("</table>")
    if details.register:
        html.append(
            f"<h3>Attendance register: {len(details.register)} people</h3>"
            "<table cellspacing='0' cellpadding='3'><tr><th align='left'>Name</th>"
            "<th align='left'>Role</th><th align='left'>Organisation</th></tr>"
        )
        html += [
            f"<tr><td>{escape(_erased_or(r.erased_at, r.name))}</td><td>{escape(r.role)}</td>"
            f"<td>{escape(r.organisation)}</td></tr>"
            for r in details.register
        ]
        html.append("</table>")
    return "".join(html)


def _erased_or(erased_at: datetime | None, text: str) -> str:
    """``text``, or the note saying when it was erased under the retention schedule."""
    return erased_note(erased_at) if erased_at is not None else text


def follow_up_text(follow_up: FollowUp, owner: str) -> str:
    ref = engagement_reference()
    if follow_up.kind == "action":
        head = f"Action: {_erased_or(follow_up.erased_at, follow_up.description)}"
    else:
        category = ref.disclosure_categories.get(follow_up.category, follow_up.category)
        referral = ref.referral_routes.get(follow_up.referral, follow_up.referral)
        said = _erased_or(follow_up.erased_at, follow_up.description)
        head = f"Disclosure ({category}), referral: {referral}. {said}"
    if follow_up.done and follow_up.done_on:
        return f"{head} | Done {follow_up.done_on:%d %b %Y}: {follow_up.outcome}"
    if follow_up.kind == "disclosure" and not follow_up.flagged:
        return f"{head} | Not flagged for follow-up"
    return f"{head} | {owner}, {due_text(follow_up.due_on, london_today())}"


class SessionView(QDialog):
    """Read a session; ``ask`` shows it until closed."""

    def __init__(
        self, ctx: UiContext, session_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session_id = session_id
        self.follow_ups: list[FollowUp] = []
        can_change = ctx.actor.has(Role.ENGAGEMENT_OFFICER)
        layout = QVBoxLayout(self)
        self.title = heading("")
        layout.addWidget(self.title)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Session")
        self.details = QTextBrowser()
        self.details.setAccessibleName("Session details")
        self.tabs.addTab(self.details, "&Details")

        follow_page = QWidget()
        follow_layout = QVBoxLayout(follow_page)
        self.follow_list = QListWidget()
        self.follow_list.setAccessibleName("Follow-ups")
        self.follow_list.setWordWrap(True)
        follow_layout.addWidget(self.follow_list, 1)
        row = QHBoxLayout()
        self.add_action_button = button("Add &action…", lambda: self.add_follow_up("action"))
        self.add_disclosure_button = button(
            "Record a dis&closure…", lambda: self.add_follow_up("disclosure")
        )
        self.done_button = button("&Mark done…", self.mark_done)
        for widget in (self.add_action_button, self.add_disclosure_button, self.done_button):
            widget.setVisible(can_change)
            row.addWidget(widget)
        row.addStretch(1)
        follow_layout.addLayout(row)
        self.tabs.addTab(follow_page, "&Follow-ups")

        self.history = QListWidget()
        self.history.setAccessibleName("Edit history")
        self.history.setWordWrap(True)
        self.tabs.addTab(self.history, "&Edit history")
        layout.addWidget(self.tabs, 1)

        bottom = QHBoxLayout()
        self.change_button = button("C&hange…", self.change)
        self.duplicate_button = button("D&uplicate…", self.duplicate)
        self.incident_button = button("Record an &incident…", self.record_incident)
        self.close_button = button("Close", self.accept)
        for widget in (self.change_button, self.duplicate_button, self.incident_button):
            widget.setVisible(can_change)
            bottom.addWidget(widget)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)
        self.follow_list.currentRowChanged.connect(self._update_buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 110, metrics.height() * 40)
        self.ctx.run(lambda session: engagement.note_session_viewed(session, ctx.actor, session_id))
        self.reload()

    def reload(self) -> None:
        details, history, owners = self.ctx.read(self._read)
        record = details.record
        title = record.title or type_text(record.session_type, record.specialised_topic)
        self.title.setText(f"{title}, {day_text(record.session_date)}")
        self.title.setAccessibleName(self.title.text())
        self.setWindowTitle(f"{title} - hfhate")
        self.details.setHtml(details_html(details))
        self.follow_ups = details.follow_ups
        self.follow_list.clear()
        for follow_up in details.follow_ups:
            owner = owners.get(str(follow_up.owner_id), "")
            item = QListWidgetItem(follow_up_text(follow_up, owner))
            item.setData(Qt.ItemDataRole.UserRole, follow_up.id)
            self.follow_list.addItem(item)
        if not details.follow_ups:
            self.follow_list.addItem("No follow-ups: add an action or record a disclosure.")
        self.tabs.setTabText(1, f"&Follow-ups ({len(details.follow_ups)})")
        self.history.clear()
        for event in reversed(history):
            fields = event.details.get("fields") or []
            changed = f": {', '.join(f.replace('_', ' ') for f in fields)}" if fields else ""
            who = owners.get(str(event.user_id), event.username or "")
            what = describe_action(event.action, record="the session")
            self.history.addItem(f"{london_time(event.at)}  {who}  {what}{changed}")
        self.tabs.setTabText(2, f"&Edit history ({len(history)})")
        self._update_buttons()

    def _read(self, session: Session) -> tuple[SessionDetails, list[AuditEvent], dict[str, str]]:
        """The session, its edit history, and the names of the people in them."""
        details = engagement.get_session(session, self.ctx.actor, self.session_id)
        history = engagement.session_history(session, self.ctx.actor, self.session_id)
        owners = engagement.user_names(
            session,
            [str(f.owner_id) for f in details.follow_ups if f.owner_id]
            + [str(e.user_id) for e in history if e.user_id],
        )
        return details, history, owners

    def selected_follow_up(self) -> FollowUp | None:
        row = self.follow_list.currentRow()
        return self.follow_ups[row] if 0 <= row < len(self.follow_ups) else None

    def _update_buttons(self) -> None:
        chosen = self.selected_follow_up()
        self.done_button.setEnabled(
            chosen is not None and not chosen.done and (chosen.kind == "action" or chosen.flagged)
        )

    def add_follow_up(self, kind: str) -> None:
        if FollowUpDialog.ask(self.ctx, self.session_id, kind, self) is not None:
            self.reload()
            self.tabs.setCurrentIndex(1)

    def mark_done(self) -> None:
        chosen = self.selected_follow_up()
        if chosen is not None and CompleteFollowUpDialog.ask(
            self.ctx, chosen.id, chosen.description, self
        ):
            self.reload()

    def change(self) -> None:
        if SessionForm.ask(self.ctx, session_id=self.session_id, parent=self) is not None:
            self.reload()

    def duplicate(self) -> None:
        template = self.ctx.read(
            lambda session: engagement.template_from(session, self.ctx.actor, self.session_id)
        )
        saved = SessionForm.ask(
            self.ctx, template=template, duplicated_from=self.session_id, parent=self
        )
        if saved is not None:
            self.session_id = saved
            self.reload()

    def record_incident(self) -> None:
        """A hate crime or incident that arose at this session (from the disclosure chosen in
        Follow-ups, if one is), with the people in it."""
        from hfhate.ui.victims.incident_form import AroseFrom, IncidentForm

        chosen = self.selected_follow_up()
        disclosure = chosen if chosen is not None and chosen.kind == "disclosure" else None
        label = f"The session {self.title.text()}" + (
            f", disclosure: {disclosure.description[:80]}" if disclosure is not None else ""
        )
        IncidentForm.ask(
            self.ctx,
            arose_from=AroseFrom(
                label,
                session_id=self.session_id,
                follow_up_id=disclosure.id if disclosure is not None else None,
            ),
            parent=self,
        )

    @classmethod
    def ask(cls, ctx: UiContext, session_id: uuid.UUID, parent: QWidget | None = None) -> None:
        cls(ctx, session_id, parent).exec()
