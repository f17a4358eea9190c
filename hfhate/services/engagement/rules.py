"""What an engagement session must hold before it can be saved, checked field by field.

``check_session`` returns one plain message per field, keyed as the form's fields are; the
service runs it (with the checks that need the store) before every save. The ``read_*``
helpers turn what an officer typed into numbers, with a message when it is not one, so the
form and the rules speak with one voice. The council's lists come from
resources/reference/engagement.json through ``engagement_reference()``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache

from hfhate.clock import LONDON
from hfhate.resource_files import read_text
from hfhate.services.reference_lists import ReferenceLists, shipped_lists

ANSWER_RANGE = (1.0, 5.0)
MAX_ATTENDEES = 100_000


class InputProblem(ValueError):
    """Typed text that is not the number asked for; the message says what to type instead."""


@dataclass(frozen=True)
class EngagementReference:
    """The council's lists for sessions, in the order people expect to see them."""

    session_types: dict[str, str]
    register_types: frozenset[str]
    audiences: dict[str, str]
    categories: dict[str, str]
    topics: dict[str, str]
    organisation_kinds: dict[str, str]
    school_phases: dict[str, str]
    year_groups: tuple[str, ...]
    phase_year_groups: dict[str, list[str]]
    confidence_questions: dict[str, str]
    disclosure_categories: dict[str, str]
    referral_routes: dict[str, str]
    training_refresh_months: int

    @property
    def breakdown_groups(self) -> dict[str, str]:
        """Audience groups an attendance can be broken down into (all but "mixed")."""
        return {k: v for k, v in self.audiences.items() if k != "mixed"}


@cache
def engagement_reference() -> EngagementReference:
    """The lists, read once per process from the shipped file."""
    values = json.loads(read_text("reference", "engagement.json"))
    return EngagementReference(
        session_types=values["session_types"],
        register_types=frozenset(values["register_types"]),
        audiences=values["audiences"],
        categories=values["categories"],
        topics=values["topics"],
        organisation_kinds=values["organisation_kinds"],
        school_phases=values["school_phases"],
        year_groups=tuple(values["year_groups"]),
        phase_year_groups=values["phase_year_groups"],
        confidence_questions=values["confidence_questions"],
        disclosure_categories=values["disclosure_categories"],
        referral_routes=values["referral_routes"],
        training_refresh_months=int(values["training_refresh_months"]),
    )


def london_today() -> date:
    return datetime.now(LONDON).date()


def fold(text: str) -> str:
    """A name as compared: lower case, single spaces (``" Ann  LEE "`` -> ``"ann lee"``)."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Answers:
    """Answers to a confidence question at one moment (before or after the session).

    Either the average score (1 to 5) with the number of responses, or ``counts``: how many
    gave each answer 1, 2, 3, 4 and 5. Nothing given means the question was not asked then.
    """

    average: float | None = None
    responses: int | None = None
    counts: tuple[int, ...] = ()

    @property
    def given(self) -> bool:
        return self.average is not None or self.responses is not None or bool(self.counts)

    def resolved(self) -> tuple[float | None, int | None]:
        """The average and number of responses, worked out from the counts if counted."""
        if self.counts:
            total = sum(self.counts)
            if total <= 0:
                return None, 0
            weighted = sum(score * n for score, n in enumerate(self.counts, start=1))
            return round(weighted / total, 2), total
        return self.average, self.responses


@dataclass(frozen=True)
class ConfidenceInput:
    """One confidence question (a code from the reference list) and its answers."""

    question: str
    before: Answers = field(default_factory=Answers)
    after: Answers = field(default_factory=Answers)


@dataclass(frozen=True)
class RegisterPerson:
    """One line of the attendance register; ``id`` is the stored entry's, when editing."""

    name: str
    role: str = ""
    organisation: str = ""
    id: uuid.UUID | None = None


