"""Tests run against a real Neo4j: NEO4J_URI when set, else a local one of their own.

The local test server lives in a fresh temporary directory on a free port, so
it never touches the user's .neo4j/ and parallel runs do not collide.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from supplygraph.graph import local_neo4j
from supplygraph.graph.config import Settings, settings
from supplygraph.graph.db import Graph, connect
from supplygraph.graph.schema import ensure_schema
from supplygraph.loaders import load_paths
from tests.helpers import SAMPLE, client_for, wipe

# A test that asks for any of these fixtures talks to Neo4j: it is marked ``neo4j`` for it, so
# ``pytest -m "not neo4j"`` runs the pure tests without starting a server.
NEO4J_FIXTURES = frozenset({"neo4j_settings", "session_graph", "graph", "sample_graph", "client"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if NEO4J_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.neo4j)


@pytest.fixture(scope="session")
def neo4j_settings() -> Iterator[Settings]:
    cfg = settings()
    if cfg.uri:
        yield cfg
        return
    data_dir = Path(tempfile.mkdtemp(prefix="supplygraph-test-neo4j-"))
    test_cfg = Settings(uri=None, user=cfg.user, password=cfg.password, database=None, local_dir=data_dir)
    local_neo4j.start(data_dir)
    os.environ["SUPPLYGRAPH_NEO4J_DIR"] = str(data_dir)
    try:
        yield test_cfg
    finally:
        local_neo4j.stop(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def session_graph(neo4j_settings: Settings) -> Iterator[Graph]:
    graph = connect(neo4j_settings)
    yield graph
    graph.close()


@pytest.fixture
def graph(session_graph: Graph) -> Graph:
    """The test database, emptied: each test loads its own data."""
    wipe(session_graph)
    ensure_schema(session_graph)
    return session_graph


@pytest.fixture
def sample_graph(graph: Graph) -> Graph:
    load_paths(graph, [SAMPLE])
    return graph


@pytest.fixture
def client(sample_graph: Graph) -> TestClient:
    """The API over the sample."""
    return client_for(sample_graph)
