"""What one server process needs to know: where its database is and its limits."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from hfhate.server.db import default_url


@dataclass(frozen=True)
class ServerSettings:
    """Settings of one server process; several processes may share one PostgreSQL database."""

    data_dir: Path
    database_url: str

    @classmethod
    def resolve(
        cls, data_dir: str | Path, database_url: str | None, env: Mapping[str, str] | None = None
    ) -> ServerSettings:
        env = os.environ if env is None else env
        folder = Path(data_dir)
        url = database_url or env.get("HFHATE_DATABASE_URL") or default_url(folder)
        return cls(data_dir=folder, database_url=url)

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"
