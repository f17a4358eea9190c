"""Password hashing (argon2id with the OWASP minimum) and the rules for a new password."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from hfhate.services import passwords

GOOD = "plum tree orchard 7"


def test_hash_is_argon2id_with_the_owasp_parameters() -> None:
    hashed = passwords.hash_password(GOOD)
    assert hashed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert GOOD not in hashed
    assert passwords.hash_password(GOOD) != hashed  # salted
    assert passwords.needs_rehash(hashed) is False


@pytest.mark.parametrize(
    ("stored", "typed", "expected"),
    [
        ("good", GOOD, True),
        ("good", GOOD.upper(), False),
        ("good", "", False),
        (None, GOOD, False),
        ("", GOOD, False),
        ("not a hash at all", GOOD, False),
    ],
)
def test_verify_password(stored: str | None, typed: str, expected: bool) -> None:
    hashed = passwords.hash_password(GOOD) if stored == "good" else stored
    assert passwords.verify_password(hashed, typed) is expected


def test_weaker_old_hashes_still_verify_and_ask_for_a_rehash() -> None:
    old = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(GOOD)
    assert passwords.verify_password(old, GOOD) is True
    assert passwords.needs_rehash(old) is True


@pytest.mark.parametrize(
    ("password", "confirm", "username", "expected"),
    [
        ("", "", "", {"password": "Enter a password."}),
        ("seven77", "seven77", "", {"password": "Use at least 8 characters."}),
        ("x" * 129, "x" * 129, "", {"password": "Use at most 128 characters."}),
        (
            " AdaLovelace ",
            " AdaLovelace ",
            "adalovelace",
            {"password": "Do not use the username as the password."},
        ),
        (
            "PassWord123",
            "PassWord123",
            "",
            {"password": "This password is too common. Choose another."},
        ),
        (GOOD, "", "", {"confirm": "Type the password again."}),
        (GOOD, GOOD + " ", "", {"confirm": "The two passwords do not match."}),
        ("eight888", "eight888", "", {}),
        ("y" * 128, "y" * 128, "bob", {}),
        (GOOD, GOOD, "ada", {}),
    ],
)
def test_password_problems(
    password: str, confirm: str, username: str, expected: dict[str, str]
) -> None:
    assert passwords.password_problems(password, confirm, username=username) == expected


def test_dummy_hash_costs_the_same_as_a_real_one() -> None:
    from hfhate.services import passwords

    assert not passwords.needs_rehash(passwords.DUMMY_HASH)
    assert passwords.verify_password(passwords.DUMMY_HASH, "anything") is False
