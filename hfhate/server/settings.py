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
Running in production (``docs/server.md``): ``HFHATE_SERVER_TRUSTED_PROXIES`` lists the
addresses of the reverse proxy (default: this machine, ``127.0.0.1,::1``), the only peers whose
``X-Forwarded-For`` and ``X-Request-ID`` are believed (``request_log.py``);
``HFHATE_SERVER_METRICS_TOKEN`` lets whoever holds it read ``/metrics`` from anywhere
(``metrics.py``); ``HFHATE_SERVER_TEST_PUSH_PAUSE`` (seconds, tests only) holds every push
that long inside its transaction, so a test can stop a worker in the middle of one.
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
TRUSTED_PROXIES = ("127.0.0.1", "::1")
DATA_DIR_ENV = "HFHATE_SERVER_DATA_DIR"  # the data folder, as --data-dir gives it


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
    trusted_proxies: tuple[str, ...] = TRUSTED_PROXIES
    metrics_token: str = ""  # "" : /metrics only to this machine, not through the proxy
    test_push_pause: float = 0.0  # tests only: seconds every push waits inside its transaction

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
            trusted_proxies=_addresses(env.get("HFHATE_SERVER_TRUSTED_PROXIES")),
            metrics_token=env.get("HFHATE_SERVER_METRICS_TOKEN", "").strip(),
            test_push_pause=float(env.get("HFHATE_SERVER_TEST_PUSH_PAUSE") or 0),
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


def _addresses(value: str | None) -> tuple[str, ...]:
    """The proxies' addresses, comma-separated (unset: this machine; empty: none)."""
    if value is None:
        return TRUSTED_PROXIES
    return tuple(part.strip() for part in value.split(",") if part.strip())
