"""Against a real server process: body caps (413, with and without Content-Length), photos
checked by signature and pixel count and kept sealed, and an officer's push refused where it
sets what it may not."""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from tests.fixtures.photo_bytes import jpeg, png
from tests.server.conftest import PASSWORD, change, notice_fields
from tests.server.live import Live, Signed, logged_server

JSON_CAP, PHOTO_CAP = 64 * 1024, 128 * 1024
SECRET = b"KEVIN-EXAMPLE-12-SAMPLE-ROAD-CLEAR-BYTES"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Live, Path]]:
    tmp = tmp_path_factory.mktemp("hardening")
    caps = {
        "HFHATE_SERVER_MAX_BODY_BYTES": str(JSON_CAP),
        "HFHATE_SERVER_MAX_PHOTO_BYTES": str(PHOTO_CAP),
        "HFHATE_PASSWORD": PASSWORD,
    }
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HFHATE_PASSWORD", PASSWORD)
        yield from logged_server(tmp, f"sqlite:///{tmp / 'server.sqlite'}", caps)


@pytest.fixture(scope="module")
def people(served: tuple[Live, Path]) -> dict[str, Signed]:
    live, _log = served
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HFHATE_PASSWORD", PASSWORD)
        live.user("olly", "authorised_officer")
        live.user("oona", "authorised_officer")
        live.user("sue", "supervisor", "authorised_officer")
        return {name: live.sign_in(live.enrol(), name) for name in ("olly", "oona", "sue")}


def _chunks(size: int) -> Iterator[bytes]:
    """A body sent chunked (no Content-Length), in 8 KiB pieces."""
    for start in range(0, size, 8192):
        yield b"x" * min(8192, size - start)


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_oversized_push_and_photo_bodies_get_413(
    served: tuple[Live, Path], people: dict[str, Signed], chunked: bool
) -> None:
    live, _log = served
    headers = people["olly"].headers
    sha = "0" * 64
    for url, method, cap in (
        (f"{live.url}/api/v1/push", "POST", JSON_CAP),
        (f"{live.url}/api/v1/photos/{sha}?offset=0&total={PHOTO_CAP}", "PUT", PHOTO_CAP),
    ):
        body = _chunks(cap + 1) if chunked else b"x" * (cap + 1)
        reply = httpx.request(method, url, headers=headers, content=body, timeout=30)
        assert reply.status_code == 413, (url, reply.text)
        assert "too large" in reply.json()["detail"] and f"{cap:,}" in reply.json()["detail"]
    # Just under the caps is not refused for its size.
    ok = httpx.post(
        f"{live.url}/api/v1/push", headers=headers, content=_chunks(JSON_CAP), timeout=30
    )
    assert ok.status_code == 422, ok.text
    assert httpx.get(f"{live.url}/api/v1/health").status_code == 200


def _upload(live: Live, caller: Signed, content: bytes) -> httpx.Response:
    sha = hashlib.sha256(content).hexdigest()
    return httpx.put(
        f"{live.url}/api/v1/photos/{sha}",
        params={"offset": 0, "total": len(content)},
        headers=caller.headers,
        content=content,
    )


def _photo_record(caller: Signed, notice_id: uuid.UUID, content: bytes) -> dict[str, object]:
    now = datetime.now(UTC).isoformat()
    fields = {
        "id": None,
        "notice_id": str(notice_id),
        "sha256": hashlib.sha256(content).hexdigest(),
        "original_name": "photo.jpg",
        "size_bytes": len(content),
        "media_type": "image/jpeg",
        "created_at": now,
        "updated_at": now,
        "created_by_id": str(caller.user_id),
        "created_on_device_id": str(caller.device_id),
        "deleted_at": None,
        "version": 1,
    }
    record_id = uuid.uuid4()
    fields["id"] = str(record_id)
    return change(
        caller.device_id, caller.user_id, record_id, fields, record_type="evidence_photos"
    )


