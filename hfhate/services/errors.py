"""Errors the services raise, each carrying a message meant for the person using the app."""

from __future__ import annotations

from collections.abc import Mapping


class ServiceError(Exception):
    """Base of every error a service raises on purpose."""


class PermissionDenied(ServiceError):
    """The signed-in user's roles do not allow this operation."""


class ValidationFailed(ServiceError):
    """Input that cannot be saved; ``field_errors`` maps each field to what is wrong with it."""

    def __init__(self, field_errors: Mapping[str, str]) -> None:
        self.field_errors = dict(field_errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.field_errors.items()))


class NotFound(ServiceError):
    """The record asked for does not exist (or is not visible to this user)."""
