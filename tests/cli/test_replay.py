"""Loads converge: any order, or killed half-way and run again, ends with the same graph."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from supplygraph.graph import local_neo4j
from supplygraph.loaders import load_paths
from tests.helpers import ROOT, SAMPLE, checksum, counts, wipe


def generate(directory: Path, contracts: int, seed: int = 7) -> Path:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "supplygraph",
            "generate",
            "--contracts",
            str(contracts),
            "--seed",
            str(seed),
            "-o",
            str(directory),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return directory


def split(contracts: Path, out: Path) -> tuple[Path, Path]:
    header, *rows = contracts.read_text().splitlines(keepends=True)
    half = len(rows) // 2
    out.mkdir(parents=True, exist_ok=True)
    a, b = out / "a.csv", out / "b.csv"
    a.write_text(header + "".join(rows[:half]))
    b.write_text(header + "".join(rows[half:]))
    return a, b


def test_loading_files_in_any_order_gives_the_same_graph(graph, tmp_path):
    data = generate(tmp_path / "gen", 1500)
    a, b = split(data / "contracts.csv", tmp_path / "parts")
    orgs = data / "organisations.csv"
    load_paths(graph, [orgs, a, b])
    together = checksum(graph)
    wipe(graph)
    load_paths(graph, [b])
    load_paths(graph, [orgs])
    load_paths(graph, [a])
    assert checksum(graph) == together
    wipe(graph)
    load_paths(graph, [SAMPLE / "contracts.csv"])
    load_paths(graph, [SAMPLE / "organisations.csv"])
    separately = checksum(graph)
    wipe(graph)
    load_paths(graph, [SAMPLE])
    assert checksum(graph) == separately


def _start_load(data: Path, env_dir: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "supplygraph", "load", str(data)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "SUPPLYGRAPH_NEO4J_DIR": str(env_dir)},
    )


def _wait_for_some_contracts(graph, proc: subprocess.Popen, total: int) -> int:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        n = graph.read("MATCH (c:Contract) RETURN count(c) AS n")[0]["n"]
        if 0 < n < total:
            return n
        if proc.poll() is not None:
            pytest.fail(f"the load ended before it could be interrupted ({n} contracts): {proc.stderr.read()}")
        time.sleep(0.05)
    pytest.fail("no contracts appeared")


# Big enough that a load is caught between its first and last batch of 2,000 contracts; every load also
# derives the tenure and succession layers at its end, so a bigger set only makes the test slower.
BIG = 6000


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("big"), BIG, seed=11)


@pytest.fixture
def reference(graph, big):
    load_paths(graph, [big])
    expected = checksum(graph), counts(graph)
    wipe(graph)
    return expected


def test_a_load_killed_half_way_and_run_again_ends_with_the_same_graph(graph, big, reference, neo4j_settings):
    proc = _start_load(big, neo4j_settings.local_dir)
    partial = _wait_for_some_contracts(graph, proc, BIG)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < partial < BIG
    print(f"replay: loader killed with {partial} of {BIG} contracts written; re-run converged")
    rerun = _start_load(big, neo4j_settings.local_dir)
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    assert (checksum(graph), counts(graph)) == reference


def test_neo4j_stopped_mid_load_then_the_load_run_again_ends_with_the_same_graph(graph, big, reference, neo4j_settings):
    if not neo4j_settings.uses_local:
        pytest.skip("stops Neo4j: needs the tests' own local server")
    proc = _start_load(big, neo4j_settings.local_dir)
    partial = _wait_for_some_contracts(graph, proc, BIG)
    print(f"replay: Neo4j stopped with {partial} of {BIG} contracts written; re-run converged")
    local_neo4j.stop(neo4j_settings.local_dir)
    try:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 3  # Neo4j out of reach
        assert "supplygraph: error:" in err and "Neo4j" in err
    finally:
        local_neo4j.start(neo4j_settings.local_dir)
    rerun = _start_load(big, neo4j_settings.local_dir)
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    assert (checksum(graph), counts(graph)) == reference
