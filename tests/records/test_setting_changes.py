"""A setting change pushed by a laptop: settings are changed centrally, so the server refuses
it whoever sends it (an administrator is told where to change settings, anyone else that only
administrators change them); the record check behind it refuses a value out of bounds, an
unknown name and a combination that cannot stand on its date, as the admin routes do."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

from hfhate.records.checking import CheckedRecord
from hfhate.records.registry import BY_NAME
from hfhate.records.setting_checks import check_setting_change_record
from hfhate.services.actor import Actor
from hfhate.services.settings.catalogue import shipped_values
from tests.records.conftest import CentralServer

NOW = datetime(2027, 1, 1, 12, tzinfo=UTC)


def record(name: str, value: object, start: date = date(2027, 2, 1)) -> dict[str, object]:
    return {
        "id": str(uuid.uuid4()),
        "name": name,
        "value": json.dumps(value),
        "in_force_from": start.isoformat(),
        "note": "",
        "made_by": "Ada",
        "made_at": NOW.isoformat(),
        "created_at": NOW.isoformat(),
        "updated_at": NOW.isoformat(),
        "version": 1,
        "created_on_device_id": str(uuid.uuid4()),
    }


def test_the_server_refuses_settings_pushed_by_laptops(central: CentralServer) -> None:
    device_id = central.add_device(5)
    ada, olly = uuid.uuid4(), uuid.uuid4()
    central.add_user(ada, "ada", ["administrator"])
    central.add_user(olly, "olly", ["authorised_officer"])
    fields = record("notices.amount_pence", 50000) | {"created_by_id": str(ada)}
    refused = central.refusal(ada, device_id, "setting_changes", "create", fields, set(fields), ada)
    assert refused.startswith("Settings are changed on the server by an administrator")
    fields["created_by_id"] = str(olly)
    refused = central.refusal(
        olly, device_id, "setting_changes", "create", fields, set(fields), olly
    )
    assert refused == "Only an administrator changes settings."


class History:
    """A settings source with no change made yet."""

    def setting_history(self) -> tuple[list[object], dict[str, object]]:
        return [], shipped_values()


def check(name: str, value: object) -> dict[str, str]:
    values = BY_NAME["setting_changes"].values_from_wire(record(name, value))
    actor = Actor(uuid.uuid4(), "ada", "Ada", frozenset(), uuid.uuid4())
    return check_setting_change_record(
        CheckedRecord("create", values, frozenset(values), actor, History(), NOW)  # type: ignore[arg-type]
    )


def test_the_check_behind_it_is_the_admin_routes_check() -> None:
    assert check("notices.amount_pence", 50000) == {}
    assert check("notices.amount_pence", "lots") == {"value": "Enter an amount."}
    assert check("notices.reduced_amount_pence", 20000) == {
        "value": "The reduced amount must be above 0 and at most the full amount."
    }
    assert check("laptop.colour", 1) == {"value": "There is no setting called laptop.colour."}
