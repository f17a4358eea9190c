"""Finding sessions (search, each filter, pages that never overlap) and the staff-training
finder with its "not trained in the last N months" setting."""

from __future__ import annotations

from datetime import date, time

import pytest

from hfhate.services.engagement.queries import (
    SessionFilter,
    count_sessions,
    list_sessions,
    months_before,
    not_trained_since,
    register_organisations,
    set_training_period_months,
    trained_people,
    training_period_months,
)
from hfhate.services.engagement.rules import RegisterPerson
from hfhate.services.errors import PermissionDenied, ValidationFailed

from .conftest import TODAY

TRAINING = {
    "session_type": "staff_training",
    "organisation_id": None,
    "year_groups": (),
    "audience": "staff",
    "breakdown": {},
    "partner_ids": (),
}


@pytest.fixture
def mixed(record, colleague, partner):  # type: ignore[no-untyped-def]
    """Four sessions of different types, wards, dates, facilitators and topics."""
    return {
        "school": record(),
        "bystander": record(
            session_type="bystander_training",
            organisation_id=None,
            year_groups=(),
            audience="residents",
            breakdown={},
            ward="White City",
            session_date=date(2025, 1, 15),
            title="Bystander training at the library",
            topics=("reporting",),
        ),
        "antisemitism": record(
            session_type="specialised_training",
            specialised_topic="antisemitism",
            organisation_id=partner.id,
            year_groups=(),
            audience="professionals",
            breakdown={},
            session_date=date(2024, 11, 5),
            ward="Addison",
            facilitator_ids=(colleague.user_id,),
            topics=(),
        ),
        "forum": record(
            session_type="community_event",
            organisation_id=None,
            year_groups=(),
            audience="mixed",
            breakdown={},
            session_date=date(2024, 9, 30),
            ward="White City",
            venue="Old Oak Community Centre",
            topics=(),
        ),
    }


def _ids(store, actor, **flt):  # type: ignore[no-untyped-def]
    with store.session_factory.begin() as session:
        filt = SessionFilter(**flt)
        rows = list_sessions(session, actor, filt)
        assert count_sessions(session, actor, filt) == len(rows)
        return [r.id for r in rows]


def test_newest_first_with_every_filter(store, officer, colleague, partner, school, mixed):
    ids = {name: s.id for name, s in mixed.items()}
    assert _ids(store, officer) == [
        ids["school"],
        ids["bystander"],
        ids["antisemitism"],
        ids["forum"],
    ]
    assert _ids(store, officer, session_type="bystander_training") == [ids["bystander"]]
    assert _ids(store, officer, ward="White City") == [ids["bystander"], ids["forum"]]
    assert _ids(store, officer, organisation_id=school.id) == [ids["school"]]
    assert _ids(store, officer, date_from=date(2024, 11, 5), date_to=date(2025, 1, 15)) == [
        ids["bystander"],
        ids["antisemitism"],
    ]
    assert _ids(store, officer, facilitator_id=colleague.user_id) == [ids["antisemitism"]]
    assert _ids(store, officer, topic="antisemitism") == [ids["antisemitism"]]
    assert _ids(store, officer, topic="reporting") == [ids["school"], ids["bystander"]]
    assert _ids(store, officer, text="old oak") == [ids["forum"]]
    assert _ids(store, officer, text="LILLIE ROAD") == [ids["school"]]
    assert _ids(store, officer, text="library", ward="Lillie") == []


def test_rows_carry_what_the_list_shows(store, supervisor, mixed):
    with store.session_factory.begin() as session:
        row = list_sessions(session, supervisor, SessionFilter(ward="Addison"))[0]
    assert (
        row.session_type,
        row.specialised_topic,
        row.organisation,
        row.attendees,
        row.start_time,
    ) == ("specialised_training", "antisemitism", "Metropolitan Police, H&F", 30, time(9, 15))


