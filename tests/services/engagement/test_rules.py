"""The rules a session and a follow-up must meet, one message per field, and the parsers that
turn typed text into numbers. Each case changes one thing in a session that can be saved."""

from __future__ import annotations

from datetime import date, time

import pytest

from hfhate.services.engagement.rules import (
    Answers,
    ConfidenceInput,
    FollowUpInput,
    InputProblem,
    RegisterPerson,
    check_follow_up,
    check_session,
    confidence_change,
    engagement_reference,
    read_average,
    read_counts,
    read_whole_number,
)

TODAY = date(2025, 3, 12)
REPORT = "report"


def test_the_saveable_session_has_no_problems(entry):
    assert check_session(entry, TODAY) == {}


@pytest.mark.parametrize(
    ("changes", "key", "message"),
    [
        ({"session_type": ""}, "session_type", "Choose the type of session."),
        ({"session_date": None}, "session_date", "Enter the date of the session."),
        (
            {"session_date": date(2025, 3, 13)},
            "session_date",
            "The date is in the future: record a session once it has taken place.",
        ),
        ({"start_time": None}, "start_time", "Enter the time the session started."),
        ({"end_time": None}, "end_time", "Enter the time the session ended."),
        (
            {"end_time": time(9, 15)},
            "end_time",
            "The session must end after it starts (09:15). Check the start and end times.",
        ),
        (
            {"end_time": time(8, 0)},
            "end_time",
            "The session must end after it starts (09:15). Check the start and end times.",
        ),
        ({"venue": "  "}, "venue", "Enter where the session took place."),
        ({"ward": "Chelsea"}, "ward", "Choose the ward the venue is in."),
        (
            {"organisation_id": None},
            "organisation",
            "Choose the school: a school programme must name its school.",
        ),
        ({"year_groups": ("Year 14",)}, "year_groups", "Not a year group: Year 14."),
        ({"audience": ""}, "audience", "Choose who the session was for."),
        (
            {"attendees": None, "breakdown": {}},
            "attendees",
            "Enter the number of attendees (0 if nobody came).",
        ),
        (
            {"attendees": -3, "breakdown": {}},
            "attendees",
            "The number of attendees cannot be negative.",
        ),
        (
            {"breakdown": {"pupils": 20, "staff": 2}},
            "breakdown",
            "The breakdown adds up to 22, but 30 attended. "
            "Make them match, or clear the breakdown.",
        ),
        (
            {"breakdown": {"pupils": 32, "staff": -2}},
            "breakdown",
            "The breakdown cannot have negative numbers.",
        ),
        (
            {"breakdown": {"mixed": 30}},
            "breakdown",
            "Break the attendees down by the groups listed only.",
        ),
        ({"facilitator_ids": ()}, "facilitators", "Choose at least one facilitator."),
        ({"categories": ("astrology",)}, "categories", "Not a hate-crime category: astrology."),
        ({"topics": ("gardening",)}, "topics", "Not a topic: gardening."),
        ({"title": "x" * 201}, "title", "Keep the title to 200 characters or fewer."),
    ],
)
def test_each_rule_has_its_message_beside_its_field(vary, changes, key, message):
    assert check_session(vary(**changes), TODAY) == {key: message}


def test_specialised_training_needs_its_topic(vary):
    entry = vary(
        session_type="specialised_training",
        organisation_id=None,
        year_groups=(),
        audience="staff",
        breakdown={},
    )
    assert check_session(entry, TODAY) == {
        "specialised_topic": "Choose the topic of the specialised training, "
        "for example antisemitism."
    }
    assert (
        check_session(
            vary(
                session_type="specialised_training", specialised_topic="antisemitism", breakdown={}
            ),
            TODAY,
        )
        == {}
    )


def test_only_a_school_programme_must_name_a_school(vary):
    assert (
        check_session(
            vary(session_type="community_event", organisation_id=None, breakdown={}), TODAY
        )
        == {}
    )


def test_a_breakdown_of_zeros_is_no_breakdown(vary):
    assert check_session(vary(breakdown={"pupils": 0, "staff": 0}), TODAY) == {}


@pytest.mark.parametrize(
    ("before", "after", "moment", "message"),
    [
        (
            Answers(6.0, 20),
            Answers(4.0, 20),
            "before",
            "Answers are from 1 to 5, so the average cannot be 6.",
        ),
        (
            Answers(2.0, 20),
            Answers(0.5, 20),
            "after",
            "Answers are from 1 to 5, so the average cannot be 0.5.",
        ),
        (
            Answers(2.0, 31),
            Answers(4.0, 20),
            "before",
            "31 answers, but only 30 attended: check both numbers.",
        ),
        (Answers(2.0, None), Answers(4.0, 20), "before", "Enter how many people answered."),
        (Answers(None, 20), Answers(4.0, 20), "before", "Enter the average score, from 1 to 5."),
        (Answers(2.0, 0), Answers(4.0, 20), "before", "At least one person must have answered."),
        (
            Answers(counts=(10, 10, 10, 1, 0)),
            Answers(4.0, 20),
            "before",
            "31 answers, but only 30 attended: check both numbers.",
        ),
        (
            Answers(counts=(1, -1, 2, 3, 4)),
            Answers(4.0, 20),
            "before",
            "Counts cannot be negative.",
        ),
        (
            Answers(counts=(0, 0, 0, 0, 0)),
            Answers(4.0, 20),
            "before",
            "The counts add up to 0: enter how many gave each answer.",
        ),
        (
            Answers(counts=(1, 2, 3)),
            Answers(4.0, 20),
            "before",
            "Enter five counts: how many answered 1, 2, 3, 4 and 5.",
        ),
    ],
)
def test_confidence_answers_are_from_1_to_5_and_no_more_than_attendees(
    vary, before, after, moment, message
):
    entry = vary(confidence=(ConfidenceInput(REPORT, before, after),))
    assert check_session(entry, TODAY) == {f"confidence.{REPORT}.{moment}": message}


