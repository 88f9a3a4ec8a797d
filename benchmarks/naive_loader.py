"""The baseline a loader is measured against: one MERGE statement per row, auto-committed.

This is what a first script usually does: read a row, send one statement,
wait for the answer, next row. It builds the same nodes and relationships as
``supplygraph load`` (ids from the same name resolution), so the two rates
compare like with like.
"""

from __future__ import annotations

import csv
from itertools import islice
from pathlib import Path

from supplygraph.graph.db import Graph
from supplygraph.graph.names import IN_HOUSE_ID, is_in_house, slug
from supplygraph.graph.temporal import PartialDate
from supplygraph.graph.towers import canonical_tower

ROW = """
MERGE (b:Organisation {id: $buyer_id}) ON CREATE SET b.name = $buyer
SET b:Buyer
MERGE (c:Contract {id: $id})
SET c += $props
MERGE (b)-[:AWARDED]->(c)
MERGE (src:Source {id: $source_url}) SET src.url = $source_url, src.title = $source_title
MERGE (c)-[:SOURCED_FROM]->(src)
WITH c
CALL (c) {
  UNWIND $suppliers AS s
  MERGE (o:Organisation {id: s.id}) ON CREATE SET o.name = s.name
  SET o:Supplier
  MERGE (c)-[:AWARDED_TO]->(o)
}
CALL (c) {
  UNWIND $towers AS tid
  MERGE (t:ServiceTower {id: tid})
  MERGE (c)-[:COVERS]->(t)
}
"""


def _org_id(name: str) -> str:
    if is_in_house(name):
        return IN_HOUSE_ID
    return slug(name)


def load(graph: Graph, contracts_csv: Path, limit: int) -> int:
    """Send the first ``limit`` rows one statement each; return how many were sent."""
    sent = 0
    with (
        contracts_csv.open(newline="", encoding="utf-8") as fh,
        graph.driver.session(database=graph.database) as session,
    ):
        for r in islice(csv.DictReader(fh), limit):
            start = PartialDate.parse(r["start"])
            end = PartialDate.parse(r["end"]) if r["end"] else None
            suppliers = [s for s in r["supplier"].split(";") if s]
            session.run(
                ROW,
                {
                    "id": r["contract_id"],
                    "buyer": r["buyer"],
                    "buyer_id": _org_id(r["buyer"]),
                    "source_url": r["source_url"],
                    "source_title": r["source_title"],
                    "suppliers": [{"id": _org_id(s), "name": s} for s in suppliers],
                    "towers": [canonical_tower(t).id for t in r["towers"].split(";") if t],
                    "props": {
                        "title": r["title"],
                        "status": r["status"],
                        "currency": r["currency"] or None,
                        "value": float(r["value"]) if r["value"] else None,
                        "holds": r["status"] in ("active", "complete") and bool(suppliers),
                        "start": start.first,
                        "start_precision": start.precision,
                        "start_text": start.text,
                        "end": end.last if end else None,
                        "end_precision": end.precision if end else None,
                        "end_text": end.text if end else None,
                    },
                },
            ).consume()
            sent += 1
    return sent
