"""The body of every error the API answers, and its declaration in the OpenAPI document.

Every refusal (``accounts.Refused``), every request that is not valid and every body too
large is answered ``{"detail": "<one sentence>"}``: the laptop shows ``detail`` as it is.
Each router declares the statuses its routes can answer with ``answers(...)``, so the
OpenAPI document describes exactly the bodies sent (FastAPI's own list-shaped validation
body is never sent, so it is declared nowhere).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

WHAT = {
    401: "Not enrolled, not signed in, or the session has ended.",
    403: "Not allowed for this device or user.",
    404: "Not on the server.",
    409: "At odds with what the server holds.",
    410: "This laptop is a copy of another: it must be enrolled again.",
    413: "The request is too large.",
    422: "The request was not valid.",
    429: "Too many requests.",
    503: "The server cannot answer now.",
}


class ErrorBody(BaseModel):
    """An error answer: what went wrong, in one sentence for the person at the laptop."""

    detail: str


class FieldErrorBody(BaseModel):
    """A change refused field by field: one sentence, and what is wrong with each field (by
    the field's name) for the app to show beside it. A request that is not valid at all has
    ``detail`` alone."""

    detail: str
    fields: dict[str, str] = {}


def field_answers(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``answers(...)`` with 422 declared as ``FieldErrorBody``: routes that check fields."""
    declared = answers(*(s for s in statuses if s != 422))
    declared[422] = {"model": FieldErrorBody, "description": WHAT[422]}
    return declared


def answers(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of a router or route whose errors are these statuses."""
    return {status: {"model": ErrorBody, "description": WHAT[status]} for status in statuses}