@dataclass(frozen=True)
class SessionInput:
    """Everything the officer enters about a session, as plain values."""

    session_type: str = ""
    title: str = ""
    specialised_topic: str = ""
    session_date: date | None = None
    start_time: time | None = None
    end_time: time | None = None
    venue: str = ""
    ward: str = ""
    organisation_id: uuid.UUID | None = None
    year_groups: tuple[str, ...] = ()
    audience: str = ""
    attendees: int | None = None
    breakdown: Mapping[str, int] = field(default_factory=dict)
    facilitator_ids: tuple[uuid.UUID, ...] = ()
    partner_ids: tuple[uuid.UUID, ...] = ()
    categories: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    materials: str = ""
    notes: str = ""
    feedback: str = ""
    confidence: tuple[ConfidenceInput, ...] = ()
    register: tuple[RegisterPerson, ...] = ()


@dataclass(frozen=True)
class FollowUpInput:
    """An action (owner, due date) or a disclosure (category, referral, maybe flagged)."""

    kind: str = "action"
    description: str = ""
    category: str = ""
    referral: str = ""
    flagged: bool = False
    owner_id: uuid.UUID | None = None
    due_on: date | None = None


@dataclass(frozen=True)
class OrganisationInput:
    """A new organisation; schools also give their phase and the year groups they teach."""

    name: str = ""
    kind: str = ""
    school_phase: str = ""
    year_groups: tuple[str, ...] = field(default_factory=tuple)
    ward: str = ""


def check_organisation(
    entry: OrganisationInput, lists: ReferenceLists | None = None
) -> dict[str, str]:
    """One message per field of a new organisation that cannot be added as it is
    (``lists``: the reference lists in force, default the shipped ones)."""
    ref = engagement_reference()
    errors: dict[str, str] = {}
    name = " ".join(entry.name.split())
    if not name:
        errors["name"] = "Enter the organisation's name."
    elif len(name) > 200:
        errors["name"] = "Keep the name to 200 characters or fewer."
    if entry.kind not in ref.organisation_kinds:
        errors["kind"] = "Choose what kind of organisation it is."
    if entry.kind == "school":
        if entry.school_phase not in ref.school_phases:
            errors["school_phase"] = "Choose the school's phase, for example primary."
        if not entry.year_groups:
            errors["year_groups"] = "Tick the year groups the school teaches."
        elif any(y not in ref.year_groups for y in entry.year_groups):
            errors["year_groups"] = "Choose year groups from the list."
    if entry.ward and entry.ward not in (lists or shipped_lists()).choosable("wards"):
        errors["ward"] = "Choose a ward from the list, or leave it empty."
    return errors


def read_whole_number(text: str) -> int | None:
    """A count typed by the officer; None when left empty. Raises InputProblem."""
    cleaned = text.strip().replace(",", "")
    if not cleaned:
        return None
    try:
        return int(cleaned)
    except ValueError:
        raise InputProblem("Enter a whole number, like 25.") from None


def read_average(text: str) -> float | None:
    """An average score such as 3.4; None when left empty. Raises InputProblem."""
    cleaned = text.strip()
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        raise InputProblem("Enter the average score as a number from 1 to 5, like 3.4.") from None


def read_counts(text: str) -> tuple[int, ...]:
    """Five counts, "how many answered 1, 2, 3, 4, 5", typed as ``2, 4, 10, 8, 3``."""
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p.strip()]
    if not parts:
        return ()
    try:
        counts = tuple(int(p) for p in parts)
    except ValueError:
        raise InputProblem(
            "Enter five whole numbers separated by commas, like 2, 4, 10, 8, 3."
        ) from None
    if len(counts) != 5:
        raise InputProblem(
            f"Enter five numbers (how many answered 1, 2, 3, 4 and 5); you entered {len(counts)}."
        )
    return counts


def _retired_organisation(lists: ReferenceLists, ids: Sequence[uuid.UUID]) -> str:
    """The name of the first of these organisations that is retired, or ""."""
    for organisation_id in ids:
        for list_name in ("schools", "partners"):
            if lists.is_retired(list_name, str(organisation_id)):
                return lists.label(list_name, str(organisation_id))
    return ""


