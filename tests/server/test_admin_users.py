"""Accounts administered on the server (issue 19 point 1): ``/admin/users`` for administrators
(problems answered field by field), ``/me`` for anyone signed in, and ``hfhate-server users``.
Every change is republished as the account's ``users`` record, for laptops to pull."""

from __future__ import annotations

import contextlib
import io
import uuid
from pathlib import Path

import pytest

from hfhate.server import cli
from hfhate.server.db import make_server_engine, make_sessions
from hfhate.server.models import ServerRecordRow, ServerUser
from tests.server.conftest import PASSWORD, Server

NEW = {
    "username": "olly",
    "full_name": "Olly Officer",
    "roles": ["authorised_officer"],
    "authorisation_number": "LET-0042",
    "password": "temporary pass 42",
}


@pytest.fixture
def ada(server: Server) -> dict[str, str]:
    """The administrator's headers, signed in on an enrolled laptop."""
    server.add_user("ada", "administrator")
    _, token, _ = server.enrol()
    return server.sign_in(token, "ada")


def published(server: Server, user_id: str) -> tuple[int, dict[str, object]]:
    with server.sessions() as session:
        row = session.get_one(ServerRecordRow, ("users", uuid.UUID(user_id)))
        return row.version, dict(row.fields)


def test_an_administrator_adds_changes_resets_and_deactivates(
    server: Server, ada: dict[str, str]
) -> None:
    api = server.client
    added = api.post("/api/v1/admin/users", headers=ada, json=NEW)
    assert added.status_code == 200, added.text
    olly = added.json()
    assert olly["must_change_password"] and olly["password_changed_at"]
    version, fields = published(server, olly["id"])
    assert fields["must_change_password"] is True and "password_hash" not in fields
    assert fields["password_changed_at"] == olly["password_changed_at"].replace("Z", "+00:00")

    changed = api.put(
        f"/api/v1/admin/users/{olly['id']}",
        headers=ada,
        json={"full_name": "Olly Oduya", "roles": ["engagement_officer"]},
    )
    assert changed.status_code == 200 and changed.json()["authorisation_number"] is None
    assert published(server, olly["id"])[0] == version + 1

    reset = api.post(
        f"/api/v1/admin/users/{olly['id']}/reset", headers=ada, json={"password": "another one 9"}
    )
    assert reset.status_code == 200
    assert reset.json()["password_changed_at"] > olly["password_changed_at"]

    gone = api.post(f"/api/v1/admin/users/{olly['id']}/deactivate", headers=ada)
    assert gone.status_code == 200 and gone.json()["active"] is False
    assert published(server, olly["id"])[1]["active"] is False
    back = api.post(f"/api/v1/admin/users/{olly['id']}/reactivate", headers=ada)
    assert back.json()["active"] is True
    listed = api.get("/api/v1/admin/users", headers=ada).json()["accounts"]
    assert [a["username"] for a in listed] == ["ada", "olly"]


def test_problems_are_answered_beside_each_field(server: Server, ada: dict[str, str]) -> None:
    api = server.client
    wrong = api.post(
        "/api/v1/admin/users",
        headers=ada,
        json=NEW | {"username": "Olly Smith", "authorisation_number": "", "password": "short"},
    )
    assert wrong.status_code == 422
    fields = wrong.json()["fields"]
    assert set(fields) == {"username", "authorisation_number", "password"}
    assert "lower-case" in fields["username"]
    assert api.post("/api/v1/admin/users", headers=ada, json=NEW).status_code == 200
    again = api.post("/api/v1/admin/users", headers=ada, json=NEW | {"username": "olly2"})
    assert again.json()["fields"] == {
        "authorisation_number": "Another user already has this number."
    }
    extra = api.post("/api/v1/admin/users", headers=ada, json=NEW | {"password_hash": "x"})
    assert extra.status_code == 422 and "fields" not in extra.json()

    ada_id = api.get("/api/v1/me", headers=ada).json()["account"]["id"]
    alone = api.post(f"/api/v1/admin/users/{ada_id}/deactivate", headers=ada)
    assert alone.status_code == 409 and "own account" in alone.json()["detail"]
    demote = api.put(
        f"/api/v1/admin/users/{ada_id}",
        headers=ada,
        json={"full_name": "Ada", "roles": ["supervisor"]},
    )
    assert demote.json()["fields"] == {"roles": "You cannot remove your own administrator role."}
    unknown = api.post(f"/api/v1/admin/users/{uuid.uuid4()}/deactivate", headers=ada)
    assert unknown.status_code == 404


def test_only_administrators_administer_and_anyone_changes_their_own(server: Server) -> None:
    api = server.client
    server.add_user("olly", "authorised_officer")
    _, token, _ = server.enrol()
    olly = server.sign_in(token, "olly")
    assert api.get("/api/v1/admin/users", headers=olly).status_code == 403
    me = api.get("/api/v1/me", headers=olly).json()
    assert me["account"]["username"] == "olly" and me["record"]["username"] == "olly"
    wrong = api.post(
        "/api/v1/me/password", headers=olly, json={"current": "nope", "new": "olly's new one"}
    )
    assert wrong.status_code == 422 and set(wrong.json()["fields"]) == {"current"}
    done = api.post(
        "/api/v1/me/password", headers=olly, json={"current": PASSWORD, "new": "olly's new one"}
    )
    assert done.status_code == 200, done.text
    assert done.json()["version"] > me["version"]
    assert done.json()["record"]["password_changed_at"] is not None


def run(tmp_path: Path, database_url: str, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([*args, "--data-dir", str(tmp_path), "--database-url", database_url])
    return code, out.getvalue(), err.getvalue()


def test_the_command_line(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HFHATE_PASSWORD", "a temporary one 1")
    officer = ("--full-name", "Olly Officer", "--role", "authorised_officer")
    code, _, err = run(tmp_path, database_url, "users", "add", "olly", *officer)
    assert code == 2 and "authorisation number" in err
    number = ("--authorisation-number", "LET-1")
    assert run(tmp_path, database_url, "users", "add", "olly", *officer, *number)[0] == 0
    assert (
        run(
            tmp_path,
            database_url,
            "create-user",
            "ada",
            "--full-name",
            "Ada",
            "--role",
            "administrator",
        )[0]
        == 0
    )
    _, listed, _ = run(tmp_path, database_url, "users", "list")
    assert "olly  Olly Officer  authorised_officer  LET-1  active, must choose" in listed
    assert (
        run(
            tmp_path,
            database_url,
            "users",
            "change",
            "olly",
            "--full-name",
            "Olly O",
            "--role",
            "engagement_officer",
        )[0]
        == 0
    )
    assert run(tmp_path, database_url, "users", "reset", "olly")[0] == 0
    assert run(tmp_path, database_url, "users", "deactivate", "olly")[0] == 0
    _, listed, _ = run(tmp_path, database_url, "users", "list")
    assert "olly  Olly O  engagement_officer  deactivated" in listed
    assert run(tmp_path, database_url, "users", "reactivate", "olly")[0] == 0
    assert run(tmp_path, database_url, "deactivate-user", "olly")[0] == 0
    code, _, err = run(tmp_path, database_url, "users", "deactivate", "nobody")
    assert code == 1 and "no account nobody" in err
    engine = make_server_engine(database_url)
    with make_sessions(engine)() as session:
        olly = session.query(ServerUser).filter_by(username="olly").one()
        assert not olly.active and olly.must_change_password
    engine.dispose()
