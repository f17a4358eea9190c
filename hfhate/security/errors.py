"""The one error type of hfhate.security: its message is a sentence a user can act on."""

from __future__ import annotations


class SecurityError(Exception):
    """The store, its key or a photo cannot be used; ``str(error)`` says why and what to do."""
