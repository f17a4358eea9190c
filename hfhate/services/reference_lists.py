"""The council's reference lists as they stand on this store: the shipped lists with the
entries an administrator added, relabelled or retired centrally (``reference_entries``).

``choosable(list)`` is what a new record may choose (nothing retired); ``label(list, code)``
reads any entry, retired included, so an old record still shows what it holds. The same
``ReferenceLists`` is built on the laptop from its store (``lists_for``) and on the server
from its records (``server.reference_lists``), so both refuse the same codes.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.models import REFERENCE_LISTS, Organisation, ReferenceEntry
from hfhate.resource_files import read_text

# What each list is called on screen.
LIST_TITLES = {
    "wards": "Wards",
    "prohibitions": "Prohibitions",
    "hostilities": "Hostility categories",
    "partners": "Partner organisations",
    "schools": "Schools",
    "referral_partners": "Referral partners",
}
# Codes are short and plain: letters, digits, spaces and a few signs (ward names are codes).
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 &'_.,()-]{0,59}$")


@dataclass(frozen=True)
class ListEntry:
    """One entry of one list, shipped or changed centrally."""

    code: str
    label: str
    position: int = 0
    retired_at: datetime | None = None  # when it was retired (None: in use)
    extra: Mapping[str, Any] = field(default_factory=dict)
    shipped: bool = True  # in the shipped files (perhaps overridden)
    central: bool = False  # changed or added centrally

    @property
    def retired(self) -> bool:
        return self.retired_at is not None

    def retired_by(self, at: datetime | None) -> bool:
        """Retired at ``at`` (None: now, whenever it was retired)."""
        return self.retired_at is not None and (at is None or self.retired_at <= at)


class ReferenceLists:
    """The lists, by name: each an ordered tuple of entries."""

    def __init__(self, lists: Mapping[str, tuple[ListEntry, ...]]) -> None:
        self._lists = dict(lists)

    def entries(self, list_name: str) -> tuple[ListEntry, ...]:
        """Every entry, retired ones too, in the order people expect."""
        return self._lists.get(list_name, ())

    def choosable(self, list_name: str, at: datetime | None = None) -> dict[str, str]:
        """Code -> label of the entries a new record may choose: none retired (by ``at``, the
        record's own time, when given: one made before an entry was retired may hold it)."""
        return {e.code: e.label for e in self.entries(list_name) if not e.retired_by(at)}

    def label(self, list_name: str, code: str) -> str:
        """The label of any entry (retired included); the code itself if it is in no list."""
        for entry in self.entries(list_name):
            if entry.code == code:
                return entry.label
        return code

    def known(self, list_name: str, code: str) -> bool:
        """Whether ``code`` is an entry of the list at all, retired or not."""
        return any(e.code == code for e in self.entries(list_name))

    def is_retired(self, list_name: str, code: str, at: datetime | None = None) -> bool:
        return any(e.code == code and e.retired_by(at) for e in self.entries(list_name))

    def including_retired(self) -> ReferenceLists:
        """The same lists with every retired entry choosable (a change whose record before
        it is not known)."""
        return ReferenceLists(
            {
                name: tuple(dataclasses.replace(e, retired_at=None) for e in entries)
                for name, entries in self._lists.items()
            }
        )

    def keeping(self, held: Mapping[str, Iterable[str]]) -> ReferenceLists:
        """The same lists with the entries a record already holds choosable even if retired
        (list name -> codes): a change to an old record may keep what it holds."""
        kept = {name: set(codes) for name, codes in held.items()}
        return ReferenceLists(
            {
                name: tuple(
                    dataclasses.replace(e, retired_at=None) if e.code in kept.get(name, ()) else e
                    for e in entries
                )
                for name, entries in self._lists.items()
            }
        )

    def ward_for_postcode(self, postcode: str) -> str | None:
        """The ward whose postcode sectors (``W6 9``) or districts (``W6``) hold ``postcode``,
        the most precise first; None when no ward in use names it."""
        compact = postcode.upper().split()
        if len(compact) != 2:
            return None
        district, inward = compact
        sector = f"{district} {inward[:1]}"
        for key, wanted in (("sectors", sector), ("districts", district)):
            for entry in self.entries("wards"):
                if not entry.retired and wanted in entry.extra.get(key, ()):
                    return entry.code
        return None


@cache
def _victims() -> dict[str, Any]:
    return dict(json.loads(read_text("reference", "victims.json")))


@cache
def _shipped() -> dict[str, tuple[ListEntry, ...]]:
    pspo = json.loads(read_text("reference", "pspo.json"))
    wards = json.loads(read_text("reference", "wards.json"))
    lists: dict[str, tuple[ListEntry, ...]] = {
        "wards": tuple(
            ListEntry(name, name, (i + 1) * 10, extra=wards.get("postcodes", {}).get(name, {}))
            for i, name in enumerate(wards["wards"])
        ),
        "partners": (),
        "schools": (),
        "referral_partners": tuple(
            ListEntry(code, entry["label"], (i + 1) * 10, extra=entry)
            for i, (code, entry) in enumerate(_victims()["referral_partners"].items())
        ),
    }
    for name in ("prohibitions", "hostilities"):
        items = enumerate(pspo[name].items())
        lists[name] = tuple(ListEntry(code, label, (i + 1) * 10) for i, (code, label) in items)
    return lists


def shipped_lists() -> ReferenceLists:
    """The shipped lists alone: what a check uses where no store is at hand."""
    return ReferenceLists(_shipped())


def organisation_list(kind: str) -> str:
    """The list an organisation of ``kind`` is in: schools, or partners."""
    return "schools" if kind == "school" else "partners"


def merged_lists(
    central: Iterable[Mapping[str, Any]], organisations: Iterable[Mapping[str, Any]] = ()
) -> ReferenceLists:
    """The shipped lists with central entries (``reference_entries`` column values) laid over:
    the same list and code overrides, a new code adds; deleted entries are ignored.

    Partners and schools are the ``organisations`` records (code: the organisation's id,
    words: its name), which officers add as they record sessions; an administrator retires
    one by a central entry of the same code."""
    lists = {name: {e.code: e for e in entries} for name, entries in _shipped().items()}
    named = sorted(
        (o for o in organisations if not o.get("deleted_at")),
        key=lambda o: str(o.get("name", "")).casefold(),
    )
    for number, organisation in enumerate(named, start=1):
        code = str(organisation["id"])
        list_name = organisation_list(str(organisation.get("kind", "")))
        lists[list_name][code] = ListEntry(
            code, str(organisation["name"]), number * 10, shipped=False
        )
    for row in central:
        name = row.get("list_name")
        if name not in lists or row.get("deleted_at"):
            continue
        code = str(row["code"])
        lists[name][code] = ListEntry(
            code,
            str(row["label"]),
            int(row.get("position") or 0),
            retired_at=_instant(row.get("retired_at")),
            extra=row.get("extra") or {},
            shipped=code in lists[name] and lists[name][code].shipped,
            central=True,
        )
    return ReferenceLists(
        {
            name: tuple(sorted(entries.values(), key=lambda e: (e.position, e.label.casefold())))
            for name, entries in lists.items()
        }
    )


def _instant(value: Any) -> datetime | None:
    """A time as a record holds it (a datetime on the laptop, ISO text on the server)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return None


def lists_for(session: Session) -> ReferenceLists:
    """The lists on this laptop's store."""
    rows = session.execute(
        select(
            ReferenceEntry.list_name,
            ReferenceEntry.code,
            ReferenceEntry.label,
            ReferenceEntry.extra,
            ReferenceEntry.position,
            ReferenceEntry.retired_at,
            ReferenceEntry.deleted_at,
        )
    )
    organisations = session.execute(
        select(Organisation.id, Organisation.name, Organisation.kind, Organisation.deleted_at)
    )
    return merged_lists((row._asdict() for row in rows), (row._asdict() for row in organisations))


__all__ = [
    "CODE_PATTERN",
    "LIST_TITLES",
    "REFERENCE_LISTS",
    "ListEntry",
    "ReferenceLists",
    "lists_for",
    "merged_lists",
    "shipped_lists",
]


# Partners and schools are organisations: added where sessions are recorded, retired here.
ORGANISATIONS_ADDED_ELSEWHERE = (
    "Schools and partners are added in the Sessions area (New organisation…); here they can "
    "be retired or put back in use."
)


def check_entry(list_name: str, code: str, label: str, position: int = 0) -> dict[str, str]:
    """One plain message per field of a list entry that cannot stand as it is."""
    errors: dict[str, str] = {}
    if list_name not in REFERENCE_LISTS:
        errors["list_name"] = "Choose one of the lists: " + ", ".join(LIST_TITLES.values()) + "."
    if not CODE_PATTERN.match(code):
        errors["code"] = (
            "Give a code of up to 60 letters, digits and spaces (a ward's code is its name)."
        )
    clean = " ".join(label.split())
    if not clean:
        errors["label"] = "Enter the words people see for this entry."
    elif len(clean) > 200:
        errors["label"] = "Keep the words to 200 characters or fewer."
    if not 0 <= position <= 100000:
        errors["position"] = "The place in the list must be between 0 and 100000."
    return errors


def held_entries(
    ward: str | None, organisation_id: Any = None, partner_ids: Iterable[Any] = ()
) -> dict[str, set[str]]:
    """What a session or organisation holds, by list, for ``ReferenceLists.keeping``."""
    organisations = {str(i) for i in (organisation_id, *partner_ids) if i}
    return {"wards": {ward or ""}, "schools": organisations, "partners": organisations}
