"""The referral pack as PDF: every section a partner needs, the one person's particulars and
nothing else, the Community MARAC risk checklist with its score, long accounts flowing onto
further pages intact, and names in any script the fonts have printed as typed."""

from __future__ import annotations

import dataclasses
import re
import stat
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from hfhate.clock import LONDON
from hfhate.printing.referral_pack_pdf import (
    MARKING,
    referral_pack_bytes,
    write_referral_pack,
)
from hfhate.printing.template import shipped_wording
from hfhate.services.victims.pack import PackConsent, PackRisk, ReferralPack
from hfhate.services.victims.words import victim_words

ACCOUNT = (
    "She was waiting for the 220 bus on Fulham Palace Road when a man shouted abuse about "
    "her headscarf and spat towards her. He followed her onto the bus and kept on until "
    "the driver stopped and told him to get off."
)


def build_pack(**changes: Any) -> ReferralPack:
    """A Stop Hate UK referral of one victim, sent; ``changes`` replace its fields."""
    values: dict[str, Any] = {
        "referral_id": uuid.UUID("7b0c1d2e-0000-4000-8000-00000000a1b2"),
        "reference": "RF-7B0C1D2E",
        "partner": "Stop Hate UK",
        "status": "Sent",
        "drafted_at": datetime(2026, 3, 3, 15, 10, tzinfo=UTC),
        "sent_at": datetime(2026, 3, 4, 9, 30, tzinfo=UTC),
        "sent_how": "Secure email",
        "officer_name": "Priya Shah",
        "council_team": "Law Enforcement Team, London Borough of Hammersmith & Fulham, "
        "020 7946 0123",
        "person_name": "Amina Farouk",
        "known_as": "Mina",
        "role": "Victim",
        "date_of_birth": date(1991, 7, 14),
        "phone": "07700 900123",
        "email": "amina.farouk@example.org",
        "address": "Flat 4, 18 Lillie Road, London",
        "postcode": "SW6 1TT",
        "contact_preference": "Phone",
        "contact_notes": "Call after 6pm; do not leave a voicemail.",
        "source": "Incident recorded 3 March 2026",
        "occurred_at": datetime(2026, 3, 3, 14, 5, tzinfo=UTC),
        "place": "Bus stop outside 210 Fulham Palace Road",
        "ward": "Fulham Reach",
        "hostilities": ("Religion or belief", "Race"),
        "account": ACCOUNT,
        "reported_to_police": True,
        "crime_reference": "CRIS 3012345/26",
        "reason": "She would like support from someone outside the council and help to feel "
        "safe using the bus again.",
        "consents": (
            PackConsent(
                "Referral to Stop Hate UK",
                True,
                datetime(2026, 3, 3, 14, 40, tzinfo=UTC),
                "Priya Shah",
                "In person",
            ),
            PackConsent(
                "Sharing with the police",
                False,
                datetime(2026, 3, 3, 14, 42, tzinfo=UTC),
                "Priya Shah",
                "By phone",
            ),
        ),
        "printed_at": datetime(2026, 3, 4, 9, 35, tzinfo=UTC),
    }
    return ReferralPack(**(values | changes))


def cmarac_pack(yes: int) -> ReferralPack:
    """A Community MARAC referral whose first ``yes`` checklist questions are answered yes."""
    words = victim_words()
    questions = list(words.risk_checklist.values())
    answers = tuple((question, number < yes) for number, question in enumerate(questions))
    consent = PackConsent(
        "Referral to Community MARAC",
        True,
        datetime(2026, 3, 3, 14, 40, tzinfo=UTC),
        "Priya Shah",
        "In person",
    )
    return build_pack(
        partner="Community MARAC",
        consents=(consent,),
        risk=PackRisk(answers=answers, score=yes, high_score=words.risk_high_score),
    )


def pdf_pages(data: bytes, tmp_path: Path, pdf_text: Callable[[Path], list[str]]) -> list[str]:
    out = tmp_path / f"{uuid.uuid4().hex}.pdf"
    out.write_bytes(data)
    return pdf_text(out)


