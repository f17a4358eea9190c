"""Reading files shipped in ``resources/`` (installed as ``hfhate.resources``).

Run from a source checkout without installing (``python -m hfhate`` in the project folder),
``hfhate.resources`` does not exist: the ``resources/`` folder beside the package is read.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path


def resource(*parts: str) -> Traversable:
    """A file in the shipped resources, e.g. ``resource("styles", "app.qss")``."""
    location: Traversable
    try:
        location = resources.files("hfhate.resources")
    except ModuleNotFoundError:
        location = Path(__file__).resolve().parent.parent / "resources"
    for part in parts:
        location = location / part
    return location


def read_text(*parts: str) -> str:
    return resource(*parts).read_text(encoding="utf-8")


def read_bytes(*parts: str) -> bytes:
    return resource(*parts).read_bytes()
