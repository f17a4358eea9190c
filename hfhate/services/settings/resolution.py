"""Which value of a setting is in force on a date: one pure function, for laptop and server.

The value of a setting on day D is that of its latest change in force from D or earlier
(``in_force_from`` <= D); of two changes in force from the same day, the one made later wins.
With no such change, the setting has its base value: the shipped default, or what a store
kept before settings had dates (in force from the start). A notice issued on 1 March is
therefore checked and printed with what was in force on 1 March, whenever the changes
reached the laptop.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class DatedValue:
    """One change of one setting, as the resolution needs it."""

    name: str
    value: Any
    in_force_from: date
    made_at: datetime
    note: str = ""
    made_by: str = ""
    id: str = ""  # the record's id: the last tie-break, so the order is always the same


def _order(change: DatedValue) -> tuple[date, datetime, str]:
    return (change.in_force_from, change.made_at, change.id)


def in_force(name: str, on: date, changes: Iterable[DatedValue]) -> DatedValue | None:
    """The change of ``name`` in force on ``on``, or None (the base value holds)."""
    candidates = [c for c in changes if c.name == name and c.in_force_from <= on]
    return max(candidates, key=_order, default=None)


def value_on(name: str, on: date, changes: Iterable[DatedValue], base: Mapping[str, Any]) -> Any:
    """The value of ``name`` on ``on``: the change in force then, else the base value."""
    change = in_force(name, on, changes)
    return base[name] if change is None else change.value


def values_on(on: date, changes: Iterable[DatedValue], base: Mapping[str, Any]) -> dict[str, Any]:
    """Every setting's value on ``on`` (the names of ``base``)."""
    latest: dict[str, DatedValue] = {}
    for change in changes:
        if change.in_force_from > on or change.name not in base:
            continue
        held = latest.get(change.name)
        if held is None or _order(change) > _order(held):
            latest[change.name] = change
    return {name: latest[name].value if name in latest else value for name, value in base.items()}


def next_change(name: str, after: date, changes: Iterable[DatedValue]) -> DatedValue | None:
    """The first change of ``name`` that comes into force after ``after`` (scheduled), if any."""
    later = [c for c in changes if c.name == name and c.in_force_from > after]
    return min(later, key=lambda c: (c.in_force_from, -c.made_at.timestamp()), default=None)


def history(name: str, changes: Iterable[DatedValue]) -> list[DatedValue]:
    """The changes of ``name``, newest in force first."""
    return sorted((c for c in changes if c.name == name), key=_order, reverse=True)
