"""What one server process needs to know: where its database is, its limits, its photo key.

The limits (``HFHATE_SERVER_MAX_BODY_BYTES``, ``HFHATE_SERVER_MAX_PHOTO_BYTES``,
``HFHATE_SERVER_MAX_PHOTO_PIXELS``) have defaults that fit what a laptop sends: a push page of
500 changes is well under 10 MiB, and the laptop takes photos of up to 25 MiB
(``hfhate.services.notices.evidence.MAX_BYTES``), so the server takes as much and no more.
``HFHATE_SERVER_PRETEND_STORE_SCHEMA`` is for tests only: the server then takes itself for a
release of that store schema (its compatibility window, ``hfhate/sync/compat.py``), so a
test can play a server newer than the code it runs.
The photo key file (``HFHATE_SERVER_PHOTO_KEY_FILE``) is ``photo.key`` in the data folder,
beside a SQLite database, unless the variable points elsewhere (``server/photo_key.py``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from hfhate.server.db import default_url
from hfhate.services.image_check import MAX_PHOTO_PIXELS
from hfhate.services.notices.evidence import MAX_BYTES as LAPTOP_PHOTO_BYTES
from hfhate.sync.schemas import STORE_SCHEMA

MIB = 1024 * 1024
MAX_BODY_BYTES = 10 * MIB  # any JSON body (a push page is the largest)
MAX_PHOTO_BYTES = LAPTOP_PHOTO_BYTES  # one evidence photo, and so one piece of its upload
PHOTO_KEY_FILE = "photo.key"


@dataclass(frozen=True)
class ServerSettings:
    """Settings of one server process; several processes may share one PostgreSQL database."""

    data_dir: Path
    database_url: str
    max_body_bytes: int = MAX_BODY_BYTES
    max_photo_bytes: int = MAX_PHOTO_BYTES
    max_photo_pixels: int = MAX_PHOTO_PIXELS
    photo_key_file: Path | None = None  # None: ``data_dir / PHOTO_KEY_FILE``
    store_schema: str = STORE_SCHEMA  # another only in tests: HFHATE_SERVER_PRETEND_STORE_SCHEMA

    @classmethod
    def resolve(
        cls, data_dir: str | Path, database_url: str | None, env: Mapping[str, str] | None = None
    ) -> ServerSettings:
        env = os.environ if env is None else env
        folder = Path(data_dir)
        url = database_url or env.get("HFHATE_DATABASE_URL") or default_url(folder)
        key_file = env.get("HFHATE_SERVER_PHOTO_KEY_FILE")
        return cls(
            data_dir=folder,
            database_url=url,
            max_body_bytes=_number(env, "HFHATE_SERVER_MAX_BODY_BYTES", MAX_BODY_BYTES),
            max_photo_bytes=_number(env, "HFHATE_SERVER_MAX_PHOTO_BYTES", MAX_PHOTO_BYTES),
            max_photo_pixels=_number(env, "HFHATE_SERVER_MAX_PHOTO_PIXELS", MAX_PHOTO_PIXELS),
            photo_key_file=Path(key_file) if key_file else None,
            store_schema=env.get("HFHATE_SERVER_PRETEND_STORE_SCHEMA") or STORE_SCHEMA,
        )

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def photo_key_path(self) -> Path:
        return self.photo_key_file or self.data_dir / PHOTO_KEY_FILE


def _number(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name, "")
    if not value:
        return default
    if not value.isdigit() or int(value) <= 0:
        raise ValueError(f"{name} must be a whole number above 0, not {value!r}.")
    return int(value)
