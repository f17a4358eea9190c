"""What the screens say about sending in demo mode: demo data is never sent anywhere, so no
screen speaks of changes "kept until the laptop is connected" (the Start page, the status bar
and the Sync area all say this instead)."""

from __future__ import annotations

DEMO_NOT_SENT = "Demo data: nothing here is sent to the council's server."
DEMO_NOTHING_WAITS = "Nothing: demo data is never sent."
DEMO_NEVER_SYNCS = "Never: demo data is never sent."