def check_session(
    entry: SessionInput, today: date, lists: ReferenceLists | None = None
) -> dict[str, str]:
    """One message per field that cannot be saved as it is; empty when all is well.

    ``lists``: the reference lists in force (default: the shipped ones); a retired ward is
    refused unless the caller passes lists that keep it (a session that already holds it).
    """
    ref = engagement_reference()
    errors: dict[str, str] = {}
    if entry.session_type not in ref.session_types:
        errors["session_type"] = "Choose the type of session."
    if len(entry.title) > 200:
        errors["title"] = "Keep the title to 200 characters or fewer."
    if entry.session_type == "specialised_training" and entry.specialised_topic not in ref.topics:
        errors["specialised_topic"] = (
            "Choose the topic of the specialised training, for example antisemitism."
        )
    _check_when(entry, today, errors)
    if not entry.venue.strip():
        errors["venue"] = "Enter where the session took place."
    elif len(entry.venue) > 200:
        errors["venue"] = "Keep the venue to 200 characters or fewer."
    lists = lists or shipped_lists()
    if entry.ward not in lists.choosable("wards"):
        errors["ward"] = (
            f"{entry.ward} is no longer in use: choose another ward."
            if lists.is_retired("wards", entry.ward)
            else "Choose the ward the venue is in."
        )
    if entry.session_type == "school_programme" and entry.organisation_id is None:
        errors["organisation"] = "Choose the school: a school programme must name its school."
    elif entry.organisation_id is not None and (
        retired := _retired_organisation(lists, [entry.organisation_id])
    ):
        errors["organisation"] = f"{retired} is no longer in use: choose another."
    if retired := _retired_organisation(lists, entry.partner_ids):
        errors["partners"] = f"{retired} is no longer in use: untick it."
    unknown_years = [y for y in entry.year_groups if y not in ref.year_groups]
    if unknown_years:
        errors["year_groups"] = f"Not a year group: {', '.join(unknown_years)}."
    if entry.audience not in ref.audiences:
        errors["audience"] = "Choose who the session was for."
    _check_attendance(entry, errors)
    if not entry.facilitator_ids:
        errors["facilitators"] = "Choose at least one facilitator."
    unknown = [c for c in entry.categories if c not in ref.categories]
    if unknown:
        errors["categories"] = f"Not a hate-crime category: {', '.join(unknown)}."
    unknown = [t for t in entry.topics if t not in ref.topics]
    if unknown:
        errors["topics"] = f"Not a topic: {', '.join(unknown)}."
    _check_confidence(entry, errors)
    _check_register(entry, errors)
    return errors


def _check_when(entry: SessionInput, today: date, errors: dict[str, str]) -> None:
    if entry.session_date is None:
        errors["session_date"] = "Enter the date of the session."
    elif entry.session_date > today:
        errors["session_date"] = (
            "The date is in the future: record a session once it has taken place."
        )
    if entry.start_time is None:
        errors["start_time"] = "Enter the time the session started."
    if entry.end_time is None:
        errors["end_time"] = "Enter the time the session ended."
    elif entry.start_time is not None and entry.end_time <= entry.start_time:
        errors["end_time"] = (
            f"The session must end after it starts ({entry.start_time:%H:%M}). "
            "Check the start and end times."
        )


def _check_attendance(entry: SessionInput, errors: dict[str, str]) -> None:
    if entry.attendees is None:
        errors["attendees"] = "Enter the number of attendees (0 if nobody came)."
    elif entry.attendees < 0:
        errors["attendees"] = "The number of attendees cannot be negative."
    elif entry.attendees > MAX_ATTENDEES:
        errors["attendees"] = f"Check the number of attendees: {entry.attendees} is too many."
    groups = engagement_reference().breakdown_groups
    given = {k: v for k, v in entry.breakdown.items() if v}
    if any(k not in groups for k in given):
        errors["breakdown"] = "Break the attendees down by the groups listed only."
    elif any(v < 0 for v in given.values()):
        errors["breakdown"] = "The breakdown cannot have negative numbers."
    elif given and entry.attendees is not None and entry.attendees >= 0:
        total = sum(given.values())
        if total != entry.attendees:
            errors["breakdown"] = (
                f"The breakdown adds up to {total}, but {entry.attendees} attended. "
                "Make them match, or clear the breakdown."
            )


