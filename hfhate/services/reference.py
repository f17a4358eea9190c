"""Reference lists shipped in resources/reference: wards, prohibitions, hostility, and so on."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from hfhate.resource_files import read_text


@dataclass(frozen=True)
class Reference:
    """The council's lists, in the order people expect to see them."""

    wards: tuple[str, ...]
    prohibitions: dict[str, str]
    hostilities: dict[str, str]
    identity_methods: dict[str, str]
    identity_documents: tuple[str, ...]
    age_bands: tuple[str, ...]
    referrals: dict[str, str]
    payment_methods: dict[str, str]


@cache
def reference() -> Reference:
    """The lists, read once per process (they are shipped files and never change at run time)."""
    pspo = json.loads(read_text("reference", "pspo.json"))
    wards = json.loads(read_text("reference", "wards.json"))["wards"]
    return Reference(
        wards=tuple(wards),
        prohibitions=pspo["prohibitions"],
        hostilities=pspo["hostilities"],
        identity_methods=pspo["identity_methods"],
        identity_documents=tuple(pspo["identity_documents"]),
        age_bands=tuple(pspo["age_bands"]),
        referrals=pspo["referrals"],
        payment_methods=pspo["payment_methods"],
    )
