"""The compatibility window's rules, without a server: who is answered, the words that say
which side to upgrade, what a previous-release laptop is sent and may send, and guards that
this release's wire bodies still read as the previous release's laptops expect."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hfhate.records.registry import RECORD_TYPES
from hfhate.sync import compat, schemas
from hfhate.sync.compat import PREVIOUS_STORE_SCHEMA, Release, WireView
from hfhate.sync.wire_history import load
from hfhate.sync.wire_history.__main__ import HERE, changes, current, snapshot, wire_models

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / f"wire_{PREVIOUS_STORE_SCHEMA}"
SERVER = Release("0016", "0.2.0")
# The bodies a laptop receives: the previous release's laptops refuse a field they lack.
ANSWERS = (
    "Health EnrolResponse SignInResponse PushResponse ChangeResult ServerRecord PullPage "
    "PulledChange RecordsResponse KnownResponse PhotoStatus MissingPhoto MissingPhotos "
    "AuditPosition AuditPushResult AuditRefusal ErrorBody"
).split()


def test_the_window_is_the_servers_release_and_the_one_before() -> None:
    assert compat.window("0016") == ("0012", "0016")
    assert compat.accepts("0016", "0012") and compat.accepts("0016", "0016")
    assert not compat.accepts("0016", "0008") and not compat.accepts("0016", "0020")
    assert compat.refusal(Release("0012", "0.1.0"), SERVER) is None
    assert compat.refusal(Release("0008", "0.0.9"), SERVER) == (
        "This laptop's hfhate 0.0.9 is too old for the server (0.2.0): upgrade hfhate on "
        "this laptop. Nothing waiting to be sent is lost."
    )
    too_new = compat.refusal(Release("0020", "0.3.0"), Release("0012", "0.1.0"))
    assert too_new == (
        "The server runs an older hfhate (0.1.0) than this laptop (0.3.0): ask IT to upgrade "
        "the server. Nothing waiting to be sent is lost."
    )
    # A store schema the server has never heard of is of a release after it.
    assert "ask IT" in (compat.refusal(Release("dev", ""), SERVER) or "")


def test_the_laptop_reads_the_servers_health_the_same_way() -> None:
    laptop = Release("0016", "0.2.0")
    same = compat.laptop_verdict(laptop, SERVER, ("0012", "0016"))
    assert same == compat.Verdict(True)
    # An old server says nothing of a window: it takes only its own schema.
    old = compat.laptop_verdict(laptop, Release("0012", "0.1.0"), None)
    assert not old.go_on and "ask IT to upgrade the server" in old.message
    behind = compat.laptop_verdict(Release("0012", "0.1.0"), SERVER, ("0012", "0016"))
    assert behind.go_on and "upgrade hfhate on this laptop soon" in behind.message
    gone = compat.laptop_verdict(Release("0008", "0.0.9"), SERVER, ("0012", "0016"))
    assert not gone.go_on and "upgrade hfhate on this laptop." in gone.message
    assert compat.parse_accepts(" 0012, 0016 ") == ("0012", "0016")


def test_a_previous_release_view_leaves_out_what_it_does_not_know() -> None:
    view = WireView("0012", {"notices": frozenset({"id", "status"})})
    assert view.fields("notices", {"id": "1", "status": "issued", "later": 5}) == {
        "id": "1",
        "status": "issued",
    }
    assert not view.knows("setting_changes") and view.fields("setting_changes", {"a": 1}) == {}
    assert "upgrade hfhate on this laptop" in (view.refused("setting_changes", {}) or "")
    assert "later" in (view.refused("notices", {"id": "1", "later": 5}) or "")
    assert view.refused("notices", {"id": "1"}) is None
    assert WireView("0016").fields("anything", {"a": 1}) == {"a": 1}


def test_a_new_record_from_a_previous_release_takes_the_defaults_of_columns_it_lacks() -> None:
    notices = next(kind for kind in RECORD_TYPES if kind.name == "notices")
    # As if the previous release had no body_worn_video nor paid_on on notices.
    known = notices.wire_fields - {"body_worn_video", "paid_on"}
    view = WireView("0012", {"notices": known})
    filled = view.completed("notices", {"id": "x"})
    assert filled["body_worn_video"] == "" and filled["paid_on"] is None
    assert set(filled) == {"id", "body_worn_video", "paid_on"}


def test_the_previous_release_is_kept_and_this_code_still_has_all_it_sends() -> None:
    old = load(PREVIOUS_STORE_SCHEMA)
    assert old is not None and old.store_schema == PREVIOUS_STORE_SCHEMA
    now = current().record_types
    for name, fields in old.record_types.items():
        assert name in now, f"{name}: a previous-release laptop still sends it"
        assert fields <= now[name], (name, fields - now[name])
    assert compat.view_for(PREVIOUS_STORE_SCHEMA, "0016") is not None
    assert load("../etc") is None and load("0001") is None
    if schemas.STORE_SCHEMA == PREVIOUS_STORE_SCHEMA:  # the snapshot is this code's
        assert old.record_types == now and changes(old) == []


@pytest.mark.parametrize("name", ANSWERS)
def test_no_answer_has_a_field_the_previous_release_does_not_know(name: str) -> None:
    kept = json.loads((FIXTURES / "bodies" / f"{name}.json").read_text(encoding="utf-8"))
    model = wire_models()[name]
    assert set(model.model_json_schema()["properties"]) <= set(kept["properties"]), (
        f"{name} has a field a laptop of {PREVIOUS_STORE_SCHEMA} refuses: add a new model "
        "or endpoint instead"
    )


@pytest.mark.parametrize("name", sorted(set(wire_models()) - set(ANSWERS)))
def test_no_request_needs_a_field_the_previous_release_does_not_send(name: str) -> None:
    kept = json.loads((FIXTURES / "bodies" / f"{name}.json").read_text(encoding="utf-8"))
    required = set(wire_models()[name].model_json_schema().get("required", []))
    assert required <= set(kept["properties"]), f"{name}: new request fields must be optional"


def test_every_wire_body_of_the_previous_release_was_kept() -> None:
    kept = {path.stem for path in (FIXTURES / "bodies").glob("*.json")}
    assert kept <= set(wire_models()) and set(ANSWERS) <= kept
    assert {path.stem for path in (FIXTURES / "records").glob("*.json")} == set(
        load(PREVIOUS_STORE_SCHEMA).record_types  # type: ignore[union-attr]
    )


def test_the_snapshot_script_writes_what_was_kept_and_never_overwrites(tmp_path: Path) -> None:
    written = snapshot(tmp_path / "fixtures", package=tmp_path)
    assert (tmp_path / f"{schemas.STORE_SCHEMA}.json") in written
    with pytest.raises(SystemExit, match="--force"):
        snapshot(tmp_path / "fixtures", package=tmp_path)
    if schemas.STORE_SCHEMA != PREVIOUS_STORE_SCHEMA:
        return
    for path in written:  # this code is the previous release: the files are the same
        kept = (
            HERE / path.name
            if path.parent == tmp_path
            else FIXTURES / path.relative_to(tmp_path / "fixtures" / FIXTURES.name)
        )
        assert path.read_text(encoding="utf-8") == kept.read_text(encoding="utf-8"), path


def test_the_status_bar_says_which_side_to_upgrade_in_a_few_words() -> None:
    from hfhate.sync.status import short

    laptop, server = Release("0020", "0.3.0"), Release("0016", "0.2.0")
    assert short(compat.server_too_old(laptop, server)) == (
        "The server runs an older hfhate: ask IT to upgrade it"
    )
    assert short("The server refused: " + compat.laptop_too_old(server, laptop)) == (
        "The server runs a newer hfhate: upgrade it on this laptop"
    )
    assert short(compat.upgrade_soon(server, laptop)).startswith("The server runs a newer")
