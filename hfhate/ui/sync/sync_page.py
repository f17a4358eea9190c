"""The Sync area: is this laptop enrolled, the last sync, "Sync now", what needs attention.

Administrators enrol the laptop here with the server's address and a one-time code. "Sync now"
asks for the signed-in user's password the first time and keeps it in memory for this signed-in
session only (never on disk; forgotten when a sync stops, e.g. because the password was wrong),
so later syncs need no typing. Enrolling and syncing run in a worker thread (``StoreJob``).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hfhate.models import Role
from hfhate.models.store import Store
from hfhate.services.audit import describe_action
from hfhate.sync import attention, client, status
from hfhate.sync.transport import SyncError, Transport
from hfhate.ui.context import UiContext
from hfhate.ui.formatting import london_time
from hfhate.ui.forms import FieldErrors, heading, set_role
from hfhate.ui.sync.attention_list import AttentionList, Resolve
from hfhate.ui.sync.password_dialog import ServerPasswordDialog
from hfhate.ui.sync.worker import StoreJob


class SyncPage(QWidget):
    """What the laptop holds for the server, and the buttons that move it."""

    def __init__(self, ctx: UiContext, *,
                 transport_factory: client.TransportFactory = Transport) -> None:
        super().__init__()
        self.ctx = ctx
        self.transport_factory = transport_factory
        self.job: StoreJob | None = None
        self._password: str | None = None  # this signed-in session only, never stored
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Sync"))

        self.facts = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for key, caption in (("server", "Server"), ("device", "Device code"),
                             ("last_sync", "Last sync"), ("result", "Result"),
                             ("waiting", "Waiting to be sent"),
                             ("attention", "Needing attention")):
            value = QLabel()
            value.setObjectName(f"sync_{key}")
            value.setWordWrap(True)
            value.setAccessibleName(caption)
            self.values[key] = value
            self.facts.addRow(QLabel(caption), value)
        layout.addLayout(self.facts)

        self.enrol_box = QGroupBox("Enrol this laptop with the server")
        form = QFormLayout(self.enrol_box)
        self.enrol_fields = FieldErrors(form)
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://")
        self.code = QLineEdit()
        self.enrol_fields.add("url", "Server &address", self.url)
        self.enrol_fields.add("code", "One-time &code", self.code,
                              hint="From the server's administrator: hfhate-server "
                                   "enrolment-code. It works once, for 24 hours.")
        self.enrol_button = QPushButton("&Enrol")
        self.enrol_button.setAccessibleName("Enrol")
        self.enrol_button.clicked.connect(self.enrol)
        enrol_row = QHBoxLayout()
        enrol_row.addWidget(self.enrol_button)
        enrol_row.addStretch(1)
        form.addRow("", enrol_row)
        layout.addWidget(self.enrol_box)

        row = QHBoxLayout()
        self.sync_button = QPushButton("&Sync now")
        self.sync_button.setAccessibleName("Sync now")
        self.sync_button.clicked.connect(self.sync_now)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName("Syncing")
        self.busy.setMaximumWidth(160)
        self.busy.hide()
        row.addWidget(self.sync_button)
        row.addWidget(self.busy)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = QLabel()
        self.message.setObjectName("sync_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        layout.addWidget(heading("Needs attention", 1.15))
        self.attention = AttentionList(self.resolve)
        layout.addWidget(self.attention)
        layout.addWidget(heading("Recent syncs", 1.15))
        self.history = QLabel()
        self.history.setObjectName("sync_history")
        self.history.setWordWrap(True)
        layout.addWidget(self.history)
        layout.addStretch(1)
        ctx.changes.changed.connect(lambda _type: self.refresh())
        self.refresh()

    @property
    def running(self) -> bool:
        return self.job is not None

    def refresh(self) -> None:
        with self.ctx.session_factory() as session:
            now = status.sync_status(session, self.ctx.actor)
            items = attention.attention_items(session, self.ctx.actor)
            history = [(e.at, e.action, e.details) for e in status.sync_history(session)]
        code = f"{now.device_code:03d}" if now.device_code is not None else "not set"
        self.values["server"].setText(now.server_url or "Not enrolled")
        self.values["device"].setText(code)
        self.values["last_sync"].setText(london_time(now.last_sync_at) or "Never")
        self.values["result"].setText(status.status_line(now))
        self.values["waiting"].setText(status.changes(now.waiting))
        self.values["attention"].setText(status.changes(now.attention))
        self.enrol_box.setVisible(not now.enrolled and self.ctx.actor.has(Role.ADMINISTRATOR))
        self.sync_button.setEnabled(now.enrolled and not self.running)
        self.attention.show_items(items)
        self.history.setText("\n".join(
            f"{london_time(at)}  {describe_action(action)}"
            + (f": {details['reason']}" if action == "sync_failed" else "")
            for at, action, details in history) or "No syncs yet.")

    def _say(self, text: str, role: str = "ok") -> None:
        self.message.setText(text)
        set_role(self.message, role)

    def _start(self, job: StoreJob) -> None:
        self.job = job
        self.busy.show()
        self.sync_button.setEnabled(False)
        self.enrol_button.setEnabled(False)
        job.start()

    def _finished(self) -> None:
        self.job = None
        self.busy.hide()
        self.enrol_button.setEnabled(True)
        self.ctx.changes.changed.emit("sync")
        self.refresh()

    def enrol(self) -> None:
        url, code = self.url.text().strip(), self.code.text().strip()
        problems = {}
        if not url.startswith(("https://", "http://")):
            problems["url"] = "Type the server's address, starting with https://"
        if not code:
            problems["code"] = "Type the one-time code from the server."
        self.enrol_fields.show_errors(problems)
        if problems or self.running:
            return
        actor, factory = self.ctx.actor, self.transport_factory

        def work(store: Store) -> dict[str, str] | int:
            try:
                with factory(url) as transport:
                    client.check_health(transport)
            except SyncError as error:
                return {"url": str(error)}
            try:
                return client.enrol(store, actor, url, code, factory).device_code
            except SyncError as error:
                return {"code": str(error)}

        job = StoreJob(self.ctx.paths, work)
        job.signals.finished.connect(self._enrolled)
        job.signals.failed.connect(self._enrol_failed)
        self._say("Enrolling…", "hint")
        self._start(job)

    def _enrolled(self, result: dict[str, str] | int) -> None:
        if isinstance(result, dict):
            self.enrol_fields.show_errors(result)
            self._say("")
        else:
            self.code.clear()
            self._say(f"This laptop is enrolled as device {result:03d}.")
        self._finished()

    def _enrol_failed(self, reason: str) -> None:
        self.enrol_fields.show_errors({"code": reason})
        self._finished()

    def sync_now(self) -> None:
        if self.running:
            return
        if self._password is None:
            self._password = ServerPasswordDialog.ask(self.ctx.actor.username, self)
            if self._password is None:
                return
        actor, password, factory = self.ctx.actor, self._password, self.transport_factory
        job = StoreJob(self.ctx.paths,
                       lambda store: client.sync(store, actor, password, factory))
        job.signals.finished.connect(self._synced)
        job.signals.failed.connect(self._sync_failed)
        self._say("Syncing: sending this laptop's changes, then receiving the server's…",
                  "hint")
        self._start(job)

    def _synced(self, report: client.SyncReport) -> None:
        text = (f"Synced: {report.pushed} sent, {report.pulled} received"
                + (f", {report.held_back} held back until this laptop's changes are sent"
                   if report.held_back else "")
                + (f", {report.needs_attention} "
                   f"need{'s' if report.needs_attention == 1 else ''} attention (below)"
                   if report.needs_attention else "") + ".")
        self._say(text, "alarm" if report.needs_attention else "ok")
        self._finished()

    def _sync_failed(self, reason: str) -> None:
        self._password = None  # ask again next time: it may have been the wrong one
        with self.ctx.session_factory.begin() as session:
            status.record_failure(session, self.ctx.actor, reason)
        self._say(f"Sync stopped. {reason}", "error")
        self._finished()

    def resolve(self, action: Resolve, seq: int) -> None:
        try:
            with self.ctx.session_factory.begin() as session:
                action(session, self.ctx.actor, seq)
        except attention.AttentionError as error:
            self._say(str(error), "error")
        else:
            self._say("Sent again at the next sync." if action is attention.send_again
                      else "The server's version stands; this laptop's change was dropped.")
        self.ctx.changes.changed.emit("sync")

