"""The check of a change to a setting, the same on the laptop, the server's admin routes and
a pushed record: the name is known, the value is of the right type within bounds, the date is
not in the past, and the checks across settings hold for the settings that result on that
date (and on the date of every later change already made, which the new value also meets).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from hfhate.services.settings.catalogue import BY_NAME, problems, value_problem
from hfhate.services.settings.resolution import DatedValue, values_on

EARLIEST = date(2000, 1, 1)
LATEST_YEARS_AHEAD = 10
IN_THE_PAST = (
    "A change cannot start before today: what was issued before it keeps the settings then "
    "in force."
)


def change_problems(
    proposed: Sequence[DatedValue],
    changes: Sequence[DatedValue],
    base: Mapping[str, Any],
    today: date | None,
) -> dict[str, str]:
    """Every problem with making ``proposed`` (changes from one date), by setting name, or
    "in_force_from" for the date; empty when they may be made. ``today`` None: any date."""
    found: dict[str, str] = {}
    for change in proposed:
        setting = BY_NAME.get(change.name)
        if setting is None:
            found[change.name] = f"There is no setting called {change.name}."
        elif problem := value_problem(setting, change.value):
            found[change.name] = problem
    if found:
        return found
    starts = {change.in_force_from for change in proposed}
    for start in starts:
        if today is not None and start < today:
            return {"in_force_from": IN_THE_PAST}
        if not EARLIEST <= start <= date((today or date.today()).year + LATEST_YEARS_AHEAD, 12, 31):
            return {"in_force_from": f"Use a date from {EARLIEST.year} to 10 years ahead."}
    every = [*changes, *proposed]
    for day in sorted(starts | {c.in_force_from for c in changes if c.in_force_from > min(starts)}):
        found = problems(values_on(day, every, base))
        if found:
            if day not in starts:
                found = {
                    name: f"{problem} (with the change in force from {day:%-d %B %Y})"
                    for name, problem in found.items()
                }
            return found
    return {}


def by_field(found: Mapping[str, str], name: str) -> dict[str, str]:
    """Problems with one setting's change for a form with fields "value" and "in_force_from":
    a problem with another setting is said on the value, naming that setting."""
    result: dict[str, str] = {}
    for key, problem in found.items():
        if key == "in_force_from":
            result["in_force_from"] = problem
        elif key == name:
            result["value"] = problem
        else:
            setting = BY_NAME.get(key)
            label = setting.label if setting is not None else key
            result.setdefault("value", f"{label}: {problem}")
    return result
