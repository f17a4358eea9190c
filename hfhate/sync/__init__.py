"""Sync with the central server: wire schemas, outbox, client (no Qt)."""
