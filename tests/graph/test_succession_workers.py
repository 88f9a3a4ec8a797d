"""Scoring buyer groups in worker processes stores exactly what scoring them here stores."""

from __future__ import annotations

from pathlib import Path

from supplygraph.graph import incumbents
from supplygraph.graph.db import Graph
from supplygraph.loaders import load_paths
from supplygraph.loaders.synthetic_notices import generate_notices

STORED = (
    "MATCH (b:Contract)-[r:SUCCEEDS]->(a:Contract) "
    "RETURN a.id AS earlier, b.id AS later, r.score AS score, r.evidence AS evidence ORDER BY later, earlier"
)


def test_workers_store_the_same_pairs_scores_and_evidence(graph: Graph, tmp_path: Path, monkeypatch) -> None:
    generate_notices(400, 5, tmp_path)  # several buyers, one renamed mid-history: groups of one and of two
    load_paths(graph, [tmp_path])
    here = graph.read(STORED)
    assert len(here) > 50

    monkeypatch.setattr(incumbents, "WORKERS", 2)
    pools = []
    start = incumbents._context
    monkeypatch.setattr(incumbents, "_context", lambda: pools.append("started") or start())
    graph.write("MATCH ()-[r:SUCCEEDS]->() DELETE r")
    stored = incumbents.refresh(graph, parallel_from=0)

    assert pools == ["started"]
    assert stored == len(here)
    assert graph.read(STORED) == here
    assert incumbents.check(graph) == []
