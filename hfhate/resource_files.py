"""Reading files shipped in ``resources/`` (installed as ``hfhate.resources``)."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable


def resource(*parts: str) -> Traversable:
    """A file in the shipped resources, e.g. ``resource("styles", "app.qss")``."""
    location = resources.files("hfhate.resources")
    for part in parts:
        location = location / part
    return location


def read_text(*parts: str) -> str:
    return resource(*parts).read_text(encoding="utf-8")


def read_bytes(*parts: str) -> bytes:
    return resource(*parts).read_bytes()