def _check_confidence(entry: SessionInput, errors: dict[str, str]) -> None:
    questions = engagement_reference().confidence_questions
    seen: set[str] = set()
    for item in entry.confidence:
        key = f"confidence.{item.question}"
        if item.question not in questions:
            errors["confidence"] = f"Not a confidence question: {item.question}."
            continue
        if item.question in seen:
            errors["confidence"] = f"The question {questions[item.question]!r} is there twice."
        seen.add(item.question)
        if not item.before.given and not item.after.given:
            errors[f"{key}.before"] = (
                "Enter the answers before or after the session, or untick the question."
            )
            continue
        for moment, answers in (("before", item.before), ("after", item.after)):
            message = _answers_problem(answers, entry.attendees)
            if message:
                errors[f"{key}.{moment}"] = message


def _answers_problem(answers: Answers, attendees: int | None) -> str:
    if not answers.given:
        return ""
    if answers.counts:
        if len(answers.counts) != 5:
            return "Enter five counts: how many answered 1, 2, 3, 4 and 5."
        if any(n < 0 for n in answers.counts):
            return "Counts cannot be negative."
        if sum(answers.counts) == 0:
            return "The counts add up to 0: enter how many gave each answer."
    else:
        if answers.average is None:
            return "Enter the average score, from 1 to 5."
        if not ANSWER_RANGE[0] <= answers.average <= ANSWER_RANGE[1]:
            return f"Answers are from 1 to 5, so the average cannot be {answers.average:g}."
        if answers.responses is None:
            return "Enter how many people answered."
        if answers.responses < 1:
            return "At least one person must have answered."
    _average, responses = answers.resolved()
    if attendees is not None and responses is not None and responses > attendees:
        return f"{responses} answers, but only {attendees} attended: check both numbers."
    return ""


def _check_register(entry: SessionInput, errors: dict[str, str]) -> None:
    if not entry.register:
        return
    if entry.session_type and entry.session_type not in engagement_reference().register_types:
        errors["register"] = (
            "Registers are kept for training sessions only; clear it or change the type."
        )
    elif any(not person.name.strip() for person in entry.register):
        errors["register"] = "Every person on the register needs a name."
    elif any(
        len(p.name) > 200 or len(p.role) > 120 or len(p.organisation) > 200 for p in entry.register
    ):
        errors["register"] = "A name, role or organisation on the register is too long."
    elif entry.attendees is not None and len(entry.register) > entry.attendees:
        errors["register"] = (
            f"The register has {len(entry.register)} names but the attendee count is "
            f"{entry.attendees}. Correct the number of attendees."
        )


def check_follow_up(entry: FollowUpInput, session_date: date) -> dict[str, str]:
    """One message per field of a follow-up that cannot be saved as it is."""
    ref = engagement_reference()
    errors: dict[str, str] = {}
    if entry.kind not in ("action", "disclosure"):
        errors["kind"] = "Choose an action or a disclosure."
        return errors
    if not entry.description.strip():
        errors["description"] = (
            "Say what needs doing."
            if entry.kind == "action"
            else "Describe what was disclosed, without naming the person."
        )
    needs_owner = entry.kind == "action" or entry.flagged
    if entry.kind == "disclosure":
        if entry.category not in ref.disclosure_categories:
            errors["category"] = "Choose what kind of disclosure it was."
        if entry.referral not in ref.referral_routes:
            errors["referral"] = "Choose where it was referred, or that no referral was made."
    if needs_owner:
        if entry.owner_id is None:
            errors["owner"] = "Choose who will follow it up."
        if entry.due_on is None:
            errors["due_on"] = "Enter the date it must be done by."
        elif entry.due_on < session_date:
            errors["due_on"] = (
                f"The due date is before the session ({session_date:%d %b %Y}): check it."
            )
    return errors


def confidence_change(before: float | None, after: float | None) -> float | None:
    """How much the average moved, rounded to one decimal; None when one side is missing."""
    if before is None or after is None:
        return None
    return round(after - before, 1)
