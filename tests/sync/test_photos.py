"""Evidence photos go to the server by SHA-256: a cut-off upload resumes, a wrong hash fails."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from hfhate.models import FixedPenaltyNotice, Role
from hfhate.server.photos import final_path, partial_path
from hfhate.services.evidence import attach_photos, store_photo
from hfhate.sync import client, photos
from hfhate.sync.schemas import SignInRequest, SignInResponse
from hfhate.sync.transport import SyncError, Transport
from tests.sync.conftest import PASSWORD, Laptop, ServerProcess, transport
from tests.sync.test_end_to_end import issue


def photo_on_notice(laptop: Laptop, officer: Any, tmp_path: Path) -> bytes:
    """A 5,000-byte JPEG-signed photo attached to the officer's first notice; its bytes."""
    content = b"\xff\xd8\xff" + random.Random(4).randbytes(4997)
    source = tmp_path / "scene.jpg"
    source.write_bytes(content)
    with laptop.store.session_factory.begin() as session:
        notice = session.scalars(select(FixedPenaltyNotice)).first()
        assert notice is not None
        attach_photos(session, officer, notice.id,
                      [store_photo(laptop.store.paths.evidence, source)])
    return content


def test_a_cut_off_photo_upload_resumes_where_it_stopped(
    sqlite_server: ServerProcess, make_laptop: Callable[..., Laptop], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    north = make_laptop(sqlite_server, "north")
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    north.enrol()
    issue(north, olly, 1)
    content = photo_on_notice(north, olly, tmp_path)
    sha256 = hashlib.sha256(content).hexdigest()
    monkeypatch.setattr(photos, "PHOTO_PIECE", 1000)
    offsets: list[int] = []

    def cut_after_two(url: str) -> Transport:
        made = transport(url)
        real = made.call

        def call(method: str, path: str, model: Any, **kwargs: Any) -> Any:
            if method == "PUT":
                offsets.append(kwargs["params"]["offset"])
                if len(offsets) == 3:
                    raise SyncError("the network dropped")
            return real(method, path, model, **kwargs)

        made.call = call  # type: ignore[method-assign]
        return made

    with pytest.raises(SyncError):
        client.sync(north.store, olly, PASSWORD, cut_after_two)
    data = sqlite_server.data_dir
    assert partial_path(data, sha256).stat().st_size == 2000
    assert not final_path(data, sha256).exists()
    offsets.clear()
    report = north.sync(olly)
    assert report.photos == 1 and report.pushed >= 3  # notice, its entry, the photo record
    assert final_path(data, sha256).read_bytes() == content
    assert not partial_path(data, sha256).exists()
    assert north.sync(olly).photos == 0  # already there: nothing sent again


def test_a_photo_whose_bytes_do_not_match_its_hash_is_refused(
    sqlite_server: ServerProcess, make_laptop: Callable[..., Laptop]
) -> None:
    north = make_laptop(sqlite_server, "north")
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    north.enrol()
    north.sync(olly)
    content = b"\xff\xd8\xff" + b"evidence" * 100
    wrong = hashlib.sha256(b"something else").hexdigest()
    with north.store.session_factory() as session:
        state = session.scalars(select(client.SyncState)).one()
        token = state.device_token
    with transport(sqlite_server.url) as link:
        link.headers["Authorization"] = f"Bearer {token}"
        signed = link.call("POST", "/sign-in", SignInResponse, json=SignInRequest(
            username="olly", password=PASSWORD).model_dump())
        link.headers["X-Hfhate-Session"] = signed.session_token
        with pytest.raises(SyncError, match="does not match its SHA-256"):
            photos.upload_photo(link, wrong, content)
        with pytest.raises(SyncError, match="SHA-256"):
            photos.upload_photo(link, "not-a-hash", content)
        right = hashlib.sha256(content).hexdigest()
        assert photos.upload_photo(link, right, content) == 1
    assert not final_path(sqlite_server.data_dir, wrong).exists()
    assert not partial_path(sqlite_server.data_dir, wrong).exists()
    assert final_path(sqlite_server.data_dir, right).read_bytes() == content