def test_photos_are_checked_and_never_kept_in_clear(
    served: tuple[Live, Path], people: dict[str, Signed]
) -> None:
    live, _log = served
    olly = people["olly"]
    photo = jpeg(4000, 3000, SECRET * 50)
    kept = _upload(live, olly, photo)
    assert kept.status_code == 200 and kept.json()["complete"], kept.text
    # In two pieces, a PNG.
    second = png(800, 600, SECRET * 40)
    sha = hashlib.sha256(second).hexdigest()
    for start, end in ((0, 500), (500, len(second))):
        piece = httpx.put(
            f"{live.url}/api/v1/photos/{sha}",
            params={"offset": start, "total": len(second)},
            headers=olly.headers,
            content=second[start:end],
        )
        assert piece.status_code == 200, piece.text
    assert piece.json()["complete"]

    for content, why in (
        (b"%PDF-1.7 " + SECRET, "not a JPEG, PNG, WebP or HEIC"),
        (png(10_000, 10_000, SECRET), "10000 x 10000 pixels"),
        (jpeg(20_000, 5_000, SECRET), "20000 x 5000 pixels"),
        (b"\xff\xd8\xff\xd9" + SECRET, "cannot be read"),
    ):
        refused = _upload(live, olly, content)
        assert refused.status_code == 422 and why in refused.json()["detail"], refused.text
        status = httpx.get(
            f"{live.url}/api/v1/photos/{hashlib.sha256(content).hexdigest()}",
            headers=olly.headers,
        ).json()
        assert status == status | {"received": 0, "complete": False}

    # Served decrypted, whole and from an offset, to the notice's officer.
    notice_id = uuid.uuid4()
    fields = notice_fields(olly.user_id, olly.device_code, 1)
    record = _photo_record(olly, notice_id, photo)
    results = live.push(olly, [change(olly.device_id, olly.user_id, notice_id, fields), record])
    assert [r["result"] for r in results] == ["applied", "applied"], results
    url = f"{live.url}/api/v1/photos/{record['fields']['sha256']}/content"
    params = {"record": record["record_id"]}
    whole = httpx.get(url, params=params, headers=olly.headers)
    assert whole.status_code == 200 and whole.content == photo
    rest = httpx.get(url, params=params, headers=olly.headers | {"Range": "bytes=100-"})
    assert rest.status_code == 206 and rest.content == photo[100:]
    assert rest.headers["content-range"] == f"bytes 100-{len(photo) - 1}/{len(photo)}"
    past = httpx.get(url, params=params, headers=olly.headers | {"Range": f"bytes={len(photo)}-"})
    assert past.status_code == 416

    folder = live.process.data_dir / "evidence"
    files = [p for p in folder.rglob("*") if p.is_file()]
    for kept_sha in (record["fields"]["sha256"], sha):
        assert any(p.name == f"{kept_sha}.sealed" for p in files), kept_sha
    for path in files:
        content = path.read_bytes()
        for clear in (b"\xff\xd8\xff", b"\x89PNG", b"IHDR", SECRET, SECRET[:12]):
            assert clear not in content, (path, clear)
    key = live.process.data_dir / "photo.key"
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_bytes()) == 32


def test_an_officer_may_not_set_a_status_touch_another_officers_notice_or_accounts(
    served: tuple[Live, Path], people: dict[str, Signed]
) -> None:
    live, _log = served
    olly, oona = people["olly"], people["oona"]
    notice_id = uuid.uuid4()
    fields = notice_fields(olly.user_id, olly.device_code, 7)
    assert (
        live.push(olly, [change(olly.device_id, olly.user_id, notice_id, fields)])[0]["result"]
        == "applied"
    )

    def update(caller: Signed, values: dict[str, object]) -> dict[str, object]:
        return change(
            caller.device_id, caller.user_id, notice_id, values, operation="update", base_version=1
        )

    cancel = update(olly, {"status": "cancelled"})
    paid = update(olly, {"status": "paid", "paid_on": "2025-03-14", "paid_amount_pence": 6000})
    theirs = update(oona, {"recipient_address": "1 Elsewhere Road, London"})
    account = change(
        olly.device_id,
        olly.user_id,
        olly.user_id,
        {"full_name": "Olly Admin", "updated_at": datetime.now(UTC).isoformat(), "version": 2},
        operation="update",
        base_version=1,
        record_type="users",
    )
    results = live.push(olly, [cancel, paid, account]) + live.push(oona, [theirs])
    assert [r["result"] for r in results] == ["rejected"] * 4, results
    reasons = [str(r["reason"]) for r in results]
    assert "supervisor" in reasons[0] and "supervisor" in reasons[1], reasons
    assert "Only an administrator can change accounts." in reasons[2]
    assert "officer" in reasons[3], reasons
    # A field no record has, and a field the wire does not carry at the top level: 422.
    bad = update(olly, {"recipient_address": "x"}) | {"approved_by": str(olly.user_id)}
    reply = httpx.post(f"{live.url}/api/v1/push", headers=olly.headers, json={"changes": [bad]})
    assert reply.status_code == 422 and "approved_by" in reply.json()["detail"], reply.text


NAME, BIRTH, ADDRESS = "Zebedee Quux", "1977-07-07", "99 Secretlane Road, Leeds"
LEAKS = ("Traceback", "sqlalchemy", "SELECT", "INSERT", "psycopg", "sqlite3", NAME, BIRTH)


