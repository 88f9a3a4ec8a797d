"""The command line and the project's own Neo4j, as a user drives them."""

import sys

import pytest

from supplygraph.graph import local_neo4j
from supplygraph.graph.errors import LocalNeo4jError
from tests.helpers import SAMPLE, run_cli

CLI = [sys.executable, "-m", "supplygraph"]


@pytest.mark.neo4j  # starts a Neo4j server of its own
def test_local_neo4j_keeps_its_data_across_stop_and_start(tmp_path):
    env = {"SUPPLYGRAPH_NEO4J_DIR": str(tmp_path / "neo"), "NEO4J_URI": ""}
    started = run_cli("neo4j", "start", env=env)
    assert started.returncode == 0, started.stderr
    uri = started.stdout.strip()
    assert uri.startswith("bolt://127.0.0.1:")
    try:
        assert run_cli("neo4j", "status", env=env).stdout.startswith(f"running at {uri}")
        loaded = run_cli("load", str(SAMPLE), env=env)
        assert loaded.returncode == 0, loaded.stderr
        assert "loaded 11 contracts" in loaded.stdout
        assert run_cli("neo4j", "stop", env=env).returncode == 0
        stopped = run_cli("neo4j", "status", env=env)
        assert stopped.returncode == 3 and stopped.stdout.startswith("stopped")
        assert run_cli("neo4j", "start", env=env).stdout.strip() == uri  # same port when free
        answer = run_cli(
            "query",
            "holders",
            "-p",
            "buyer=Met Police",
            "-p",
            "tower=desktop",
            "-p",
            "as_of=2019-06-01",
            "--format",
            "csv",
            env=env,
        )
        assert answer.returncode == 0, answer.stderr
        assert "dxc-technology,DXC Technology,met-dxc-hosting-eus" in answer.stdout
    finally:
        local_neo4j.stop(tmp_path / "neo")


def test_missing_java_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("SUPPLYGRAPH_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("PATH", str(tmp_path))  # no java, javac or mvn here
    with pytest.raises(LocalNeo4jError, match="java not found on PATH: the local Neo4j needs Java 17"):
        local_neo4j.ensure_runtime()


def test_bad_csv_exits_non_zero_with_one_line_naming_file_row_and_field(tmp_path, neo4j_settings):
    bad = tmp_path / "contracts.csv"
    bad.write_text(
        "contract_id,buyer,supplier,towers,start,end,value,currency,title,source_url\n"
        "c1,Met,BT,netwerks,2021,,,,t,https://x\n"
    )
    result = run_cli("load", str(bad))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"supplygraph: error: {bad}, row 2, field 'towers': unknown tower 'netwerks' "
        "(known towers: Hosting, End User Services, Networks, Service Integration, Application Services, or an alias)"
    )


def test_query_with_a_bad_parameter_fails_before_connecting():
    result = run_cli(
        "query",
        "holders",
        "-p",
        "buyer=Met",
        "-p",
        "tower=networks",
        "-p",
        "as_of=2019",
        env={"NEO4J_URI": "bolt://127.0.0.1:1"},
    )
    assert result.returncode == 1
    assert "parameter 'as_of' must be date (YYYY-MM-DD), got '2019'" in result.stderr
