"""Rules and operations: every change to data goes through a function here (no Qt)."""
