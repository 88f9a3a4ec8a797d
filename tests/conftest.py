"""Tests run against a real Neo4j: NEO4J_URI when set, else a local one of their own.

The local test server lives in a fresh temporary directory on a free port, so
it never touches the user's .neo4j/ and parallel runs do not collide.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app

from graph import local_neo4j
from graph.config import Settings, settings
from graph.db import Graph, connect
from graph.schema import ensure_schema
from loaders import LoadReport, load_paths

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
SHARED = ROOT.parent / "shared"


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


def wipe(graph: Graph) -> None:
    with graph.driver.session(database=graph.database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


@pytest.fixture
def graph(session_graph: Graph) -> Graph:
    """The test database, emptied: each test loads its own data."""
    wipe(session_graph)
    ensure_schema(session_graph)
    return session_graph


def write_csv(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


CONTRACT_HEADER = "contract_id,buyer,supplier,towers,start,end,value,currency,title,source_url\n"


def load_contracts(graph: Graph, directory: Path, rows: str, organisations: str | None = None) -> LoadReport:
    """Load contracts given as CSV rows under the standard header (and optional organisations.csv)."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = [write_csv(directory, "contracts.csv", CONTRACT_HEADER + textwrap.dedent(rows).lstrip("\n"))]
    if organisations is not None:
        paths.append(write_csv(directory, "organisations.csv", organisations))
    return load_paths(graph, paths)


@pytest.fixture
def sample_graph(graph: Graph) -> Graph:
    load_paths(graph, [SAMPLE])
    return graph


def client_for(graph: Graph) -> TestClient:
    """An HTTP client on a fresh app that uses the tests' graph (not a connection of its own)."""
    app = create_app()
    app.state.graph = graph
    return TestClient(app)


@pytest.fixture
def client(sample_graph: Graph) -> TestClient:
    """The API over the sample."""
    return client_for(sample_graph)


def counts(graph: Graph) -> tuple[int, int]:
    nodes = graph.read("MATCH (n) RETURN count(n) AS c")[0]["c"]
    rels = graph.read("MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"]
    return nodes, rels


def checksum(graph: Graph, history: bool = False) -> str:
    """A canonical dump of every node and relationship, to compare graphs exactly.

    Load times (recorded_at, superseded_at) are bookkeeping, not facts, and are
    left out. The history layer (ContractVersion nodes: facts later corrected)
    is left out unless ``history``, with the sources that only asserted such
    facts: the same facts loaded in one go or in steps are the same graph,
    though the steps leave a history behind.
    """
    import hashlib
    import json

    nodes = graph.read(
        "MATCH (n) WHERE $history OR NOT (n:ContractVersion OR "
        "(n:Source AND NOT EXISTS { (:Contract)-[:SOURCED_FROM]->(n) } AND EXISTS { (:ContractVersion)-[:SOURCED_FROM]->(n) })) "
        "RETURN labels(n) AS labels, "
        "[k IN keys(n) WHERE NOT k IN ['recorded_at', 'superseded_at'] | [k, n[k]]] AS props",
        {"history": history},
    )
    rels = graph.read(
        "MATCH (a)-[r]->(b) WHERE $history OR NOT (a:ContractVersion OR b:ContractVersion) "
        "RETURN type(r) AS type, properties(r) AS props, "
        "coalesce(a.id, a.key, a.contract_id) AS a, coalesce(b.id, b.key, b.contract_id) AS b",
        {"history": history},
    )
    for n in nodes:
        n["props"] = dict(n["props"])
    canon = sorted(json.dumps(n, sort_keys=True, default=str) for n in nodes)
    canon += sorted(json.dumps(r, sort_keys=True, default=str) for r in rels)
    return hashlib.sha256("\n".join(canon).encode()).hexdigest()
