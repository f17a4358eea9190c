"""Which value of a setting is in force on a date: the latest change in force from that day or
earlier, the later made of two from the same day, else the base value; and the checks of a
change (bounds, the date, the settings that result on that date and on later changes')."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hfhate.services.settings.catalogue import BY_NAME, describe, parse_value, shipped_values
from hfhate.services.settings.checking import IN_THE_PAST, by_field, change_problems
from hfhate.services.settings.resolution import (
    DatedValue,
    history,
    in_force,
    next_change,
    value_on,
    values_on,
)

AMOUNT = "notices.amount_pence"
REDUCED = "notices.reduced_amount_pence"
BASE = shipped_values()


def change(name: str, value: object, start: date, made_hour: int = 9) -> DatedValue:
    made = datetime(2026, 1, 1, made_hour, tzinfo=UTC)
    return DatedValue(name, value, start, made, id=f"{name}-{start}-{made_hour}")


def test_with_no_change_the_shipped_default_holds() -> None:
    assert value_on(AMOUNT, date(2030, 1, 1), [], BASE) == 10000
    assert values_on(date(2030, 1, 1), [], BASE)[REDUCED] == 6000
    assert BASE["notices.reduced_period_days"] == 10
    assert BASE["notices.no_proceedings_days"] == 14


def test_a_change_holds_from_its_day_and_not_before() -> None:
    changes = [change(AMOUNT, 50000, date(2027, 3, 1))]
    assert value_on(AMOUNT, date(2027, 2, 28), changes, BASE) == 10000
    assert value_on(AMOUNT, date(2027, 3, 1), changes, BASE) == 50000
    assert value_on(AMOUNT, date(2028, 1, 1), changes, BASE) == 50000


def test_the_latest_in_force_wins_and_a_future_one_waits() -> None:
    changes = [
        change(AMOUNT, 20000, date(2027, 1, 1)),
        change(AMOUNT, 50000, date(2027, 6, 1)),
        change(AMOUNT, 30000, date(2027, 3, 1)),
    ]
    assert value_on(AMOUNT, date(2027, 4, 1), changes, BASE) == 30000
    assert value_on(AMOUNT, date(2027, 6, 1), changes, BASE) == 50000
    upcoming = next_change(AMOUNT, date(2027, 4, 1), changes)
    assert upcoming is not None and upcoming.value == 50000
    assert next_change(AMOUNT, date(2027, 6, 1), changes) is None
    assert [c.value for c in history(AMOUNT, changes)] == [50000, 30000, 20000]


def test_of_two_changes_from_the_same_day_the_later_made_wins() -> None:
    changes = [
        change(AMOUNT, 40000, date(2027, 3, 1), made_hour=15),
        change(AMOUNT, 50000, date(2027, 3, 1), made_hour=9),
    ]
    assert value_on(AMOUNT, date(2027, 3, 1), changes, BASE) == 40000
    held = in_force(AMOUNT, date(2027, 3, 1), list(reversed(changes)))
    assert held is not None and held.value == 40000
    assert values_on(date(2027, 3, 1), changes, BASE)[AMOUNT] == 40000


def test_a_change_of_another_setting_does_not_touch_this_one() -> None:
    changes = [change(REDUCED, 5000, date(2027, 1, 1))]
    assert value_on(AMOUNT, date(2027, 2, 1), changes, BASE) == 10000


def test_values_are_read_and_shown_in_the_councils_words() -> None:
    amount = BY_NAME[AMOUNT]
    assert parse_value(amount, "£500") == 50000
    assert parse_value(amount, "60.50") == 6050
    assert describe(amount, 50000) == "£500.00"
    assert describe(BY_NAME["notices.reduced_period_days"], 10) == "10 days"


def test_a_change_is_checked_on_its_own_and_with_the_others_on_its_date() -> None:
    today = date(2027, 1, 1)
    ok = change(AMOUNT, 50000, date(2027, 3, 1))
    assert change_problems([ok], [], BASE, today) == {}
    too_big = change(AMOUNT, 10_000_000, date(2027, 3, 1))
    assert (
        "Use £0.01 to £2,500.00."
        == by_field(change_problems([too_big], [], BASE, today), AMOUNT)["value"]
    )
    past = change(AMOUNT, 50000, date(2026, 12, 1))
    assert change_problems([past], [], BASE, today) == {"in_force_from": IN_THE_PAST}
    unknown = change("notices.colour", 1, date(2027, 3, 1))
    assert "no setting" in change_problems([unknown], [], BASE, today)["notices.colour"]
    # The reduced amount above the full amount in force on that date is refused ...
    reduced = change(REDUCED, 20000, date(2027, 3, 1))
    found = by_field(change_problems([reduced], [], BASE, today), REDUCED)
    assert found == {"value": "The reduced amount must be above 0 and at most the full amount."}
    # ... and allowed once the full amount is £500 from that date.
    assert change_problems([reduced], [ok], BASE, today) == {}
    # A later change already made must still hold with the new value.
    lower = change(AMOUNT, 15000, date(2027, 2, 1))
    assert change_problems([lower], [reduced, ok], BASE, today) == {}
    block = change("laptop.stale_block_days", 10, date(2027, 3, 1))
    found = by_field(change_problems([block], [], BASE, today), "laptop.stale_block_days")
    assert "later than the warning" in found["value"]
