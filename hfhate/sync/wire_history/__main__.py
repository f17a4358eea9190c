"""Write this release's wire format, for the next release to keep answering it.

    python -m hfhate.sync.wire_history snapshot [--fixtures tests/fixtures]

writes ``hfhate/sync/wire_history/<STORE_SCHEMA>.json`` (each synced record type's fields:
package data the server reads) and ``<fixtures>/wire_<STORE_SCHEMA>/`` (the JSON schema of
every wire body and of each record type's fields: what the tests validate answers against).
Run it on the release's own code, before the next release changes a wire body, a record
type or a synced column; then set ``compat.PREVIOUS_STORE_SCHEMA`` to that schema when
``STORE_SCHEMA`` moves on. It refuses to overwrite a snapshot already taken (a release's
wire format never changes after it shipped) unless given ``--force``.

    python -m hfhate.sync.wire_history changes [SCHEMA]

says what a laptop of the release ``SCHEMA`` (the previous one by default) does not get
from this code: record types and fields it does not know.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from hfhate import __version__
from hfhate.records.registry import RECORD_TYPES
from hfhate.sync import audit_schemas, schemas
from hfhate.sync.wire_history import WireSnapshot, load

HERE = Path(__file__).resolve().parent


def wire_models() -> dict[str, type[BaseModel]]:
    """Every body that crosses the network, by name: the wire models and the error body."""
    # The server's error body too (read by the laptop's transport): this tool runs in a
    # development checkout, where the server is installed; nothing else in sync imports it.
    from hfhate.server.errors import ErrorBody

    found: dict[str, type[BaseModel]] = {"ErrorBody": ErrorBody}
    for module in (schemas, audit_schemas):
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, schemas.WireModel)
                and value is not schemas.WireModel
                and value.__module__ == module.__name__
            ):
                found[name] = value
    return dict(sorted(found.items()))


def current() -> WireSnapshot:
    """The wire format of the code as it stands."""
    return WireSnapshot(
        store_schema=schemas.STORE_SCHEMA,
        app_version=__version__,
        record_types={kind.name: kind.wire_fields for kind in RECORD_TYPES},
    )


def _write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def snapshot(fixtures: Path, force: bool = False, package: Path = HERE) -> list[Path]:
    """Write the package snapshot and the test fixtures; the files written."""
    now = current()
    package_file = package / f"{now.store_schema}.json"
    folder = fixtures / f"wire_{now.store_schema}"
    if not force and (package_file.exists() or folder.exists()):
        raise SystemExit(
            f"The wire format of store schema {now.store_schema} was taken already "
            f"({package_file.name}, {folder}); --force writes it again from this code."
        )
    written = [package_file]
    _write(package_file, now.to_json())
    for name, model in wire_models().items():
        written.append(folder / "bodies" / f"{name}.json")
        _write(written[-1], model.model_json_schema())
    for kind in RECORD_TYPES:
        written.append(folder / "records" / f"{kind.name}.json")
        _write(written[-1], kind.wire_schema.model_json_schema())
    return written


def changes(old: WireSnapshot) -> list[str]:
    """What a laptop of the release ``old`` is not sent by this code, one line each."""
    now = current()
    lines = [
        f"record type {name}: not sent"
        for name in sorted(set(now.record_types) - set(old.record_types))
    ]
    for name, fields in sorted(now.record_types.items()):
        if name in old.record_types and (new := fields - old.record_types[name]):
            lines.append(f"record type {name}: fields not sent: {', '.join(sorted(new))}")
        if name in old.record_types and (gone := old.record_types[name] - fields):
            lines.append(f"record type {name}: fields it sends that this code lacks: {gone}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hfhate.sync.wire_history")
    verbs = parser.add_subparsers(dest="verb", required=True)
    take = verbs.add_parser("snapshot", help="write this release's wire format")
    take.add_argument("--fixtures", type=Path, default=Path("tests/fixtures"))
    take.add_argument("--force", action="store_true")
    compare = verbs.add_parser("changes", help="what an older laptop is not sent")
    compare.add_argument("schema", nargs="?", default=None)
    args = parser.parse_args(argv)
    if args.verb == "snapshot":
        for path in snapshot(args.fixtures, args.force):
            print(path)
        return 0
    from hfhate.sync.compat import PREVIOUS_STORE_SCHEMA

    old = load(args.schema or PREVIOUS_STORE_SCHEMA)
    if old is None:
        print(f"No wire format kept for store schema {args.schema}.", file=sys.stderr)
        return 1
    print("\n".join(changes(old)) or "Nothing: that release gets everything.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
