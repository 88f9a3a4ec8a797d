"""Day-to-day operation of the local Neo4j: a clean stop on SIGTERM, and backup and restore."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from supplygraph.graph import query_library
from supplygraph.graph.config import Settings
from supplygraph.graph.db import connect
from tests.helpers import CLI, ROOT, SAMPLE, run_cli

pytestmark = pytest.mark.neo4j


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _java_pids_for(data_dir: Path) -> list[int]:
    """Java processes whose command line names this data directory."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "Neo4jServer" in cmdline and str(data_dir) in cmdline:
            found.append(int(entry.name))
    return found


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_signal_stops_demo_and_the_neo4j_it_started_with_the_data_flushed(tmp_path, stop):
    # SIGTERM as systemd, Docker or a CI runner sends it; SIGINT as Ctrl-C does
    data_dir = tmp_path / "neo"
    env = {**os.environ, "SUPPLYGRAPH_NEO4J_DIR": str(data_dir), "NEO4J_URI": ""}
    port = _free_port()
    log = tmp_path / "demo.log"
    with log.open("w") as out:
        demo = subprocess.Popen([*CLI, "demo", "--port", str(port)], cwd=ROOT, env=env, stderr=out, stdout=out)
    try:
        deadline = time.monotonic() + 600
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            assert demo.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the demo did not answer: " + log.read_text()
            time.sleep(1)
        assert len(_java_pids_for(data_dir)) == 1
        demo.send_signal(stop)
        demo.wait(timeout=120)
    finally:
        if demo.poll() is None:
            demo.kill()
    err = log.read_text()
    assert demo.returncode == 0, err
    assert "stopped the local Neo4j" in err
    assert _java_pids_for(data_dir) == []
    # flushed: the next start finds the sample the demo loaded
    try:
        answer = run_cli("query", "portfolio", "-p", "buyer=Met Police", "--format", "json", env={**env})
        assert answer.returncode == 0, answer.stderr
        assert len(json.loads(answer.stdout)) == 7
    finally:
        run_cli("neo4j", "stop", env=env)


def _answers(data_dir: Path) -> dict[str, list[dict[str, object]]]:
    """Every saved query that has an example for each required parameter, on the local graph in data_dir."""
    cfg = Settings(uri=None, local_dir=data_dir)
    found = {}
    with connect(cfg, autostart=True) as graph:
        for saved in query_library.library().values():
            if any(p.required and p.example is None for p in saved.params):
                continue
            params = {p.name: p.example for p in saved.params if p.example is not None}
            found[saved.name] = query_library.run(graph, saved.name, params, max_rows=None).rows
    return found


def test_a_restored_graph_answers_every_question_as_before(tmp_path):
    data_dir = tmp_path / "neo"
    env = {"SUPPLYGRAPH_NEO4J_DIR": str(data_dir), "NEO4J_URI": ""}
    try:
        assert run_cli("load", str(SAMPLE), env=env).returncode == 0
        before = _answers(data_dir)
        assert len(before) >= 10 and before["holders"]  # the examples answer on the sample
        backed = run_cli("backup", str(tmp_path / "sample.dump"), env=env)
        assert backed.returncode == 0, backed.stderr
        extra = tmp_path / "more" / "contracts.csv"
        extra.parent.mkdir()
        extra.write_text(
            "contract_id,buyer,supplier,towers,start,end,value,currency,title,source_url\n"
            "met-later,Met Police,Fujitsu,networks,2019-01-01,2019-12-31,,,Networks,https://example.org/x\n"
        )
        assert run_cli("load", str(extra), env=env).returncode == 0
        assert _answers(data_dir)["holders"] != before["holders"]
        refused = run_cli("restore", str(tmp_path / "sample.dump"), env=env)
        assert refused.returncode == 1 and "restore with --force" in refused.stderr
        restored = run_cli("restore", str(tmp_path / "sample.dump"), "--force", env=env)
        assert restored.returncode == 0, restored.stderr
        assert _answers(data_dir) == before
    finally:
        run_cli("neo4j", "stop", env=env)


def test_backup_refuses_a_remote_server_and_says_what_to_do_instead(tmp_path):
    done = run_cli("backup", str(tmp_path / "x.dump"), env={"NEO4J_URI": "neo4j+s://example.databases.neo4j.io"})
    assert done.returncode == 1
    assert "neo4j-admin database dump|load" in done.stderr and "docs/operations.md" in done.stderr
