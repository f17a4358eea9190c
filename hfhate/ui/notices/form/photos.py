"""Evidence photos on the form: chosen from files, copied under their SHA-256, listed with it.

Photos are copied into the evidence folder as soon as they are chosen (so a draft can refer to
them by hash), never used from where they were. The same photo chosen twice is listed once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hfhate.services.errors import ValidationFailed
from hfhate.services.notices.evidence import StoredPhoto, photo_path, store_photo
from hfhate.ui.forms import error_label, hint_label
from hfhate.ui.notices.form.rows import button_row
from hfhate.ui.notices.form.values import DraftPhoto
from hfhate.ui.notices.photo_pixmap import photo_pixmap

PHOTO_FILTER = "Photos (*.jpg *.jpeg *.png *.heic *.heif *.webp);;All files (*)"


class PhotoList(QWidget):
    """The photos of one notice; emits ``edited`` when one is added or removed."""

    edited = Signal()

    def __init__(self, evidence_dir: Path, photo_key: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.evidence_dir = evidence_dir
        self.photo_key = photo_key
        self.stored: list[StoredPhoto] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTreeWidget()
        self.table.setColumnCount(2)
        self.table.setHeaderLabels(["Photo", "SHA-256"])
        self.table.setRootIsDecorated(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        line = self.fontMetrics().height()
        self.table.setIconSize(QSize(line * 3, line * 3))
        self.table.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.header().setStretchLastSection(True)
        self.table.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        self.table.setMinimumHeight(line * 4)
        self.table.setMaximumHeight(line * 16)
        layout.addWidget(self.table)
        self.add_button = QPushButton("Add p&hotos…")
        self.remove_button = QPushButton("Remove photo")
        layout.addLayout(button_row(self.add_button, self.remove_button))
        self.note = hint_label("")
        self.note.setObjectName("photos_note")
        self.note.hide()
        layout.addWidget(self.note)
        self.error = error_label("Photos problem", "photos_error")
        layout.addWidget(self.error)
        self.add_button.clicked.connect(self.choose)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def choose(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, "Add photos", "", PHOTO_FILTER)
        if names:
            self.add_files([Path(name) for name in names])

    def add_files(self, paths: list[Path]) -> None:
        """Seal each file into the evidence folder and list it, once per distinct photo."""
        problems, notes = [], []
        for path in paths:
            try:
                photo = store_photo(self.evidence_dir, self.photo_key, path)
            except ValidationFailed as failure:
                problems.append(failure.field_errors["photos"])
                continue
            same = next((p for p in self.stored if p.sha256 == photo.sha256), None)
            if same is not None:
                notes.append(
                    f"{path.name} is already listed."
                    if same.original_name == path.name
                    else f"{path.name} is the same photo as {same.original_name}, "
                    "so it is kept once."
                )
                continue
            self.stored.append(photo)
        self._show(problems, notes)
        self._refill()
        self.edited.emit()

    def remove_selected(self) -> None:
        item = self.table.currentItem()
        row = -1 if item is None else self.table.indexOfTopLevelItem(item)
        if 0 <= row < len(self.stored):
            del self.stored[row]
            self._show([], [])
            self._refill()
            self.edited.emit()

    def draft_photos(self) -> tuple[DraftPhoto, ...]:
        return tuple(
            DraftPhoto(p.sha256, p.original_name, p.size_bytes, p.media_type) for p in self.stored
        )

    def set_draft_photos(self, photos: tuple[DraftPhoto, ...]) -> None:
        """Show a draft's photos again, found by hash; say so if one is no longer there."""
        self.stored, missing = [], []
        for photo in photos:
            try:
                path = photo_path(self.evidence_dir, photo.sha256, photo.media_type)
            except StopIteration:
                missing.append(photo.original_name)
                continue
            if not path.is_file():
                missing.append(photo.original_name)
                continue
            self.stored.append(
                StoredPhoto(
                    photo.sha256, photo.original_name, photo.size_bytes, photo.media_type, path
                )
            )
        problems = [
            f"{name} is no longer in the evidence folder: add it again." for name in missing
        ]
        self._show(problems, [])
        self._refill()

    def _show(self, problems: list[str], notes: list[str]) -> None:
        self.error.setText(" ".join(problems))
        self.error.setVisible(bool(problems))
        self.note.setText(" ".join(notes))
        self.note.setVisible(bool(notes))

    def _refill(self) -> None:
        self.table.clear()
        side = self.table.iconSize()
        for photo in self.stored:
            item = QTreeWidgetItem([photo.original_name, photo.sha256])
            item.setToolTip(1, photo.sha256)
            item.setData(1, Qt.ItemDataRole.AccessibleTextRole, f"SHA-256 {photo.sha256}")
            picture = photo_pixmap(
                self.evidence_dir, self.photo_key, photo.sha256, photo.media_type
            )
            if not picture.isNull():
                item.setIcon(
                    0,
                    QIcon(
                        picture.scaled(
                            side,
                            Qt.AspectRatioMode.KeepAspectRatio,
                            Qt.TransformationMode.SmoothTransformation,
                        )
                    ),
                )
            self.table.addTopLevelItem(item)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.table.currentItem() is not None)
