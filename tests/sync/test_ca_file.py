"""A server whose certificate the council's own CA signed: refused plainly without the CA file,
reached with it; the file checked, kept and audited, from the command line too."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from hfhate.models import AuditEvent, Role, SyncState, User
from hfhate.services.errors import PermissionDenied, ValidationFailed
from hfhate.sync import client
from hfhate.sync.ca import ca_file_problem, set_ca_file
from hfhate.sync.schedule import retry_helps
from hfhate.sync.transport import RetryPolicy, SyncError, transport_for
from tests.cli.test_cli import run_hfhate
from tests.sync import tls_server as tls
from tests.sync.conftest import PASSWORD, Laptop, ServerProcess
from tests.sync.test_end_to_end import issue, server_notices
from tests.sync.tls_server import CouncilCa

council_ca, tls_server = tls.council_ca, tls.tls_server  # the fixtures, for the tests here
ONE_TRY = RetryPolicy(attempts=1)


def test_without_the_ca_file_the_certificate_is_refused_plainly_and_with_it_health_passes(
    tls_server: ServerProcess, council_ca: CouncilCa
) -> None:
    with (
        transport_for(tls_server.url, retry=ONE_TRY) as untrusting,
        pytest.raises(SyncError) as refused,
    ):
        client.check_health(untrusting)
    message = str(refused.value)
    assert message.startswith(
        f"The server at {tls_server.url} showed a certificate this laptop does not trust ("
    )
    assert "certificate authority, an administrator sets its file in the Sync area" in message
    assert "could not be reached" not in message
    assert not retry_helps(message)  # a person has to act: automatic sync waits
    with transport_for(tls_server.url, str(council_ca.ca_file), retry=ONE_TRY) as trusting:
        assert client.check_health(trusting).app == "hfhate-server"


def test_a_ca_file_must_exist_and_hold_a_certificate(tmp_path: Path, council_ca: CouncilCa) -> None:
    notes = tmp_path / "notes.pem"
    notes.write_text("the CA is on the shared drive\n")
    assert ca_file_problem(str(tmp_path / "missing.pem")) == (
        f"There is no file at {tmp_path / 'missing.pem'}."
    )
    for wrong in (notes, council_ca.server_key, tmp_path):
        problem = ca_file_problem(str(wrong))
        assert problem is not None and (
            "is not a certificate in PEM form" in problem or problem.startswith("There is no file")
        ), wrong
    assert ca_file_problem("  ") == "Choose the certificate authority's file (a .pem or .crt file)."
    assert ca_file_problem(str(council_ca.ca_file)) is None
    with pytest.raises(SyncError, match="cannot be used"):
        transport_for("https://127.0.0.1:1", str(notes))


def test_only_an_administrator_keeps_a_ca_file_and_it_is_audited(
    tls_server: ServerProcess, council_ca: CouncilCa, make_laptop: Callable[..., Laptop]
) -> None:
    laptop = make_laptop(tls_server, "north")
    olly = laptop.add("olly", Role.AUTHORISED_OFFICER)
    ca_file = str(council_ca.ca_file)
    with (
        laptop.store.session_factory.begin() as session,
        pytest.raises(ValidationFailed, match="Enrol this laptop first"),
    ):
        set_ca_file(session, laptop.admin, ca_file)
    client.enrol(
        laptop.store,
        laptop.admin,
        tls_server.url,
        tls_server.admin("enrolment-code"),
        lambda url: transport_for(url, ca_file, retry=ONE_TRY),
    )
    with laptop.store.session_factory.begin() as session:
        with pytest.raises(PermissionDenied):
            set_ca_file(session, olly, ca_file)
        assert set_ca_file(session, laptop.admin, ca_file) == ca_file
        set_ca_file(session, laptop.admin, ca_file)  # the same again: nothing to audit
    with laptop.store.session_factory() as session:
        assert session.get_one(SyncState, 1).ca_file == ca_file
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "sync_ca_file_set")
        ).all()
        assert [(e.username, e.details) for e in events] == [
            (laptop.admin.username, {"from": None, "to": ca_file})
        ]


def test_the_command_line_enrols_and_syncs_with_the_ca_file_it_keeps(
    tmp_path: Path,
    tls_server: ServerProcess,
    council_ca: CouncilCa,
    make_laptop: Callable[..., Laptop],
) -> None:
    laptop = make_laptop(tls_server, "north")
    olly = laptop.add("olly", Role.AUTHORISED_OFFICER)
    with laptop.store.session_factory.begin() as session:
        session.get_one(User, olly.user_id).must_change_password = False  # chosen already
    data = ["--data-dir", str(tmp_path / "north")]
    admin = laptop.admin.username
    enrol = ("--url", tls_server.url, "--code", tls_server.admin("enrolment-code"))

    def hfhate(verb: str, user: str, *options: str) -> subprocess.CompletedProcess[str]:
        return run_hfhate(
            verb, *data, "--user", user, *options, tmp_path=tmp_path, password=PASSWORD
        )

    refused = hfhate("enrol", admin, *enrol)
    assert refused.returncode == 1
    assert "showed a certificate this laptop does not trust" in refused.stderr
    bad = hfhate("enrol", admin, *enrol, "--ca-file", str(council_ca.server_key))
    assert bad.returncode == 1 and "is not a certificate in PEM form" in bad.stderr
    enrolled = hfhate("enrol", admin, *enrol, "--ca-file", str(council_ca.ca_file))
    assert enrolled.returncode == 0, enrolled.stderr
    issue(laptop, olly, 2)
    synced = hfhate("sync", "olly")
    assert synced.returncode == 0, synced.stderr  # the kept CA file, without the option
    # Two notices, each with its timeline entry and its victim's person, link and consent.
    assert "Sent 10 of 10 changes" in synced.stderr
    assert "Synced: 10 sent, 0 already on the server" in synced.stdout
    assert len(server_notices(tls_server)) == 2
    officer = hfhate("sync", "olly", "--ca-file", "")
    assert officer.returncode == 1 and "administrator" in officer.stderr
    usual = hfhate("sync", admin, "--ca-file", "")
    assert usual.returncode == 1
    assert "showed a certificate this laptop does not trust" in usual.stderr
    with laptop.store.session_factory() as session:
        assert session.get_one(SyncState, 1).ca_file is None
    assert tls.ca_files_set(laptop.store) == [str(council_ca.ca_file), None]
