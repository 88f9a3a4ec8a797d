"""One errors module: every project exception lives there, with one HTTP status and one exit code."""

from click.testing import CliRunner
from fastapi.testclient import TestClient

import supplygraph.api.app
import supplygraph.cli.main
import supplygraph.loaders
from supplygraph.api.app import create_app
from supplygraph.cli import main
from supplygraph.graph import errors
from supplygraph.graph.errors import EXIT_CODES, SupplygraphError
from tests.helpers import run_cli


def _all_errors(kind: type[SupplygraphError] = SupplygraphError) -> list[type[SupplygraphError]]:
    found = [kind]
    for sub in kind.__subclasses__():
        found += _all_errors(sub)
    return found


def test_every_error_is_defined_in_the_errors_module_with_a_documented_exit_code():
    assert supplygraph.api.app and supplygraph.cli.main and supplygraph.loaders  # the whole application is imported
    defined = _all_errors()
    assert {kind.__module__ for kind in defined} == {"supplygraph.graph.errors"}
    assert {kind.exit_code for kind in defined} <= set(EXIT_CODES) - {0, 2}
    statuses = {kind.__name__: kind.http_status for kind in defined}
    assert statuses == {
        "SupplygraphError": 400,
        "InputError": 400,
        "ParameterError": 400,
        "DateFormatError": 400,
        "UnknownTowerError": 400,
        "CpvCodeError": 400,
        "QueryRefusedError": 400,
        "NotFoundError": 404,
        "DatabaseNotEmptyError": 409,
        "ResultTooLargeError": 413,
        "QueryDefinitionError": 500,
        "SettingsError": 500,
        "InstallationError": 500,
        "OfflineExportError": 500,
        "FetchError": 502,
        "DatabaseUnavailableError": 503,
        "LocalNeo4jError": 503,
        "QueryTimeoutError": 504,
    }


def test_format_errors_are_still_value_errors():
    assert issubclass(errors.DateFormatError, ValueError) and issubclass(errors.CpvCodeError, ValueError)


def _malformed_library(tmp_path, monkeypatch):
    (tmp_path / "broken.cypher").write_text("// @name broken\n// @wrong tag\nRETURN 1 AS x\n")
    monkeypatch.setenv("SUPPLYGRAPH_QUERIES", str(tmp_path))


def test_a_malformed_query_file_is_the_servers_fault_500(tmp_path, monkeypatch):
    _malformed_library(tmp_path, monkeypatch)
    answer = TestClient(create_app()).get("/api/queries")
    assert answer.status_code == 500
    assert answer.json() == {"detail": f"{tmp_path / 'broken.cypher'}: unknown header tag @wrong"}


def test_a_malformed_query_file_exits_6_with_one_line(tmp_path, monkeypatch):
    _malformed_library(tmp_path, monkeypatch)
    out = CliRunner().invoke(main, ["queries"])
    assert out.exit_code == 6
    assert out.output == f"supplygraph: error: {tmp_path / 'broken.cypher'}: unknown header tag @wrong\n"


def test_neo4j_out_of_reach_exits_3():
    result = run_cli(
        *("query", "holders", "-p", "buyer=Met", "-p", "tower=networks", "-p", "as_of=2019-06-01"),
        env={"NEO4J_URI": "bolt://127.0.0.1:1"},
    )
    assert result.returncode == 3
    assert result.stderr.startswith("supplygraph: error: cannot reach Neo4j at bolt://127.0.0.1:1")
    assert result.stdout == ""


def test_help_lists_the_exit_codes():
    out = CliRunner().invoke(main, ["--help"])
    assert "Exit codes:" in out.output
    assert "  5  a query ran past its time or row limit" in out.output
