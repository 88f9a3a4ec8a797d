"""The derived layer of a graph's largest buyer: how big it is, and how it is split into transactions.

``python benchmarks/largest_buyer_layer.py FOLDER`` starts the local Neo4j in FOLDER (a graph loaded
without its layers, e.g. by ``tenure_bench.py``), derives the layer of the buyer with the most
contracts, prints per kind of row how many rows, what they weigh (``tenure_store._weight``) and how
many list entries they hold, then, with ``--write``, writes that buyer's layer and times it. This is
how the cause of the tenure layer running out of transaction memory at 1M was found
(benchmarks/README.md, "At 1M").
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from supplygraph.graph import local_neo4j, tenure_store  # noqa: E402
from supplygraph.graph.config import Settings  # noqa: E402
from supplygraph.graph.db import connect  # noqa: E402

log = logging.getLogger("largest_buyer_layer")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a local Neo4j folder holding a graph without its layers")
    parser.add_argument("--write", action="store_true", help="also write that buyer's layer (changes the graph)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    uri = local_neo4j.start(args.folder)
    try:
        graph = connect(Settings(uri=uri, user="neo4j", password="neo4j", database=None, local_dir=args.folder))
        top = graph.read(
            "MATCH (b:Buyer) RETURN b.id AS id, COUNT { (b)-[:AWARDED]->(:Contract) } AS n ORDER BY n DESC LIMIT 1"
        )[0]
        began = time.perf_counter()
        derived = tenure_store.derive(graph, [top["id"]], tenure_store.read_lineage(graph), None)
        log.info("%s: %d contracts, derived in %.1f s", top["id"], top["n"], time.perf_counter() - began)
        for kind in ("tenures", "engagements", "consolidations", "succeeded_by", "resumed_by"):
            rows = getattr(derived, kind)
            entries = sum(len(v) for r in rows for v in r.values() if isinstance(v, list))
            weight = sum(tenure_store._weight(r) for r in rows)
            log.info("%-15s %7d rows, weight %10d, list entries %10d", kind, len(rows), weight, entries)
        statements = list(tenure_store._statements(derived))
        chunks = list(tenure_store._transactions(statements, tenure_store.ROWS_PER_TRANSACTION, []))
        log.info("%d statements in %d transactions", len(statements), len(chunks))
        if args.write:
            began = time.perf_counter()
            tenure_store._write(graph, derived, [], [top["id"]])
            log.info("written in %.1f s", time.perf_counter() - began)
        graph.close()
    finally:
        local_neo4j.stop(args.folder)


if __name__ == "__main__":
    main()
