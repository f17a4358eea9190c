"""Revisions of the local store's schema, oldest first."""
