"""bench/load_server.py on a tiny scale (3 laptops, 5 notices each) against two workers on
PostgreSQL: nothing lost or doubled; and it refuses any target but 127.0.0.1."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.deploy.test_nginx_tls import workers as workers_fixture
from tests.sync.conftest import ServerProcess

workers = workers_fixture  # the fixture, for the test here
ROOT = Path(__file__).resolve().parents[2]


def load_script() -> ModuleType:
    """bench/load_server.py (bench is not a package installed with hfhate)."""
    spec = importlib.util.spec_from_file_location("load_server", ROOT / "bench" / "load_server.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_three_laptops_push_and_pull_with_nothing_lost_or_doubled(
    workers: tuple[ServerProcess, int],
) -> None:
    server, port = workers
    run = subprocess.run(
        [
            *(sys.executable, "-m", "bench.load_server"),
            *("--url", f"http://127.0.0.1:{port}"),
            *("--data-dir", str(server.data_dir)),
            *("--database-url", server.database_url),
            *("--laptops", "3", "--notices", "5", "--time-limit", "120"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    said = run.stdout
    assert run.returncode == 0, said + run.stderr
    assert "3 laptops x 5 notices, all at once:" in said and " 0 errors" in said
    assert "acknowledged 15 notices; the server holds 15 of these laptops' officers" in said
    assert "lost (acknowledged, not held): 0" in said
    assert "doubled (logged or applied twice): 0" in said
    assert "10 other laptops' notices, 0 twice, 0 acknowledged ones missing" in said


@pytest.mark.parametrize("url", ["http://localhost:8470", "https://10.0.0.5", "http://127.0.0.2"])
def test_only_127_0_0_1_is_a_target(url: str) -> None:
    with pytest.raises(SystemExit, match="only http"):
        load_script().local_only(url)
