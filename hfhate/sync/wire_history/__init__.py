"""What earlier releases spoke on the wire, kept so the server can still answer them.

One JSON file per release, named by its store schema (``0012.json``: app 0.1.0), taken
from that release's code before the next one changed anything: for each record type that
synced, the fields its records carried. The server reads it (``hfhate.sync.compat``) to
serve a laptop of the previous release only the types and fields it knows.

The full JSON schemas of that release's wire bodies (every request and answer, and each
record type's fields) are written beside the tests (``tests/fixtures/wire_<schema>/``), which
check that the server's answers to such a laptop still validate against them.

Both are written by ``python -m hfhate.sync.wire_history snapshot`` from the code as it
stands: run it at the end of a release, before the next one changes any wire body, record
type or synced column (``__main__.py`` says how).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class WireSnapshot:
    """One release's wire format: its store schema, app version and record types' fields."""

    store_schema: str
    app_version: str
    record_types: Mapping[str, frozenset[str]]

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> WireSnapshot:
        types = data["record_types"]
        assert isinstance(types, dict)
        return cls(
            store_schema=str(data["store_schema"]),
            app_version=str(data["app_version"]),
            record_types={name: frozenset(fields) for name, fields in types.items()},
        )

    def to_json(self) -> dict[str, object]:
        return {
            "store_schema": self.store_schema,
            "app_version": self.app_version,
            "record_types": {
                name: sorted(fields) for name, fields in sorted(self.record_types.items())
            },
        }


def load(store_schema: str) -> WireSnapshot | None:
    """The wire format of the release with this store schema; None if none was kept."""
    if not (store_schema.isascii() and store_schema.isdigit()):
        return None  # a header's value is never a path
    source = resources.files(__name__) / f"{store_schema}.json"
    if not source.is_file():
        return None
    return WireSnapshot.from_json(json.loads(source.read_text(encoding="utf-8")))
