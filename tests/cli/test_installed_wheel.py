"""The built wheel, installed into a fresh virtualenv, works as a user gets it: no source tree behind it.

Dependencies come from PyPI (through pip's cache); the commands run from an
empty folder, so nothing of the repository can be picked up by accident.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from supplygraph.graph import local_neo4j
from supplygraph.graph.config import Settings
from tests.helpers import ROOT

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

SAVED = sorted(
    re.search(r"^// @name (\S+)$", path.read_text(encoding="utf-8"), re.MULTILINE).group(1)  # type: ignore[union-attr]
    for path in (ROOT / "queries").glob("*.cypher")
)
OURS = ("graph", "loaders", "api", "cli", "queries", "sample")


def test_the_wheel_in_a_fresh_virtualenv_lists_and_answers_saved_queries(tmp_path, sample_graph, neo4j_settings):
    wheel = _build_wheel(tmp_path / "dist")
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)], cwd=tmp_path, timeout=900)

    site = Path(_run([str(venv / "bin" / "python"), "-c", _PURELIB], cwd=tmp_path).stdout.strip())
    assert (site / "supplygraph" / "queries" / "holders.cypher").is_file()
    assert (site / "supplygraph" / "sample" / "contracts.csv").is_file()
    assert [name for name in OURS if (site / name).exists() or (site / f"{name}.py").exists()] == []
    assert not any((site / "supplygraph" / name).is_symlink() for name in OURS)  # real folders in the wheel

    work = tmp_path / "elsewhere"  # an empty folder: the installed package, not this checkout
    work.mkdir()
    supplygraph = str(venv / "bin" / "supplygraph")
    env = _env_for(neo4j_settings, venv)

    listed = _run([supplygraph, "queries"], cwd=work, env=env)
    names = sorted(line for line in listed.stdout.splitlines() if line and not line[0].isspace())
    assert names == SAVED and len(SAVED) == len(list((ROOT / "queries").glob("*.cypher")))

    # the README's question: who held the Met's desktop tower on 1 June 2019 (sample: DXC, 2015-2021)
    answer = _run(
        [supplygraph, "query", "holders", "-p", "buyer=Met Police", "-p", "tower=desktop", "-p", "as_of=2019-06-01"]
        + ["--format", "csv"],
        cwd=work,
        env=env,
    )
    assert answer.stdout.splitlines() == [
        "buyer_id,buyer_name,tower_id,tower_name,supplier_id,supplier_name,contract_id,start,start_precision,"
        "end,end_precision",
        "metropolitan-police-service,Metropolitan Police Service,end-user-services,End User Services,"
        "dxc-technology,DXC Technology,met-dxc-hosting-eus,2015-01-01,year,2021-12-31,year",
    ]

    demo = _run([supplygraph, "demo", "--help"], cwd=work, env=env)
    assert demo.stdout.startswith("Usage: supplygraph demo [OPTIONS]")


_PURELIB = "import sysconfig; print(sysconfig.get_paths()['purelib'])"


def _build_wheel(out: Path) -> Path:
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)], cwd=ROOT, timeout=900)
    (wheel,) = out.glob("supplygraph-*.whl")
    return wheel


def _env_for(cfg: Settings, venv: Path) -> dict[str, str]:
    """The test Neo4j, named by its address (the installed CLI must not look for a local one)."""
    uri = cfg.uri or local_neo4j.status(cfg.local_dir).uri
    assert uri, "the test Neo4j is not running"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    path = os.pathsep.join([str(venv / "bin"), env.get("PATH", "")])
    env |= {"PATH": path, "NEO4J_URI": uri, "NEO4J_USER": cfg.user, "NEO4J_PASSWORD": cfg.password.get_secret_value()}
    if cfg.database:
        env["NEO4J_DATABASE"] = cfg.database
    return env


def _run(
    cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(cmd)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done
