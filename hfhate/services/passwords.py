"""Password hashing (argon2id) and the rules a new password must meet.

Parameters follow OWASP ASVS 5.0's minimum for argon2id: 19 MiB of memory, 2 iterations, one
lane. Hashes carry their parameters, so stronger settings later still verify old hashes and
``needs_rehash`` tells when to upgrade one.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 8
MAX_LENGTH = 128
COMMON_PASSWORDS = frozenset(
    {
        "password", "password1", "password123", "12345678", "123456789", "1234567890",
        "qwertyuiop", "iloveyou", "letmein1", "welcome1", "admin123", "hammersmith",
        "fulham123", "passw0rd", "abc12345", "11111111", "00000000", "qwerty123",
    }
)  # fmt: skip

_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# Verified against when the username does not exist, so both answers take the same time.
# Made with the parameters above; check_needs_rehash in the tests proves they still match.
DUMMY_HASH = (
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
    "1H9wwIx55/NEOr7dtnbNxUvMeuChxLDOfLloTZJGegk"
)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def password_problems(password: str, confirm: str, *, username: str = "") -> dict[str, str]:
    """What is wrong with a new password, by field (``password``, ``confirm``); empty if fine."""
    errors: dict[str, str] = {}
    if not password:
        errors["password"] = "Enter a password."
    elif len(password) < MIN_LENGTH:
        errors["password"] = f"Use at least {MIN_LENGTH} characters."
    elif len(password) > MAX_LENGTH:
        errors["password"] = f"Use at most {MAX_LENGTH} characters."
    elif username and password.strip().lower() == username.strip().lower():
        errors["password"] = "Do not use the username as the password."
    elif password.lower() in COMMON_PASSWORDS:
        errors["password"] = "This password is too common. Choose another."
    if "password" not in errors:
        if not confirm:
            errors["confirm"] = "Type the password again."
        elif confirm != password:
            errors["confirm"] = "The two passwords do not match."
    return errors
