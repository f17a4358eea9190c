"""The check of a pushed setting change: the name, the value, the date and the settings that
result, as the admin routes check them (``services.settings.checking``). Pushes of setting
changes are refused before this by the registry's access rule (settings are changed centrally);
the check stands behind it, and the server's admin routes run the same function.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from hfhate.clock import london_date
from hfhate.records.checking import CheckedRecord
from hfhate.services.settings.catalogue import shipped_values
from hfhate.services.settings.checking import by_field, change_problems
from hfhate.services.settings.resolution import DatedValue


def check_setting_change_record(record: CheckedRecord) -> dict[str, str]:
    values = record.values
    name, in_force_from = str(values.get("name")), values.get("in_force_from")
    if not isinstance(in_force_from, date):
        return {"in_force_from": "Give the date the change is in force from."}
    made_at = values.get("made_at")
    try:
        value = json.loads(str(values.get("value")))
    except ValueError:
        return {"value": "The value must be JSON text."}
    proposed = DatedValue(
        name,
        value,
        in_force_from,
        made_at if isinstance(made_at, datetime) else record.now,
    )
    history = getattr(record.settings, "setting_history", None)
    changes, base = history() if history is not None else ([], {})
    found = change_problems(
        [proposed],
        changes,
        base or shipped_values(),
        london_date(record.now) if record.operation == "create" else None,
    )
    return by_field(found, name)
