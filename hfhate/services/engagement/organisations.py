"""The list of schools, partners and groups that sessions are held with; it grows as officers
add to it, and a name already there (in any spelling of case and spaces) is not added twice.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.models import Organisation, Role
from hfhate.services.actor import Actor, require
from hfhate.services.changes import record_created
from hfhate.services.engagement.rules import (
    OrganisationInput,
    check_organisation,
    engagement_reference,
    fold,
)
from hfhate.services.errors import ValidationFailed
from hfhate.services.reference_lists import lists_for

__all__ = [
    "OrganisationInput",
    "add_organisation",
    "check_organisation",
    "describe",
    "list_organisations",
]

READERS = (Role.ENGAGEMENT_OFFICER, Role.SUPERVISOR)


def add_organisation(session: Session, actor: Actor, entry: OrganisationInput) -> Organisation:
    """Add a school or partner to the shared list (engagement officers)."""
    require(actor, Role.ENGAGEMENT_OFFICER, to="add organisations")
    errors = check_organisation(entry, lists_for(session))
    name = " ".join(entry.name.split())
    if "name" not in errors:
        existing = session.scalar(
            select(Organisation).where(
                Organisation.name_key == fold(name), Organisation.deleted_at.is_(None)
            )
        )
        if existing is not None:
            errors["name"] = f"{existing.name} is already in the list: choose it from there."
    if errors:
        raise ValidationFailed(errors)
    school = entry.kind == "school"
    ref = engagement_reference()
    organisation = Organisation(
        name=name,
        name_key=fold(name),
        kind=entry.kind,
        school_phase=entry.school_phase if school else None,
        # In the reference order, whatever order they were ticked in.
        year_groups=[y for y in ref.year_groups if y in entry.year_groups] if school else [],
        ward=entry.ward,
    )
    record_created(
        session, actor, organisation, action="organisation_added", details={"kind": entry.kind}
    )
    return organisation


def list_organisations(
    session: Session, actor: Actor, *, kind: str | None = None
) -> Sequence[Organisation]:
    """Organisations by name; only schools when ``kind="school"``."""
    require(actor, *READERS, to="see the list of organisations")
    query = select(Organisation).where(Organisation.deleted_at.is_(None))
    if kind is not None:
        query = query.where(Organisation.kind == kind)
    return session.scalars(query.order_by(Organisation.name_key)).all()


def describe(organisation: Organisation) -> str:
    """``Lillie Road Primary (primary school, Reception to Year 6)``."""
    ref = engagement_reference()
    if organisation.kind != "school":
        return f"{organisation.name} ({ref.organisation_kinds.get(organisation.kind, '').lower()})"
    phase = ref.school_phases.get(organisation.school_phase or "", "").lower()
    years = organisation.year_groups
    span = f", {years[0]} to {years[-1]}" if len(years) > 1 else (f", {years[0]}" if years else "")
    return f"{organisation.name} ({phase} school{span})"
