"""The Sync area: is this laptop enrolled, can the server be reached, the last sync, "Sync now",
when the next automatic sync is, what needs attention.

Administrators enrol the laptop here with the server's address and a one-time code, and choose
the council's own certificate authority if the server needs one (``CaFileBox``). Syncing is the
session's ``SyncController`` (``ctx.sync``): "Sync now" asks for the signed-in user's password
the first time and hands it to the controller, which keeps it in memory for this signed-in
session and syncs by itself from then on. Enrolling runs in a worker thread (``StoreJob``).
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
from hfhate.services.errors import ServiceError
from hfhate.sync import attention, client, clones, status
from hfhate.sync.ca import set_ca_file, stored_ca_file
from hfhate.sync.transport import SyncError
from hfhate.ui.context import UiContext
from hfhate.ui.formatting import london_time
from hfhate.ui.forms import FieldErrors, heading, set_role
from hfhate.ui.operations import Operations
from hfhate.ui.sync.attention_list import AttentionList, Resolve
from hfhate.ui.sync.ca_box import CaFileBox
from hfhate.ui.sync.controller import LINK_CHANGED, SyncController
from hfhate.ui.sync.demo_wording import DEMO_NEVER_SYNCS, DEMO_NOT_SENT, DEMO_NOTHING_WAITS
from hfhate.ui.sync.password_dialog import ServerPasswordDialog
from hfhate.ui.sync.worker import StoreJob

FACTS = (
    ("server", "Server"),
    ("connection", "Connection"),
    ("device", "Device code"),
    ("last_sync", "Last sync"),
    ("result", "Result"),
    ("plan", "Automatic sync"),
    ("waiting", "Waiting to be sent"),
    ("attention", "Needing attention"),
)


class SyncPage(QWidget):
    """What the laptop holds for the server, and the buttons that move it."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        if ctx.sync is None:
            raise ValueError("the Sync area needs the session's SyncController (ctx.sync)")
        self.ctx = ctx
        self.sync: SyncController = ctx.sync
        self.job: StoreJob | None = None  # enrolling
        self.enrolled = False
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Sync"))

        facts = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for key, caption in FACTS:
            value = QLabel()
            value.setObjectName(f"sync_{key}")
            value.setWordWrap(True)
            value.setAccessibleName(caption)
            self.values[key] = value
            facts.addRow(QLabel(caption), value)
        layout.addLayout(facts)

        self.enrol_box = QGroupBox("Enrol this laptop with the server")
        form = QFormLayout(self.enrol_box)
        self.enrol_fields = FieldErrors(form)
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://")
        self.code = QLineEdit()
        self.enrol_fields.add("url", "Server &address", self.url)
        self.enrol_fields.add(
            "code",
            "One-time &code",
            self.code,
            hint="From the server's administrator: hfhate-server "
            "enrolment-code. It works once, for 24 hours.",
        )
        self.enrol_button = QPushButton("&Enrol")
        self.enrol_button.setAccessibleName("Enrol")
        self.enrol_button.clicked.connect(self.enrol)
        enrol_row = QHBoxLayout()
        enrol_row.addWidget(self.enrol_button)
        enrol_row.addStretch(1)
        form.addRow("", enrol_row)
        layout.addWidget(self.enrol_box)
        self.demo_note = QLabel(
            "This is a demo store with made-up training data: it is never "
            "sent to the council's server, so this laptop cannot enrol. "
            "Start hfhate without --demo to sync."
        )
        self.demo_note.setObjectName("sync_demo_note")
        self.demo_note.setWordWrap(True)
        self.demo_note.setVisible(ctx.demo)
        layout.addWidget(self.demo_note)
        self.ca_box = CaFileBox(ctx)
        self.ca_box.kept.connect(self.sync.check_now)
        layout.addWidget(self.ca_box)

        row = QHBoxLayout()
        self.sync_button = QPushButton("&Sync now")
        self.sync_button.setVisible(not ctx.demo)
        self.sync_button.setAccessibleName("Sync now")
        self.sync_button.clicked.connect(self.sync_now)
        self.busy = QProgressBar()
        self.busy.setAccessibleName("Syncing")
        self.busy.setMaximumWidth(200)
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
        ctx.changes.changed.connect(lambda _changes: self.refresh())
        self.sync.changed.connect(self.show_activity)
        self.sync.synced.connect(self._synced)
        self.sync.stopped.connect(self._stopped)
        self.refresh()

    @property
    def running(self) -> bool:
        return self.job is not None or self.sync.running

    def refresh(self) -> None:
        now, items, set_aside, history, ca_file = self.ctx.read(
            lambda session: (
                status.sync_status(session, self.ctx.actor),
                attention.attention_items(session, self.ctx.actor),
                attention.set_aside_items(session),
                [(e.at, e.action, e.details) for e in status.sync_history(session)],
                stored_ca_file(session),
            )
        )
        code = f"{now.device_code:03d}" if now.device_code is not None else "not set"
        self.enrolled = now.enrolled
        self.values["server"].setText(now.server_url or "Not enrolled")
        self.values["device"].setText(code)
        self.values["last_sync"].setText(london_time(now.last_sync_at) or "Never")
        if self.ctx.demo:
            self.values["result"].setText(DEMO_NOT_SENT)
            self.values["waiting"].setText(DEMO_NOTHING_WAITS)
        else:
            self.values["result"].setText(status.status_line(now))
            self.values["waiting"].setText(status.changes(now.waiting))
        self.values["attention"].setText(status.changes(now.attention))
        admin = self.ctx.actor.has(Role.ADMINISTRATOR)
        # A laptop refused as a copy of another's data folder is enrolled again as a new device.
        again = not now.enrolled or now.cloned
        self.enrol_box.setVisible(again and admin and not self.ctx.demo)
        self.ca_box.setVisible(admin and not self.ctx.demo)
        self.ca_box.show_stored(ca_file, enrolled=now.enrolled)
        self.attention.show_items(items, set_aside)
        self.history.setText(
            "\n".join(
                f"{london_time(at)}  {describe_action(action)}"
                + (f": {details['reason']}" if action == "sync_failed" else "")
                for at, action, details in history
            )
            or "No syncs yet."
        )
        self.show_activity()

    def show_activity(self) -> None:
        """What the controller knows now: reachability, a running sync, the next one."""
        enrolled = self.enrolled
        self.values["connection"].setText(
            status.connection_line(self.sync.online, self.sync.checked_at, self.sync.problem)
            if enrolled
            else "No server yet"
        )
        if self.ctx.demo:
            self.values["plan"].setText(DEMO_NEVER_SYNCS)
        else:
            self.values["plan"].setText(self.sync.plan_line() if enrolled else "After enrolment.")
        self.sync_button.setEnabled(enrolled and not self.running)
        self.enrol_button.setEnabled(self.job is None)
        done, total = self.sync.counts
        self.busy.setRange(0, total)  # 0 to 0: busy without a measure
        self.busy.setValue(done)
        self.busy.setVisible(self.running)
        if self.sync.running and self.sync.progress:
            self._say(self.sync.progress, "hint")

    def _say(self, text: str, role: str = "ok") -> None:
        self.message.setText(text)
        set_role(self.message, role)

    def enrol(self) -> None:
        url, code = self.url.text().strip(), self.code.text().strip()
        problems = {}
        if not url.startswith(("https://", "http://")):
            problems["url"] = "Type the server's address, starting with https://"
        if not code:
            problems["code"] = "Type the one-time code from the server."
        self.enrol_fields.show_errors(problems)
        ca_file, ca_usable = self.ca_box.for_enrolment()
        if problems or not ca_usable or self.running:
            return
        actor, make_transport = self.ctx.actor, self.sync.make_transport

        def work(store: Store) -> dict[str, str] | int:
            try:
                with make_transport(url, ca_file) as transport:
                    client.check_health(transport)
            except SyncError as error:
                return {"url": str(error)}
            try:
                answer = client.enrol(
                    store, actor, url, code, lambda address: make_transport(address, ca_file)
                )
            except SyncError as error:
                return {"code": str(error)}
            if ca_file is not None:
                Operations.on(store).apply(lambda session: set_ca_file(session, actor, ca_file))
            return answer.device_code

        job = StoreJob(self.ctx.paths, self.ctx.store_key, work)
        job.signals.finished.connect(self._enrolled)
        job.signals.failed.connect(self._enrol_failed)
        self._say("Enrolling…", "hint")
        self.job = job
        self.busy.setRange(0, 0)
        self.show_activity()
        job.start()

    def _enrolled(self, result: dict[str, str] | int) -> None:
        if isinstance(result, dict):
            self.enrol_fields.show_errors(result)
            self._say("")
        else:
            self.code.clear()
            self._say(f"This laptop is enrolled as device {result:03d}.")
        self._enrol_ended()

    def _enrol_failed(self, reason: str) -> None:
        self.enrol_fields.show_errors({"code": reason})
        self._enrol_ended()

    def _enrol_ended(self) -> None:
        self.job = None
        self.ctx.operations.announce(LINK_CHANGED)
        self.sync.check_now()

    def sync_now(self) -> None:
        if self.running:
            return
        password = None
        if self.sync.password is None:
            password = ServerPasswordDialog.ask(self.ctx.actor.username, self)
            if password is None:
                return
        self.sync.sync_now(password)

    def _synced(self, report: client.SyncReport) -> None:
        text = (
            f"Synced: {report.pushed} sent, {report.pulled} received"
            + (
                f", {report.held_back} held back until this laptop's changes are sent"
                if report.held_back
                else ""
            )
            + (
                f", {report.needs_attention} "
                f"need{'s' if report.needs_attention == 1 else ''} attention (below)"
                if report.needs_attention
                else ""
            )
            + (
                f", {report.set_aside} received could not be kept here (below)"
                if report.set_aside
                else ""
            )
            + "."
            + (f" {report.note}" if report.note else "")
        )
        self._say(text, "alarm" if report.needs_attention or report.set_aside else "ok")

    def _stopped(self, reason: str) -> None:
        self._say(f"Sync stopped. {reason}", "error")

    def resolve(self, action: Resolve, seq: int) -> None:
        done = self.ctx.run(
            lambda session: action(session, self.ctx.actor, seq),
            show_error=lambda message: self._say(message, "error"),
            refusals=(ServiceError, attention.AttentionError),
        )
        if done is None:
            self.refresh()  # what is listed may have been resolved by someone else
            return
        self._say(
            "Sent again at the next sync."
            if action is attention.send_again
            else clones.REISSUED
            if action is clones.reissue_entry
            else "The server's version stands; this laptop's change was dropped."
        )
