"""Uploads of the same photo from two processes at once never corrupt it: each piece is
taken under a lock between processes, so none is appended twice or after the photo was kept."""

from __future__ import annotations

import hashlib
import random
import subprocess
import sys
import time
from pathlib import Path

from hfhate.server.photos import lock_path, partial_path, read
from tests.fixtures.photo_bytes import png

# One uploader: says it is ready, waits for the start signal, then sends each photo piece by
# piece from the offset the server has, as a laptop does (another uploader that moved on first
# makes the server answer 409 with the offset it has now).
UPLOADER = """
import os, sys, time
from pathlib import Path
from hfhate.server import photos
from hfhate.server.accounts import Refused

KEY = bytes(32)
data, start, piece = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
names = sys.argv[4:]
(data / "ready" / str(os.getpid())).touch()
while not start.exists():
    time.sleep(0.001)
for name in names:
    content = (data / "sources" / name).read_bytes()
    while not (now := photos.status(data, name)).complete:
        try:
            photos.receive(data, name, now.received, len(content),
                           content[now.received:now.received + piece], KEY)
        except Refused as refused:
            if refused.status != 409:
                print(f"{name[:8]}: {refused}")
                sys.exit(1)
print("ok")
"""


def test_uploads_of_the_same_photo_from_two_processes_at_once(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    contents = {}
    for seed in range(4):
        content = png(640, 480, random.Random(seed).randbytes(16 * 1024 + seed))
        name = hashlib.sha256(content).hexdigest()
        (sources / name).write_bytes(content)
        contents[name] = content
    start, ready = tmp_path / "start", tmp_path / "ready"
    ready.mkdir()
    uploaders = [
        subprocess.Popen(
            [sys.executable, "-c", UPLOADER, str(tmp_path), str(start), "512", *contents],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        deadline = time.monotonic() + 120
        while len(list(ready.iterdir())) < len(uploaders) and time.monotonic() < deadline:
            time.sleep(0.01)
        start.touch()  # all at once, so their pieces cross
        outputs = [uploader.communicate(timeout=300)[0].strip() for uploader in uploaders]
    finally:
        for uploader in uploaders:
            if uploader.poll() is None:
                uploader.kill()
                uploader.wait()
    assert outputs == ["ok"] * 2
    for name, content in contents.items():
        assert read(tmp_path, name, bytes(32)) == content
        assert not partial_path(tmp_path, name).exists()
        assert not lock_path(tmp_path, name).exists()