def test_a_ticked_question_needs_some_answers(vary):
    entry = vary(confidence=(ConfidenceInput(REPORT),))
    assert check_session(entry, TODAY) == {
        f"confidence.{REPORT}.before": "Enter the answers before or after the session, "
        "or untick the question."
    }


def test_confidence_questions_come_from_the_list_and_once_each(vary):
    twice = vary(
        confidence=(
            ConfidenceInput(REPORT, Answers(2.0, 5)),
            ConfidenceInput(REPORT, Answers(3.0, 5)),
        )
    )
    assert check_session(twice, TODAY) == {
        "confidence": "The question 'I know how to report a hate crime' is there twice."
    }
    unknown = vary(confidence=(ConfidenceInput("happiness", Answers(2.0, 5)),))
    assert check_session(unknown, TODAY) == {"confidence": "Not a confidence question: happiness."}


def test_counts_give_the_average_and_responses():
    answers = Answers(counts=(2, 4, 10, 8, 6))
    assert answers.resolved() == (3.4, 30)
    assert Answers(2.5, 12).resolved() == (2.5, 12)
    assert confidence_change(2.44, 4.1) == 1.7
    assert confidence_change(None, 4.1) is None


def test_registers_belong_to_training_and_fit_the_attendance(vary):
    people = tuple(
        RegisterPerson(f"Person {n}", "Housing officer", "H&F Council") for n in range(3)
    )
    training = {
        "session_type": "staff_training",
        "organisation_id": None,
        "year_groups": (),
        "breakdown": {},
    }
    assert check_session(vary(register=people, attendees=3, **training), TODAY) == {}
    assert check_session(vary(register=people, attendees=2, **training), TODAY) == {
        "register": "The register has 3 names but the attendee count is 2. "
        "Correct the number of attendees."
    }
    assert check_session(vary(register=(RegisterPerson(" "),), **training), TODAY) == {
        "register": "Every person on the register needs a name."
    }
    assert check_session(vary(register=people), TODAY) == {
        "register": "Registers are kept for training sessions only; clear it or change the type."
    }


@pytest.mark.parametrize(("text", "value"), [("", None), (" 25 ", 25), ("1,200", 1200), ("-4", -4)])
def test_whole_numbers_are_read_from_text(text, value):
    assert read_whole_number(text) == value


@pytest.mark.parametrize("reader", [read_whole_number, read_average])
def test_text_that_is_not_a_number_says_what_to_type(reader):
    with pytest.raises(InputProblem) as problem:
        reader("lots")
    assert "like" in str(problem.value)


def test_averages_and_counts_are_read_from_text():
    assert read_average(" 3.4") == 3.4
    assert read_average("") is None
    assert read_counts("2, 4, 10, 8, 3") == (2, 4, 10, 8, 3)
    assert read_counts("2 4 10 8 3") == (2, 4, 10, 8, 3)
    assert read_counts("") == ()
    with pytest.raises(InputProblem, match="you entered 3"):
        read_counts("1, 2, 3")
    with pytest.raises(InputProblem, match="five whole numbers"):
        read_counts("a, b, c, d, e")


@pytest.mark.parametrize(
    ("entry", "errors"),
    [
        (
            FollowUpInput("action", "Send the slides", owner_id=None, due_on=date(2025, 3, 20)),
            {"owner": "Choose who will follow it up."},
        ),
        (
            FollowUpInput("action", "", owner_id=None, due_on=None),
            {
                "description": "Say what needs doing.",
                "owner": "Choose who will follow it up.",
                "due_on": "Enter the date it must be done by.",
            },
        ),
        (
            FollowUpInput("disclosure", "", category="", referral=""),
            {
                "description": "Describe what was disclosed, without naming the person.",
                "category": "Choose what kind of disclosure it was.",
                "referral": "Choose where it was referred, or that no referral was made.",
            },
        ),
        (
            FollowUpInput(
                "disclosure",
                "Racist abuse on the bus",
                category="hate_incident",
                referral="stop_hate_uk",
            ),
            {},
        ),
        (
            FollowUpInput(
                "disclosure",
                "Racist abuse on the bus",
                category="hate_incident",
                referral="police",
                flagged=True,
            ),
            {
                "owner": "Choose who will follow it up.",
                "due_on": "Enter the date it must be done by.",
            },
        ),
        (FollowUpInput("visit"), {"kind": "Choose an action or a disclosure."}),
    ],
)
def test_follow_up_rules(entry, errors):
    assert check_follow_up(entry, date(2025, 3, 10)) == errors


def test_a_follow_up_is_not_due_before_its_session(officer):
    entry = FollowUpInput(
        "action", "Send slides", owner_id=officer.user_id, due_on=date(2025, 3, 9)
    )
    assert check_follow_up(entry, date(2025, 3, 10)) == {
        "due_on": "The due date is before the session (10 Mar 2025): check it."
    }


def test_the_reference_lists_hold_every_referral_route_and_type():
    ref = engagement_reference()
    assert set(ref.referral_routes) == {
        "police",
        "victim_support",
        "stop_hate_uk",
        "school_safeguarding_lead",
        "cmarac",
        "none",
    }
    assert len(ref.session_types) == 6
    assert ref.register_types <= set(ref.session_types)
    assert "mixed" not in ref.breakdown_groups
    assert ref.training_refresh_months == 12