def test_the_pack_holds_each_section_and_the_persons_particulars(
    tmp_path: Path, pdf_text: Callable[[Path], list[str]]
) -> None:
    (text,) = pdf_pages(referral_pack_bytes(build_pack()), tmp_path, pdf_text)
    settings = shipped_wording().settings
    for expected in (
        MARKING,
        settings["council_name"],
        # Who it is for, from whom, and how to answer.
        "Referral to Stop Hate UK",
        "Referral reference RF-7B0C1D2E",
        "For Stop Hate UK",
        "Drafted 03 March 2026 at 15:10",
        "Sent 04 March 2026 at 09:30, secure email",
        "Referred by Priya Shah",
        "Reply to Law Enforcement Team London Borough of Hammersmith & Fulham 020 7946 0123",
        "Quote the reference RF-7B0C1D2E when you reply.",
        settings["council_address"],
        # The person referred.
        "The person referred",
        "Name Amina Farouk",
        "Known as Mina",
        "Their part Victim",
        "Date of birth 14 July 1991",
        "Phone 07700 900123",
        "Email amina.farouk@example.org",
        "Address Flat 4, 18 Lillie Road, London, SW6 1TT",
        "How to contact them Phone",
        "Contact notes Call after 6pm; do not leave a voicemail.",
        # What happened.
        "What happened",
        "Recorded as Incident recorded 3 March 2026",
        "When 03 March 2026 at 14:05",
        "Where Bus stop outside 210 Fulham Palace Road",
        "Ward Fulham Reach",
        "Hostility Religion or belief, Race",
        ACCOUNT,
        "Reported to the police Yes",
        "Crime reference CRIS 3012345/26",
        # Why, and consent to each purpose.
        "Why they are referred She would like support from someone outside the council",
        "Referral to Stop Hate UK Given on 03 March 2026 at 14:40, recorded by Priya Shah, "
        "in person",
        "Sharing with the police Withdrawn on 03 March 2026 at 14:42, recorded by Priya Shah, "
        "by phone",
        "Page 1 of 1",
    ):
        assert expected in text, expected
    assert "Risk checklist" not in text
    assert "Risk " not in text
    assert "Score:" not in text
    for question in victim_words().risk_checklist.values():
        assert question not in text


def test_a_pack_naming_no_team_says_to_reply_to_the_council(
    tmp_path: Path, pdf_text: Callable[[Path], list[str]]
) -> None:
    settings = shipped_wording().settings
    (text,) = pdf_pages(referral_pack_bytes(build_pack(council_team="")), tmp_path, pdf_text)
    assert (
        f"Reply to {settings['team']} {settings['council_address']} {settings['phone']} "
        f"({settings['phone_hours']})" in text
    )


def test_what_was_not_given_says_so_and_a_draft_is_not_sent(
    tmp_path: Path, pdf_text: Callable[[Path], list[str]]
) -> None:
    pack = build_pack(
        person_name="",
        date_of_birth=None,
        email="",
        sent_at=None,
        sent_how="",
        status="Drafted",
        reported_to_police=False,
        crime_reference="",
    )
    (text,) = pdf_pages(referral_pack_bytes(pack), tmp_path, pdf_text)
    for expected in (
        "Name Not given Known as Mina",
        "Date of birth Not given",
        "Email Not given",
        "Sent Not sent yet",
        "Reported to the police No",
        "Crime reference None: not reported",
    ):
        assert expected in text, expected


def test_a_community_marac_pack_holds_every_question_its_answer_and_the_score(
    tmp_path: Path, pdf_text: Callable[[Path], list[str]]
) -> None:
    words = victim_words()
    questions = list(words.risk_checklist.values())
    high = words.risk_high_score
    text = " ".join(pdf_pages(referral_pack_bytes(cmarac_pack(high)), tmp_path, pdf_text))
    assert "Risk checklist (Community MARAC)" in text
    assert f"Risk High: scored {high} of {len(questions)} (the checklist is below)" in text
    for number, question in enumerate(questions, start=1):
        answer = "Yes" if number <= high else "No"
        assert f"{number}. {question} {answer}" in text, question
    assert (
        f"Score: {high} of {len(questions)}, at or above the high-risk score of {high}: "
        "high risk." in text
    )
    below = " ".join(pdf_pages(referral_pack_bytes(cmarac_pack(high - 1)), tmp_path, pdf_text))
    assert f"Score: {high - 1} of {len(questions)}, below the high-risk score of {high}." in below
    assert "high risk" not in below
    assert f"Risk Not high: scored {high - 1} of {len(questions)}" in below


def test_a_long_account_flows_onto_further_pages_intact(
    tmp_path: Path, pdf_text: Callable[[Path], list[str]]
) -> None:
    sentences = [
        f"Sentence {number} of the account: the man came back to the bus stop and shouted "
        f"again, and she wrote down what he said each time it happened."
        for number in range(1, 121)
    ]
    account = "\n".join(sentences)
    out = write_referral_pack(build_pack(account=account), tmp_path / "p.pdf")
    pages = pdf_text(out)
    assert len(pages) >= 3
    assert "Page 1 of" in pages[0]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    for page in pages:
        assert page.count(MARKING) >= 2  # at the head and the foot of every page
    for page in pages[1:]:
        assert "Referral RF-7B0C1D2E to Stop Hate UK, continued" in page
    # The pages' text without their head and foot: a sentence split by a page end reads whole.
    continued = "Referral RF-7B0C1D2E to Stop Hate UK, continued "
    council = re.escape(f"{shipped_wording().settings['council_name']} · ")
    footer = re.compile(f"({council})?Referral RF-7B0C1D2E to Stop Hate UK · printed .*$")
    bodies = [footer.sub("", page).strip() for page in pages]
    text = " ".join([bodies[0], *(body.split(continued, 1)[1] for body in bodies[1:])])
    for sentence in sentences:  # every line, once, in order: nothing cut or repeated
        assert text.count(sentence) == 1, sentence
    positions = [text.index(sentence) for sentence in sentences]
    assert positions == sorted(positions)
    # The sections after the account follow it on the last pages.
    assert text.index(sentences[-1]) < text.index("Why they are referred")
    assert "Consent" in pages[-1]


