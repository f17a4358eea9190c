"""The settings this round added (the reports' trend windows and small-number threshold, the
retention period of victims' records), sent straight to ``/admin/settings`` with bad values:
the server refuses each with the setting's own words and keeps nothing, whatever a laptop's
form would have checked."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.server.conftest import Server

TOMORROW = (date.today() + timedelta(days=1)).isoformat()


@pytest.fixture
def ada(server: Server) -> dict[str, str]:
    server.add_user("ada", "administrator")
    _, token, _ = server.enrol()
    return server.sign_in(token, "ada")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("reports.trend_recent_months", 0),
        ("reports.trend_recent_months", 13),
        ("reports.trend_baseline_months", "twelve"),
        ("reports.trend_minimum_count", -1),
        ("reports.small_number_threshold", 10**12),
        ("reports.small_number_threshold", None),
        ("retention.victim_years", 0),
        ("retention.victim_years", "6" * 500),
    ],
)
def test_a_bad_value_sent_straight_to_the_server_is_refused_and_not_kept(
    server: Server, ada: dict[str, str], name: str, value: Any
) -> None:
    api = server.client
    before = api.get("/api/v1/admin/settings", headers=ada).json()
    answer = api.post(
        "/api/v1/admin/settings",
        headers=ada,
        json={"name": name, "value": value, "in_force_from": TOMORROW, "note": "bad"},
    )
    assert answer.status_code in (400, 422), answer.text
    assert api.get("/api/v1/admin/settings", headers=ada).json() == before


def test_a_good_value_is_kept(server: Server, ada: dict[str, str]) -> None:
    api = server.client
    before = api.get("/api/v1/admin/settings", headers=ada).json()
    answer = api.post(
        "/api/v1/admin/settings",
        headers=ada,
        json={
            "name": "reports.small_number_threshold",
            "value": 10,
            "in_force_from": TOMORROW,
            "note": "the partnership asked for 10",
        },
    )
    assert answer.status_code in (200, 201), answer.text
    after = api.get("/api/v1/admin/settings", headers=ada).json()
    assert after != before and "the partnership asked for 10" in str(after)
