"""Scoring buyer groups in worker processes, and writing big groups in several transactions, stores what one process and one transaction would."""

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


def test_a_group_with_more_pairs_than_a_transaction_holds_is_written_in_several(
    graph: Graph, tmp_path: Path, monkeypatch
) -> None:
    generate_notices(150, 5, tmp_path)
    load_paths(graph, [tmp_path])
    whole = graph.read(STORED)
    assert len(whole) > 10
    monkeypatch.setattr(incumbents, "PAIRS_PER_TRANSACTION", 2)
    written: list[int] = []
    execute_write = graph.execute_write
    monkeypatch.setattr(graph, "execute_write", lambda work, **kw: written.append(1) or execute_write(work, **kw))
    assert incumbents.refresh(graph) == len(whole)
    assert len(written) >= len(whole) / 2
    assert graph.read(STORED) == whole
