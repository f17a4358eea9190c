"""Evidence photo uploads by SHA-256, on a SQLite and a PostgreSQL server: a cut-off upload
leaves its notice waiting for the photo (incomplete) until the rest arrives; a wrong hash fails."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from hfhate.models import EvidencePhoto, FixedPenaltyNotice, Role
from hfhate.security.photo_box import read_sealed
from hfhate.server.photos import final_path, partial_path, read, status
from hfhate.services.actor import Actor
from hfhate.services.notices.evidence import attach_photos, photo_path, store_photo
from hfhate.sync import client, photos
from hfhate.sync.schemas import MissingPhotos, SignInRequest, SignInResponse
from hfhate.sync.transport import SyncError, Transport
from tests.sync.conftest import PASSWORD, Laptop, ServerProcess, transport
from tests.sync.test_end_to_end import north_and_office

# A JPEG's start and frame header (640 x 480): the server reads a photo's size from it.
JPEG_640_480 = b"\xff\xd8\xff\xc0\x00\x11\x08\x01\xe0\x02\x80\x03"


def photo_on_notice(laptop: Laptop, officer: Actor, tmp_path: Path, seed: int = 4) -> bytes:
    """A 5,000-byte JPEG-signed photo attached to the officer's first notice; its bytes."""
    content = JPEG_640_480 + random.Random(seed).randbytes(5000 - len(JPEG_640_480))
    source = tmp_path / f"scene-{seed}.jpg"
    source.write_bytes(content)
    with laptop.store.session_factory.begin() as session:
        notice = session.scalars(
            select(FixedPenaltyNotice).where(FixedPenaltyNotice.officer_id == officer.user_id)
        ).first()
        assert notice is not None
        attach_photos(
            session,
            officer,
            notice.id,
            [store_photo(laptop.store.paths.evidence, laptop.store.photo_key, source)],
        )
    return content


def photo_record(laptop: Laptop, sha256: str) -> EvidencePhoto:
    with laptop.store.session_factory() as session:
        return session.scalars(select(EvidencePhoto).where(EvidencePhoto.sha256 == sha256)).one()


@contextmanager
def signed_in(laptop: Laptop, username: str) -> Iterator[Transport]:
    """A transport to the laptop's server with its device token and ``username`` signed in."""
    with laptop.store.session_factory() as session:
        token = session.scalars(select(client.SyncState)).one().device_token
    with transport(laptop.server.url) as link:
        link.headers["Authorization"] = f"Bearer {token}"
        signed = link.call(
            "POST",
            "/sign-in",
            SignInResponse,
            json=SignInRequest(username=username, password=PASSWORD).model_dump(),
        )
        link.headers["X-Hfhate-Session"] = signed.session_token
        yield link


def recording(offsets: list[int], cut_at: int | None = None) -> Callable[[str], Transport]:
    """Transports that note each PUT's offset and drop the network at PUT number ``cut_at``."""

    def make(url: str) -> Transport:
        made = transport(url)
        real = made.call

        def call(method: str, path: str, model: Any, **kwargs: Any) -> Any:
            if method == "PUT":
                offsets.append(kwargs["params"]["offset"])
                if len(offsets) == cut_at:
                    raise SyncError("the network dropped")
            return real(method, path, model, **kwargs)

        made.call = call  # type: ignore[method-assign]
        return made

    return make


def test_a_cut_off_upload_leaves_its_notice_incomplete_until_the_rest_arrives(
    server: ServerProcess,
    make_laptop: Callable[..., Laptop],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    north, olly, office, sue = north_and_office(make_laptop, server, Role.AUTHORISED_OFFICER)
    content = photo_on_notice(north, olly, tmp_path)
    sha256 = hashlib.sha256(content).hexdigest()
    monkeypatch.setattr(photos, "PHOTO_PIECE", 1000)
    offsets: list[int] = []

    # The third piece never arrives; the records go all the same.
    report = client.sync(north.store, olly, PASSWORD, recording(offsets, cut_at=3))
    assert report.photos == 0 and report.pushed >= 3  # notice, its entry, the photo record
    data = server.data_dir
    assert status(data, sha256).received == 2000
    assert not final_path(data, sha256).exists()
    with north.store.session_factory() as session:
        number = session.scalars(select(FixedPenaltyNotice.number)).one()
    assert f"{number}  Olly  1 photo not here yet (2,000 of 5,000 bytes received)" in server.admin(
        "incomplete"
    )
    with signed_in(office, "sue") as link:
        waiting = link.call("GET", "/incomplete-photos", MissingPhotos)
    assert [(p.sha256, p.received, p.size_bytes) for p in waiting.photos] == [(sha256, 2000, 5000)]
    office.sync(sue)
    office.sync(sue)  # the supervisor has the record; the photo is not on the server to fetch
    supervisors_copy = photo_path(office.store.paths.evidence, sha256, "image/jpeg")
    assert not supervisors_copy.exists()

    # Next sync: the record is sent already; the server's list brings the photo's rest.
    offsets.clear()
    report = client.sync(north.store, olly, PASSWORD, recording(offsets))
    assert report.photos == 1 and offsets == [2000, 3000, 4000]
    assert read(data, sha256, (data / "photo.key").read_bytes()) == content  # kept sealed
    assert not partial_path(data, sha256).exists()
    assert server.admin("incomplete").endswith("0 notices waiting for photos.")
    with signed_in(office, "sue") as link:
        assert link.call("GET", "/incomplete-photos", MissingPhotos).photos == []
    office.sync(sue)
    office.sync(sue)
    # tried again, and it came (sealed)
    assert read_sealed(supervisors_copy, office.store.photo_key, sha256) == content
    assert north.sync(olly).photos == 0  # already there: nothing sent again


def test_a_photo_whose_bytes_do_not_match_its_hash_is_refused(
    server: ServerProcess, make_laptop: Callable[..., Laptop]
) -> None:
    north = make_laptop(server, "north")
    north.add("olly", Role.AUTHORISED_OFFICER)
    north.enrol()
    content = JPEG_640_480 + b"evidence" * 100
    wrong = hashlib.sha256(b"something else").hexdigest()
    with signed_in(north, "olly") as link:
        with pytest.raises(SyncError, match="does not match its SHA-256"):
            photos.upload_photo(link, wrong, content)
        with pytest.raises(SyncError, match="SHA-256"):
            photos.upload_photo(link, "not-a-hash", content)
        right = hashlib.sha256(content).hexdigest()
        assert photos.upload_photo(link, right, content) == 1
    assert not final_path(server.data_dir, wrong).exists()
    assert not partial_path(server.data_dir, wrong).exists()
    key = (server.data_dir / "photo.key").read_bytes()
    assert read(server.data_dir, right, key) == content
