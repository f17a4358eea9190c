"""The demo accounts (one per role, password ``demo``), kept apart from the demo data itself.

The sign-in dialog shows them; importing this does not load the sample-data generators.
"""

from __future__ import annotations

from hfhate.models import Role

DEMO_PASSWORD = "demo"

# username, full name, roles, authorisation number
DEMO_ACCOUNTS: tuple[tuple[str, str, frozenset[Role], str], ...] = (
    ("supervisor", "Grace Okafor", frozenset({Role.SUPERVISOR}), ""),
    ("officer", "Tom Walsh", frozenset({Role.AUTHORISED_OFFICER}), "LET-0142"),
    ("engagement", "Priya Shah", frozenset({Role.ENGAGEMENT_OFFICER}), ""),
    ("mkowalski", "Marta Kowalski", frozenset({Role.AUTHORISED_OFFICER}), "LET-0157"),
    ("dbrown", "Daniel Brown", frozenset({Role.AUTHORISED_OFFICER}), "LET-0163"),
    (
        "asaeed",
        "Amina Saeed",
        frozenset({Role.AUTHORISED_OFFICER, Role.ENGAGEMENT_OFFICER}),
        "LET-0171",
    ),
    ("jlee", "Jordan Lee", frozenset({Role.ENGAGEMENT_OFFICER}), ""),
    ("rcampbell", "Ruth Campbell", frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR}), ""),
)


def demo_account_lines() -> list[str]:
    """The sign-in details shown on the sign-in dialog and printed to the terminal."""
    lines = [f"admin (administrator), password {DEMO_PASSWORD}"]
    for username, _name, roles, _number in DEMO_ACCOUNTS[:3]:
        label = ", ".join(r.label.lower() for r in roles)
        lines.append(f"{username} ({label}), password {DEMO_PASSWORD}")
    return lines
