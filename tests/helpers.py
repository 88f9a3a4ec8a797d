"""Helpers the tests share: paths, small loads, graph fingerprints, the CLI as a subprocess."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from fastapi.testclient import TestClient

from supplygraph.api.app import create_app
from supplygraph.graph.db import Graph
from supplygraph.graph.schema import ensure_schema
from supplygraph.loaders import LoadReport, load_paths

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
DATA = ROOT / "tests" / "data"
OCDS_DATA = DATA / "ocds"
CLI = [sys.executable, "-m", "supplygraph"]

CONTRACT_HEADER = "contract_id,buyer,supplier,towers,start,end,value,currency,title,source_url\n"


def wipe(graph: Graph) -> None:
    with graph.driver.session(database=graph.database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def write_csv(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def load_contracts(graph: Graph, directory: Path, rows: str, organisations: str | None = None) -> LoadReport:
    """Load contracts given as CSV rows under the standard header (and optional organisations.csv)."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = [write_csv(directory, "contracts.csv", CONTRACT_HEADER + textwrap.dedent(rows).lstrip("\n"))]
    if organisations is not None:
        paths.append(write_csv(directory, "organisations.csv", organisations))
    return load_paths(graph, paths)


def client_for(graph: Graph) -> TestClient:
    """An HTTP client on a fresh app that uses the tests' graph (not a connection of its own)."""
    app = create_app()
    app.state.graph = graph
    return TestClient(app)


def counts(graph: Graph) -> tuple[int, int]:
    """Nodes and relationships, leaving out the graph's version (bookkeeping every write changes)."""
    nodes = graph.read("MATCH (n) WHERE NOT n:GraphVersion RETURN count(n) AS c")[0]["c"]
    rels = graph.read("MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"]
    return nodes, rels


def checksum(graph: Graph, history: bool = False) -> str:
    """A canonical dump of every node and relationship, to compare graphs exactly.

    Load times (recorded_at, superseded_at), the graph's version (a
    GraphVersion node every write changes) and the loads' coverage counts
    (Coverage nodes: what each file held, per publisher and year, a record of
    the loads like the rejects file) are bookkeeping, not facts, and are left
    out. The history layer (ContractVersion nodes: facts later corrected)
    is left out unless ``history``, with the sources that only asserted such
    facts: the same facts loaded in one go or in steps are the same graph,
    though the steps leave a history behind.
    """
    nodes = graph.read(
        "MATCH (n) WHERE NOT n:GraphVersion AND NOT n:Coverage AND ($history OR NOT (n:ContractVersion OR "
        "(n:Source AND NOT EXISTS { (:Contract)-[:SOURCED_FROM]->(n) } AND EXISTS { (:ContractVersion)-[:SOURCED_FROM]->(n) }))) "
        "RETURN labels(n) AS labels, "
        "[k IN keys(n) WHERE NOT k IN ['recorded_at', 'superseded_at', 'derived_at'] | [k, n[k]]] AS props",
        {"history": history},
    )
    rels = graph.read(
        "MATCH (a)-[r]->(b) WHERE $history OR NOT (a:ContractVersion OR b:ContractVersion) "
        "RETURN type(r) AS type, [k IN keys(r) WHERE k <> 'derived_at' | [k, r[k]]] AS props, "
        "coalesce(a.id, a.key, a.contract_id) AS a, coalesce(b.id, b.key, b.contract_id) AS b",
        {"history": history},
    )
    for n in (*nodes, *rels):
        n["props"] = dict(n["props"])
    canon = sorted(json.dumps(n, sort_keys=True, default=str) for n in nodes)
    canon += sorted(json.dumps(r, sort_keys=True, default=str) for r in rels)
    return hashlib.sha256("\n".join(canon).encode()).hexdigest()


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, cwd=cwd, env={**os.environ, **(env or {})}, timeout=300
    )


def contract(graph, contract_id: str) -> dict:
    rows = graph.read(
        "MATCH (b:Buyer)-[:AWARDED]->(c:Contract {id: $id}) "
        "OPTIONAL MATCH (c)-[:AWARDED_TO]->(s) "
        "OPTIONAL MATCH (c)-[:COVERS]->(t) "
        "OPTIONAL MATCH (c)-[:SOURCED_FROM]->(src) "
        "RETURN b.id AS buyer, b.name AS buyer_name, collect(DISTINCT s.id) AS suppliers, "
        "collect(DISTINCT s.name) AS supplier_names, collect(DISTINCT t.id) AS towers, "
        "collect(DISTINCT src.url) AS sources, properties(c) AS c",
        {"id": contract_id},
    )
    assert len(rows) == 1, f"{contract_id} not found (or found twice)"
    row = rows[0]
    row["towers"] = sorted(row["towers"])
    row["suppliers"] = sorted(row["suppliers"])
    return row


def contract_ids(graph) -> list[str]:
    return [r["id"] for r in graph.read("MATCH (c:Contract) RETURN c.id AS id ORDER BY id")]


def reset(graph) -> None:
    wipe(graph)
    ensure_schema(graph)
