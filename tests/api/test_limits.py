"""Slow or huge answers are stopped and reported, never left running or sent whole."""

import pytest
from fastapi.testclient import TestClient

from supplygraph.api.app import create_app
from supplygraph.graph import query_library
from supplygraph.graph.errors import QueryTimeoutError, ResultTooLargeError


@pytest.fixture
def slow_library(tmp_path, monkeypatch):
    (tmp_path / "slow.cypher").write_text(
        "// @name slow\n// @description Counts to a billion.\n// @column n -- how many\n"
        "UNWIND range(1, 1000000000) AS x WITH x WHERE x < 0 RETURN count(x) AS n\n"
    )
    (tmp_path / "many.cypher").write_text(
        "// @name many\n// @description Many rows.\n// @param n integer example=10 -- how many\n"
        "// @column x -- a number\nUNWIND range(1, $n) AS x RETURN x\n"
    )
    monkeypatch.setenv("SUPPLYGRAPH_QUERIES", str(tmp_path))


def test_a_slow_query_is_cancelled_and_reported(graph, slow_library):
    with pytest.raises(QueryTimeoutError, match="ran longer than 1s and was cancelled"):
        query_library.run(graph, "slow", timeout=1.0)
    # Neo4j is still answering afterwards: the transaction was cancelled, not left running.
    assert (
        graph.read(
            "SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery STARTS WITH 'UNWIND range(1, 1000000000)' "
            "RETURN count(*) AS running"
        )[0]["running"]
        == 0
    )


def test_api_reports_a_timeout_as_504(graph, slow_library, monkeypatch):
    monkeypatch.setenv("SUPPLYGRAPH_QUERY_TIMEOUT", "1")
    app = create_app()
    app.state.graph = graph
    answer = TestClient(app).post("/api/queries/slow", json={})
    assert answer.status_code == 504
    assert "ran longer than 1s" in answer.json()["detail"]


def test_answers_past_the_row_cap_are_refused_with_413(graph, slow_library, monkeypatch):
    monkeypatch.setenv("SUPPLYGRAPH_MAX_ROWS", "100")
    app = create_app()
    app.state.graph = graph
    client = TestClient(app)
    assert client.post("/api/queries/many", json={"n": 100}).json()["count"] == 100
    too_many = client.post("/api/queries/many", json={"n": 101})
    assert too_many.status_code == 413
    assert "more than 100 rows" in too_many.json()["detail"]
    with pytest.raises(ResultTooLargeError):
        query_library.run(graph, "many", {"n": 101}, max_rows=100)
