"""Photos made on other laptops come down after a pull, on a SQLite and a PostgreSQL server:
byte for byte, going on from where a cut-off download stopped, never kept with a wrong hash,
and never to an officer who may not see the notice."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from hfhate.models import Role
from hfhate.security.photo_box import write_sealed
from hfhate.server.photos import final_path
from hfhate.services.actor import Actor
from hfhate.services.notices.evidence import photo_path, read_photo
from hfhate.sync import photos
from hfhate.sync.sealed_download import partial_path, received
from hfhate.sync.transport import Transport
from tests.sync.conftest import Laptop, ServerProcess
from tests.sync.test_end_to_end import issue, north_and_office
from tests.sync.test_photos import photo_on_notice, photo_record, signed_in


@dataclass
class Desk:
    """An officer's laptop that synced a notice with a photo, and a supervisor's."""

    north: Laptop
    olly: Actor
    office: Laptop
    sue: Actor
    content: bytes  # the photo's bytes


@pytest.fixture
def desk(server: ServerProcess, make_laptop: Callable[..., Laptop], tmp_path: Path) -> Desk:
    north, olly, office, sue = north_and_office(make_laptop, server, Role.AUTHORISED_OFFICER)
    content = photo_on_notice(north, olly, tmp_path)
    north.sync(olly)
    return Desk(north, olly, office, sue, content)


def sync_twice(laptop: Laptop, actor: Actor) -> None:
    """Pull the records, then the photos (wherever in a sync the download comes)."""
    laptop.sync(actor)
    laptop.sync(actor)


def evidence_of(laptop: Laptop, content: bytes) -> Path:
    return photo_path(
        laptop.store.paths.evidence, hashlib.sha256(content).hexdigest(), "image/jpeg"
    )


def kept_clear(laptop: Laptop, content: bytes) -> bytes:
    """What the laptop's sealed copy of the photo opens to (it is never on disk in clear)."""
    sealed = evidence_of(laptop, content).read_bytes()
    assert content not in sealed
    return read_photo(
        laptop.store.paths.evidence,
        laptop.store.photo_key,
        hashlib.sha256(content).hexdigest(),
        "image/jpeg",
    )


def leftovers(laptop: Laptop) -> list[str]:
    """Partial downloads and lock files left in the evidence folder."""
    return sorted(p.name for p in laptop.store.paths.evidence.rglob(".*"))


def test_an_officers_photo_reaches_a_supervisors_laptop_byte_for_byte(
    desk: Desk,
) -> None:
    office, content = desk.office, desk.content
    assert not evidence_of(office, content).exists()
    sync_twice(office, desk.sue)
    assert kept_clear(office, content) == content
    assert leftovers(office) == []
    with signed_in(office, "sue") as link:
        assert photos.download_missing_photos(office.store, link) == 0  # nothing left to fetch


@contextmanager
def cut_downloads(link: Transport, ranges: list[str | None], *, cut: bool) -> Iterator[None]:
    """Note each download's Range header; with ``cut``, drop the network after 1,000 bytes."""
    real = link.client.stream

    @contextmanager
    def stream(method: str, url: str, **kwargs: Any) -> Iterator[httpx.Response]:
        ranges.append(kwargs["headers"].get("Range"))
        with real(method, url, **kwargs) as reply:
            if cut:
                whole = reply.iter_bytes

                def first_piece(chunk_size: int | None = None) -> Iterator[bytes]:
                    for chunk in whole(1000):
                        yield chunk
                        raise httpx.ReadError("the network dropped")

                reply.iter_bytes = first_piece  # type: ignore[method-assign]
            yield reply

    link.client.stream = stream  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        link.client.stream = real  # type: ignore[method-assign]


def test_a_cut_off_download_goes_on_from_where_it_stopped(
    desk: Desk,
) -> None:
    office, content = desk.office, desk.content
    sync_twice(office, desk.sue)
    target = evidence_of(office, content)
    target.unlink()  # as if it had never come down
    ranges: list[str | None] = []
    with signed_in(office, "sue") as link:
        with cut_downloads(link, ranges, cut=True):
            assert photos.download_missing_photos(office.store, link) == 0
        assert not target.exists()
        partial = partial_path(target, hashlib.sha256(content).hexdigest())
        assert content[:1000] not in partial.read_bytes()  # kept sealed, never in clear
        assert received(partial, office.store.photo_key) == content[:1000]
        with cut_downloads(link, ranges, cut=False):
            assert photos.download_missing_photos(office.store, link) == 1
    assert ranges == [None, "bytes=1000-"]
    assert kept_clear(office, content) == content and leftovers(office) == []


def test_a_photo_with_a_wrong_hash_on_download_is_not_kept(
    server: ServerProcess,
    desk: Desk,
) -> None:
    office, content = desk.office, desk.content
    on_server = final_path(server.data_dir, hashlib.sha256(content).hexdigest())
    on_server.write_bytes(content[:-1] + bytes([content[-1] ^ 0xFF]))  # one bit rotted
    sync_twice(office, desk.sue)
    assert not evidence_of(office, content).exists()
    assert leftovers(office) == []  # the bad download was deleted, not kept aside
    # The server opens its sealed copy and checks the hash first: the rotted one is moved aside.
    write_sealed(on_server, (server.data_dir / "photo.key").read_bytes(), content)
    with signed_in(office, "sue") as link:
        assert photos.download_missing_photos(office.store, link) == 1
    assert kept_clear(office, content) == content


def test_an_officer_cannot_download_a_photo_of_another_officers_notice(
    server: ServerProcess,
    make_laptop: Callable[..., Laptop],
    tmp_path: Path,
    desk: Desk,
) -> None:
    north, olly_content = desk.north, desk.content
    south = make_laptop(server, "south")
    sam = south.add("sam", Role.AUTHORISED_OFFICER)
    south.enrol()
    issue(south, sam, 1)
    sam_content = photo_on_notice(south, sam, tmp_path, seed=5)
    sync_twice(south, sam)
    olly_sha, sam_sha = (hashlib.sha256(c).hexdigest() for c in (olly_content, sam_content))
    olly_record, sam_record = photo_record(north, olly_sha).id, photo_record(south, sam_sha).id
    assert not evidence_of(south, olly_content).exists()  # never pulled, never fetched
    with signed_in(south, "sam") as link:

        def download(sha256: str, record: object) -> httpx.Response:
            return link.client.get(
                f"/photos/{sha256}/content", headers=link.headers, params={"record": str(record)}
            )

        refused = download(olly_sha, olly_record)
        assert refused.status_code == 403 and olly_content not in refused.content
        # Naming a record of his own does not open another photo either.
        assert download(olly_sha, sam_record).status_code == 403
        assert download(sam_sha, sam_record).content == sam_content
        target = evidence_of(south, olly_content)
        assert photos.fetch_photo(link, olly_record, olly_sha, target, south.store.photo_key) == 0
    assert not target.exists() and leftovers(south) == []
