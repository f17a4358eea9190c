"""Wire bodies of the central reference lists (``/admin/reference``): an administrator's
list of entries, an entry added or relabelled, an entry retired or put back in use."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from hfhate.sync.schemas import WireModel

ListName = Literal["wards", "prohibitions", "hostilities", "partners", "schools"]
# A postcode district (``W6``) or sector (``W6 9``): what a ward's lookup holds.
_AREA = Field(pattern=r"^[A-Z]{1,2}[0-9][0-9A-Z]?( [0-9])?$", max_length=6)


class WardPostcodes(WireModel):
    """The postcode districts and sectors of a ward, for the postcode lookup."""

    districts: list[Annotated[str, _AREA]] = Field(default_factory=list, max_length=50)
    sectors: list[Annotated[str, _AREA]] = Field(default_factory=list, max_length=200)


class EntryOut(WireModel):
    """One entry as the server holds it."""

    code: str
    label: str
    position: int
    retired: bool
    shipped: bool  # in the lists shipped with hfhate (perhaps relabelled)
    central: bool  # changed or added centrally
    districts: list[str] = Field(default_factory=list)
    sectors: list[str] = Field(default_factory=list)


class ReferenceListOut(WireModel):
    """``GET /admin/reference/{list_name}``: every entry, retired ones too, in order."""

    list_name: ListName
    entries: list[EntryOut]


class EntryChange(WireModel):
    """``POST /admin/reference/{list_name}``: add an entry, or give one new words."""

    code: str = Field(min_length=1, max_length=60)
    label: str = Field(min_length=1, max_length=200)
    position: int | None = Field(default=None, ge=0, le=100000)
    postcodes: WardPostcodes | None = None


class Retirement(WireModel):
    """``POST /admin/reference/{list_name}/retirement``: retire an entry, or restore it."""

    code: str = Field(min_length=1, max_length=60)
    retired: bool