def test_pages_follow_on_without_overlap(store, officer, record):
    for day in range(1, 8):
        record(session_date=date(2025, 3, day))
    with store.session_factory.begin() as session:
        pages = [
            list_sessions(session, officer, SessionFilter(), offset=o, limit=3) for o in (0, 3, 6)
        ]
    dates = [r.session_date.day for page in pages for r in page]
    assert dates == [7, 6, 5, 4, 3, 2, 1]


def test_administrators_and_enforcers_cannot_list_sessions(store, admin, enforcer):
    with store.session_factory.begin() as session:
        for actor in (admin, enforcer):
            with pytest.raises(PermissionDenied):
                list_sessions(session, actor, SessionFilter())


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 3, 12), 12, date(2024, 3, 12)),
        (date(2025, 3, 31), 1, date(2025, 2, 28)),
        (date(2024, 3, 31), 1, date(2024, 2, 29)),
        (date(2025, 1, 15), 2, date(2024, 11, 15)),
    ],
)
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


@pytest.fixture
def registers(record):  # type: ignore[no-untyped-def]
    """Ann trained twice (last in Feb 2025), Bo once in Jan 2024, Cy once at a school."""
    record(
        session_date=date(2023, 6, 1),
        attendees=2,
        register=(
            RegisterPerson("Ann Lee", "Housing officer", "H&F Council"),
            RegisterPerson("Bo Chan", "Caretaker", "H&F Council"),
        ),
        **TRAINING,
    )
    record(
        session_date=date(2024, 1, 10),
        attendees=1,
        register=(RegisterPerson("Bo CHAN", "Caretaker", "H&F council"),),
        **TRAINING,
    )
    record(
        session_date=date(2025, 2, 3),
        attendees=2,
        register=(
            RegisterPerson("ann lee", "", "H&F Council"),
            RegisterPerson("Cy Dee", "Teaching assistant", "Lillie Road Primary School"),
        ),
        **TRAINING,
    )


def test_everyone_trained_once_each_with_their_latest_training(store, officer, registers):
    with store.session_factory.begin() as session:
        people = trained_people(session, officer)
    assert [(p.name, p.role, p.organisation, p.last_trained, p.times_trained) for p in people] == [
        ("ann lee", "Housing officer", "H&F Council", date(2025, 2, 3), 2),
        ("Bo CHAN", "Caretaker", "H&F council", date(2024, 1, 10), 2),
        ("Cy Dee", "Teaching assistant", "Lillie Road Primary School", date(2025, 2, 3), 1),
    ]


def test_who_has_not_been_trained_in_the_last_n_months(store, officer, supervisor, registers):
    with store.session_factory.begin() as session:
        assert training_period_months(session) == 12
        cutoff, due = not_trained_since(session, officer, today=TODAY)
        assert cutoff == date(2024, 3, 12)
        assert [p.name for p in due] == ["Bo CHAN"]
        _cutoff, due = not_trained_since(session, officer, months=1, today=TODAY)
        assert [p.name for p in due] == ["ann lee", "Bo CHAN", "Cy Dee"]
        _cutoff, due = not_trained_since(
            session, officer, months=1, today=TODAY, organisation="h&f council", text="ann"
        )
        assert [p.name for p in due] == ["ann lee"]
        assert register_organisations(session, officer) == [
            "H&F Council",
            "Lillie Road Primary School",
        ]
    with store.session_factory.begin() as session:
        set_training_period_months(session, supervisor, 24)
    with store.session_factory.begin() as session:
        assert training_period_months(session) == 24
        assert not_trained_since(session, officer, today=TODAY)[1] == []


def test_only_supervisors_change_the_training_period(store, officer, supervisor, admin):
    with store.session_factory.begin() as session:
        for actor in (officer, admin):
            with pytest.raises(PermissionDenied):
                set_training_period_months(session, actor, 6)
        with pytest.raises(ValidationFailed) as failure:
            set_training_period_months(session, supervisor, 0)
        assert failure.value.field_errors == {"months": "Choose from 1 to 120 months."}
        assert training_period_months(session) == 12
