"""Shared fixtures: a real store in tmp_path, signed-in actors for each role, Qt offscreen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from hfhate.config import Paths  # noqa: E402
from hfhate.models import Role  # noqa: E402
from hfhate.models.store import Store  # noqa: E402
from hfhate.services import accounts  # noqa: E402
from hfhate.services.actor import Actor  # noqa: E402
from hfhate.services.device import this_device  # noqa: E402
from tests.fixtures.accounts import first_administrator  # noqa: E402
from tests.fixtures.keys import open_test_store  # noqa: E402

if TYPE_CHECKING:
    from tests.fixtures.postgres import PostgresDatabases

ADMIN_PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HFHATE_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.delenv("HFHATE_DATA_DIR", raising=False)
    monkeypatch.delenv("HFHATE_PASSWORD", raising=False)


@pytest.fixture(scope="session")
def _test_keyring_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One test credential store for the run: keys made by one test stay findable."""
    return tmp_path_factory.getbasetemp() / "test-keyring.json"


@pytest.fixture(autouse=True)
def _test_credential_store(
    _test_keyring_file: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Never the developer's own credential store, and none needed on CI (headless, root):
    store keys and install ids go to a test credential store (``tests/fixtures/
    test_keyring.py``), which child processes (``hfhate`` commands) use too. Tests of the
    machine-id and passphrase paths set ``fail.Keyring()`` themselves."""
    import keyring

    from tests.fixtures.test_keyring import BACKEND_NAME, KEYRING_FILE_ENV, FileKeyring

    monkeypatch.setenv(KEYRING_FILE_ENV, str(_test_keyring_file))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", BACKEND_NAME)
    root = str(Path(__file__).resolve().parent.parent)
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))
    )
    before = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_test_store(Paths(tmp_path / "data"))
    yield opened
    opened.close()


@pytest.fixture
def device_id(store: Store):  # type: ignore[no-untyped-def]
    with store.session_factory.begin() as session:
        return this_device(session).id


@pytest.fixture
def admin(store: Store) -> Actor:
    with store.session_factory.begin() as session:
        return first_administrator(session, "Ada Admin", "ada", ADMIN_PASSWORD)


@pytest.fixture
def make_actor(store: Store, admin: Actor):  # type: ignore[no-untyped-def]
    """Add a user with the given roles (password ADMIN_PASSWORD) and return them signed in."""
    counter = iter(range(1000))

    def make(*roles: Role, username: str | None = None, number: str = "") -> Actor:
        name = username or f"user{next(counter)}"
        if Role.AUTHORISED_OFFICER in roles and not number:
            number = f"LET-{name}"
        with store.session_factory.begin() as session:
            user = accounts.add_user(
                session,
                admin,
                accounts.NewUser(
                    full_name=f"{name.title()} Person",
                    username=name,
                    roles=frozenset(roles),
                    authorisation_number=number,
                    password=ADMIN_PASSWORD,
                    confirm=ADMIN_PASSWORD,
                ),
            )
            return Actor.of(user, admin.device_id)

    return make


@pytest.fixture
def admin_password() -> str:
    """The password of ``admin`` and of every user ``make_actor`` adds."""
    return ADMIN_PASSWORD


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One store filled as ``hfhate --demo`` fills it, shared read-only by the tests."""
    from hfhate.startup import prepare_store

    ready = prepare_store(Paths(tmp_path_factory.mktemp("demo")), demo=True)
    yield ready.store
    ready.store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh server database: a SQLite file, or a new PostgreSQL database dropped after.

    PostgreSQL at 127.0.0.1:5432 must be up when CI is set; elsewhere its tests are left out
    with the reason when it is not running.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'server.sqlite'}"
        return
    databases = request.getfixturevalue("_postgres_databases")
    name = databases.create()
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        databases.drop_later(name)


@pytest.fixture(scope="session")
def _postgres_databases() -> Iterator[PostgresDatabases]:
    """The test process's maker of PostgreSQL databases (skips or fails when there is none)."""
    from tests.fixtures.postgres import PostgresDatabases, PostgresUnreachable

    try:
        databases = PostgresDatabases.connect()
    except PostgresUnreachable as error:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at 127.0.0.1:5432 is required in CI: {error}")
        pytest.skip(f"PostgreSQL at 127.0.0.1:5432 is not running ({error})")
    try:
        yield databases
    finally:
        databases.close()
