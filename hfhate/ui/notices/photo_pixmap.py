"""A kept evidence photo as a QPixmap, decrypted in memory: no clear copy on disk, ever."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QPixmap

from hfhate.security.errors import SecurityError
from hfhate.services.notices.evidence import read_photo

log = logging.getLogger(__name__)


def photo_pixmap(evidence_dir: Path, key: bytes, sha256: str, media_type: str) -> QPixmap:
    """The photo's picture, or a null pixmap when it is not here or cannot be opened."""
    pixmap = QPixmap()
    try:
        clear = read_photo(evidence_dir, key, sha256, media_type)
    except (OSError, StopIteration):
        return pixmap  # not on this laptop (yet): the caller says so
    except SecurityError:
        log.warning("evidence photo %s on this laptop cannot be opened", sha256[:12])
        return pixmap
    pixmap.loadFromData(clear)
    return pixmap
