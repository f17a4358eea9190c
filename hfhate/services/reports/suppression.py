"""Small-number suppression for what is published: a count below the threshold (a setting,
``reports.small_number_threshold``, 5 unless changed) is shown as "fewer than 5", so that no
one in a small group can be picked out from a published table. Zero stays "0": it tells
nobody anything about a person.
"""

from __future__ import annotations


def shown(count: int, threshold: int) -> str:
    """``count`` as a published table shows it: "fewer than 5" for 1 to 4 when the threshold
    is 5, otherwise the number itself."""
    if 0 < count < threshold:
        return f"fewer than {threshold}"
    return str(count)
