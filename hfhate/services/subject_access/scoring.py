"""How a subject access search decides that a record holds something about the person asked
for: what was asked (``PersonQuery``), what was found (``Hit``) and the score of each kind of
agreement (a name's likeness, the date of birth, the postcode, the address, a name in free text).
Shared by the search of notices and registers (``search``) and of victims' records
(``victims_search``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from hfhate.services.subject_access.matching import (
    NAME_THRESHOLD,
    NameMatcher,
    address_matches,
    name_parts,
    postcode_key,
)

# How much each kind of agreement adds to a hit's score (a name adds its likeness, 0 to 1).
DOB_MATCH, DOB_DIFFERS, POSTCODE_MATCH, ADDRESS_MATCH = 1.0, -1.5, 0.5, 0.5
DIFFERENT_DOB = "Date of birth differs: probably someone else"


@dataclass(frozen=True)
class PersonQuery:
    """What the supervisor searches by; at least one of them."""

    name: str = ""
    date_of_birth: date | None = None
    address: str = ""
    postcode: str = ""


@dataclass(frozen=True)
class Hit:
    """One record holding something about the person: where, as whom, and why it matched."""

    record_type: str
    record_id: uuid.UUID
    role: str  # recipient, victim, witness, attendee, mentioned, photo
    where: str
    why: tuple[str, ...]
    score: float
    flag: str = ""  # a reason to doubt it is the same person
    person_index: int | None = None  # the entry in a notice's ``people``
    notice_id: uuid.UUID | None = None  # a photo's notice
    notice_role: str = ""  # a photo's: the person's role on its notice

    @property
    def key(self) -> str:
        """The item's key in a request's decisions: ``notices:<id>``."""
        return f"{self.record_type}:{self.record_id}"


@dataclass
class Score:
    """What a record's values say so far: the score, the reasons, and a doubt."""

    score: float = 0.0
    why: list[str] = field(default_factory=list)
    flag: str = ""
    name_matched: bool = False
    other_matched: bool = False


def score_name(score: Score, asked: NameMatcher, held: str, what: str = "Name") -> None:
    if not asked.asked or not held:
        return
    likeness = asked.likeness(name_parts(held))
    if likeness >= NAME_THRESHOLD:
        score.name_matched = True
        score.score += likeness
        score.why.append(f'{what} "{held}" {likeness_words(likeness)}')


def likeness_words(likeness: float) -> str:
    if likeness >= 0.999:
        return "matches"
    return f"is like the name asked for ({likeness:.0%})"


def counts(score: Score, query: PersonQuery) -> bool:
    """A hit when the name matches; without a name, when anything asked for matches; with
    a name that does not match, only when two other things do (date of birth and address)."""
    if score.name_matched:
        return True
    if not query.name.strip():
        return score.other_matched
    return len(score.why) >= 2


def mentioned(
    record_type: str,
    record_id: uuid.UUID,
    asked: NameMatcher,
    texts: Sequence[tuple[str, str]],
    label: Callable[[], str],
) -> Iterator[Hit]:
    """A hit on the first of ``texts`` (where it is, with ``{}`` for the record's ``label()``,
    and its text) that names the person; the label is looked up only for a hit."""
    if not asked.asked:
        return
    for where, text in texts:
        likeness, found = asked.in_text(text or "")
        if likeness >= NAME_THRESHOLD:
            yield Hit(
                record_type,
                record_id,
                "mentioned",
                f"Named in {where.format(label())}",
                (f'The text names "{found}", {likeness_words(likeness)}',),
                likeness * 0.9,
            )
            return


def score_particulars(
    score: Score,
    query: PersonQuery,
    *,
    born: date | None,
    postcode: str,
    address: str,
) -> None:
    """Add what the date of birth, postcode and address held say to ``score``."""
    if query.date_of_birth and born:
        if born == query.date_of_birth:
            score.score += DOB_MATCH
            score.other_matched = True
            score.why.append("Date of birth matches")
        else:
            score.score += DOB_DIFFERS
            score.flag = f"{DIFFERENT_DOB} (born {born:%d %B %Y})"
    if query.postcode.strip() and postcode:
        if postcode_key(query.postcode) == postcode_key(postcode):
            score.score += POSTCODE_MATCH
            score.other_matched = True
            score.why.append("Postcode matches")
    if query.address.strip() and address_matches(query.address, address):
        score.score += ADDRESS_MATCH
        score.other_matched = True
        score.why.append("Address matches")
