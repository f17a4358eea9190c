"""Small numbers in published tables: 1 to threshold-1 hidden, zero and the rest shown."""

from __future__ import annotations

import pytest

from hfhate.services.reports.suppression import shown


@pytest.mark.parametrize(
    ("count", "threshold", "expected"),
    [
        (0, 5, "0"),
        (1, 5, "fewer than 5"),
        (4, 5, "fewer than 5"),
        (5, 5, "5"),
        (6, 5, "6"),
        (1234, 5, "1234"),
        (1, 2, "fewer than 2"),
        (2, 2, "2"),
        (9, 10, "fewer than 10"),
    ],
)
def test_counts_below_the_threshold_are_hidden(count: int, threshold: int, expected: str) -> None:
    assert shown(count, threshold) == expected