def test_no_trace_sql_or_personal_data_in_any_answer_or_log_line(
    served: tuple[Live, Path], people: dict[str, Signed]
) -> None:
    live, log = served
    olly = people["olly"]
    push = f"{live.url}/api/v1/push"

    def notice(sequence: int, **overrides: object) -> dict[str, object]:
        fields = notice_fields(
            olly.user_id,
            olly.device_code,
            sequence,
            recipient_name=NAME,
            recipient_date_of_birth=BIRTH,
            recipient_address=ADDRESS,
        )
        return change(olly.device_id, olly.user_id, uuid.uuid4(), fields | overrides)

    good = notice(20)
    answers = [
        httpx.post(push, headers=olly.headers, content=f'{{"changes": [{{"x": "{NAME}'),
        httpx.post(push, headers=olly.headers, json={"changes": NAME}),
        httpx.post(push, headers=olly.headers, json={"changes": [], "name": NAME}),
        httpx.post(push, headers=olly.headers, json={"changes": [notice(21) | {"n": NAME}]}),
        httpx.post(push, headers=olly.headers, json={"changes": [good]}),
        httpx.post(
            push,
            headers=olly.headers,
            json={
                "changes": [
                    notice(20),  # the number the first holds: a clash
                    # The same record again, as it stands there: a duplicate, nothing doubled.
                    good | {"change_id": str(uuid.uuid4())},
                    notice(22, recipient_date_of_birth=f"{BIRTH}x"),
                    notice(23, recipient_name=NAME * 20),
                    notice(24, recipient_postcode=f"{NAME}"),
                    notice(25, amount_pence=NAME),
                    notice(26, offence_at=BIRTH + "T25:99"),
                ]
            },
        ),
        httpx.post(push, headers=olly.headers, content=(NAME * 10_000).encode()),
        httpx.post(
            f"{live.url}/api/v1/sign-in",
            headers={"Authorization": olly.headers["Authorization"]},
            json={"username": NAME, "password": BIRTH},
        ),
        httpx.post(f"{live.url}/api/v1/enrol", json={"code": NAME, "device_id": BIRTH}),
        httpx.post(f"{live.url}/api/v1/records", headers=olly.headers, json={"records": [NAME]}),
        httpx.get(f"{live.url}/api/v1/pull", headers=olly.headers, params={"cursor": NAME}),
    ]
    statuses = [a.status_code for a in answers]
    assert statuses == [422, 422, 422, 422, 200, 200, 413, 401, 422, 422, 422], statuses
    results = answers[5].json()["results"]
    assert [r["result"] for r in results] == ["rejected", "duplicate"] + ["rejected"] * 5

    # A sealed photo damaged on disk: moved aside, reported not here, listed as missing.
    photo = jpeg(640, 480, NAME.encode() * 10)
    assert _upload(live, olly, photo).status_code == 200
    record = _photo_record(olly, uuid.UUID(str(good["record_id"])), photo)
    assert live.push(olly, [record])[0]["result"] == "applied"
    sha = hashlib.sha256(photo).hexdigest()
    sealed = next((live.process.data_dir / "evidence").rglob(f"{sha}.sealed"))
    damaged = bytearray(sealed.read_bytes())
    damaged[-1] ^= 1
    sealed.write_bytes(bytes(damaged))
    content = f"{live.url}/api/v1/photos/{sha}/content"
    gone = httpx.get(content, params={"record": record["record_id"]}, headers=olly.headers)
    assert gone.status_code == 404 and "damaged" in gone.json()["detail"], gone.text
    missing = httpx.get(f"{live.url}/api/v1/incomplete-photos", headers=olly.headers).json()
    assert sha in [p["sha256"] for p in missing["photos"]]
    answers.append(gone)

    # A fault of the server's own: a table gone from under it (its error quotes the SQL).
    database = sqlite3.connect(live.process.database_url.removeprefix("sqlite:///"))
    database.execute("ALTER TABLE sign_in_failures RENAME TO moved_away")
    database.commit()
    try:
        fault = httpx.post(
            f"{live.url}/api/v1/sign-in",
            headers={"Authorization": olly.headers["Authorization"]},
            json={"username": NAME, "password": BIRTH},
        )
    finally:
        database.execute("ALTER TABLE moved_away RENAME TO sign_in_failures")
        database.commit()
        database.close()
    assert fault.status_code == 500 and fault.json() == {
        "detail": "The server could not do this now: try again later."
    }
    answers.append(fault)

    for answer in answers:
        body = answer.content.decode("utf-8", "replace")
        if answer.status_code == 200:  # a conflict gives the caller their own record back
            body = " ".join(str(r["reason"]) for r in answer.json()["results"])
        for leak in LEAKS:
            assert leak not in body, (answer.request.url, leak, body[:500])
    lines = log.read_text()
    assert "POST /api/v1/sign-in answered 500: OperationalError" in lines
    for leak in LEAKS:
        assert leak not in lines, (leak, lines[-2000:])