def test_names_with_accents_and_other_scripts_print_as_typed(
    tmp_path: Path, pdf_text: Callable[[Path], list[str]]
) -> None:
    pack = build_pack(
        person_name="Zoë Łukasiewicz-O'Brien",
        known_as="Дмитрий Соколов",
        address="Flat 2, Ηρώδου Αττικού 12, Île-de-Fulham",
        officer_name="Siobhán Ní Bhriain",
        contact_notes="Speaks Ελληνικά and français; prefers 'Zoë'.",
    )
    (text,) = pdf_pages(referral_pack_bytes(pack), tmp_path, pdf_text)
    for expected in (
        "Name Zoë Łukasiewicz-O'Brien",
        "Known as Дмитрий Соколов",
        "Address Flat 2, Ηρώδου Αττικού 12, Île-de-Fulham, SW6 1TT",
        "Referred by Siobhán Ní Bhriain",
        "Speaks Ελληνικά and français; prefers 'Zoë'.",
    ):
        assert expected in text, expected


def test_a_character_the_fonts_lack_is_shown_by_its_code_point_not_as_a_box(
    tmp_path: Path, pdf_text: Callable[[Path], list[str]]
) -> None:
    (text,) = pdf_pages(referral_pack_bytes(build_pack(known_as="Mina 漢")), tmp_path, pdf_text)
    assert "Known as Mina [U+6F22]" in text


WORD = re.compile(r"[^\s,.;:()'·/]+")


def _words(text: str) -> set[str]:
    return set(WORD.findall(text))


def _field_words(pack: ReferralPack) -> set[str]:
    """Every word of every field of ``pack``, dates and times as the pack writes them."""
    found: set[str] = set()

    def add(value: Any) -> None:
        if isinstance(value, datetime):
            found.update(_words(f"{value.astimezone(LONDON):%d %B %Y %H:%M}"))
        elif isinstance(value, date):
            found.update(_words(f"{value:%d %B %Y}"))
        elif isinstance(value, tuple):
            for item in value:
                add(item)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for part in dataclasses.fields(value):
                add(getattr(value, part.name))
        elif isinstance(value, str):
            found.update(_words(value))
            found.update(_words(value.lower()))
        elif isinstance(value, int) and not isinstance(value, bool):
            found.add(str(value))

    add(pack)
    return found


def test_nothing_but_the_given_packs_particulars_is_printed(
    tmp_path: Path, pdf_text: Callable[[Path], list[str]]
) -> None:
    # The pack's own words: what every pack prints whatever its person, found from packs
    # whose every text is a placeholder; the rest of the text must come from the fields.
    placeholder = "Zzplaceholder"
    when = datetime(2020, 1, 1, tzinfo=UTC)
    frame: set[str] = set()
    for score in (0, 1):  # below and at the high-risk score
        texts = {
            name: placeholder
            for name, value in dataclasses.asdict(build_pack()).items()
            if isinstance(value, str)
        }
        blank = build_pack(
            **texts | {"account": "\n".join([placeholder] * 200 * score)},  # onto more pages
            hostilities=(placeholder,),
            consents=tuple(
                PackConsent(placeholder, given, when, placeholder, placeholder)
                for given in (True, False)
            ),
            risk=PackRisk(((placeholder, True), (placeholder, False)), score, 1),
        )
        frame |= _words(" ".join(pdf_pages(referral_pack_bytes(blank), tmp_path, pdf_text)))
        frame |= _field_words(blank)
    other = build_pack(
        person_name="Bartholomew Quince",
        known_as="Bart",
        phone="07700 900999",
        email="bq@example.net",
        address="9 Rivercourt Road, London",
        contact_notes="Mornings only.",
    )
    referral_pack_bytes(other)  # drawn first in the same process: nothing of it may carry over
    pack = cmarac_pack(8)
    text = " ".join(pdf_pages(referral_pack_bytes(pack), tmp_path, pdf_text))
    strays = _words(text) - frame - _field_words(pack) - _words(" ".join(map(str, range(13))))
    assert strays == set()
    for particular in ("Bartholomew", "Quince", "07700 900999", "bq@example.net", "Rivercourt"):
        assert particular not in text


def test_the_pack_is_written_readable_by_its_owner_only(tmp_path: Path) -> None:
    out = write_referral_pack(build_pack(), tmp_path / "packs" / "RF-7B0C1D2E.pdf")
    assert out == tmp_path / "packs" / "RF-7B0C1D2E.pdf"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert len(PdfReader(out).pages) == 1
    assert not [p for p in out.parent.iterdir() if p.name != out.name]  # no temporary left
