"""The re-procurement pipeline: what is ending soon, and what is out to tender."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from datetime import date
from typing import Any

from supplygraph.graph import lookup, query_library
from supplygraph.graph.db import Graph
from supplygraph.graph.errors import ParameterError

MAX_MONTHS = 600


def expiring(graph: Graph, start: date, months: int = 12) -> list[dict[str, Any]]:
    """Holding contracts whose end falls in [start, start + months)."""
    if not 1 <= months <= MAX_MONTHS:
        raise ParameterError(f"months must be between 1 and {MAX_MONTHS}")
    return query_library.run(graph, "expiring", {"from": start, "months": months}).rows


def open_processes(graph: Graph, buyer: str | None = None) -> list[dict[str, Any]]:
    """Open procurement processes, optionally one buyer's (an id, name or alias)."""
    chosen = None if buyer is None else lookup.organisation(graph, buyer, role="buyer")
    return query_library.run(graph, "open-processes", {"buyer": chosen}).rows


@dataclass(frozen=True)
class Pipeline:
    """Contracts ending in a window, with their likely incumbent chains, and the filters that chose them."""

    start: date
    months: int
    buyer: lookup.Entity | None
    supplier: lookup.Entity | None
    tower: lookup.Entity | None
    contracts: list[dict[str, Any]]
    lead_time: dict[str, Any] | None  # the buyer's usual months from publishing a re-procurement to the old end


def parse_window(text: str) -> int:
    """``18m``, ``2y`` or ``18`` (months) -> months."""
    found = re.fullmatch(r"\s*(\d+)\s*([my]?)\s*", text.lower())
    if not found or int(found[1]) == 0:
        raise ParameterError(f"window {text!r}: use months (18m, or 18) or years (2y)")
    months = int(found[1]) * (12 if found[2] == "y" else 1)
    if months > MAX_MONTHS:
        raise ParameterError(f"window {text!r} is longer than {MAX_MONTHS} months")
    return months


def pipeline(
    graph: Graph,
    start: date,
    months: int = 18,
    buyer: str | None = None,
    supplier: str | None = None,
    tower: str | None = None,
) -> Pipeline:
    """Holding contracts whose latest possible end falls in [start, start + months), soonest first.

    Each carries its likely incumbent chain (the contracts it most likely replaced, best first at each
    step, up to five back) from the stored SUCCEEDS pairs; with a buyer, the buyer's usual lead time.
    """
    if not 1 <= months <= MAX_MONTHS:
        raise ParameterError(f"months must be between 1 and {MAX_MONTHS}")
    b = None if buyer is None else lookup.organisation(graph, buyer, role="buyer")
    s = None if supplier is None else lookup.organisation(graph, supplier, role="supplier")
    t = None if tower is None else lookup.tower(tower)
    params = {"from": start, "months": months, "buyer": b and b.id, "supplier": s and s.id, "tower": t and t.id}
    rows = query_library.run(graph, "pipeline", params).rows
    chains = _chains(graph, [r["contract_id"] for r in rows])
    for row in rows:
        row["incumbent_chain"] = chains.get(row["contract_id"], [])
    return Pipeline(start, months, b, s, t, rows, None if b is None else lead_time(graph, b.id))


def lead_time(graph: Graph, buyer_id: str) -> dict[str, Any] | None:
    """Median months between a buyer's open process being published and the end of the contract it replaces.

    Read from the stored SUCCEEDS pairs whose later side is a planned or open process; None when the
    buyer's history has none.
    """
    rows = graph.read(_LEAD_TIMES, {"buyer": buyer_id})
    months = sorted(round((r["end"].to_native() - r["published"].to_native()).days / 30.44, 1) for r in rows)
    if not months:
        return None
    return {"median_months": statistics.median(months), "processes": len(months)}


_LEAD_TIMES = """
MATCH (:Buyer {id: $buyer})-[:AWARDED]->(o:Contract)-[:SUCCEEDS]->(p:Contract)
WHERE o.status IN ['planned', 'open'] AND p.end IS NOT NULL
WITH o, p, head(COLLECT { MATCH (o)-[:SOURCED_FROM]->(s:Source) WHERE s.published IS NOT NULL
                          RETURN s.published ORDER BY s.published }) AS published
WHERE published IS NOT NULL
RETURN o.id AS process, p.id AS contract, published, p.end AS end
"""

_CHAIN_EDGES = """
UNWIND $ids AS id
MATCH (:Contract {id: id})-[:SUCCEEDS*0..4]->(x:Contract)-[r:SUCCEEDS]->(p:Contract)
RETURN DISTINCT x.id AS later, p.id AS earlier, r.score AS score, p.title AS title,
       toString(p.end) AS end, COLLECT { MATCH (p)-[:AWARDED_TO]->(s) RETURN s.name ORDER BY s.name } AS suppliers
"""


def _chains(graph: Graph, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """For each contract, the best predecessor, its best predecessor... (at most five, no loops)."""
    best: dict[str, dict[str, Any]] = {}
    for row in graph.read(_CHAIN_EDGES, {"ids": ids}):
        known = best.get(row["later"])
        if (
            known is None
            or row["score"] > known["score"]
            or (row["score"] == known["score"] and row["earlier"] < known["contract_id"])
        ):
            best[row["later"]] = {
                "contract_id": row["earlier"],
                "title": row["title"],
                "end": row["end"],
                "suppliers": row["suppliers"],
                "score": row["score"],
            }
    chains: dict[str, list[dict[str, Any]]] = {}
    for cid in ids:
        chain: list[dict[str, Any]] = []
        seen, at = {cid}, cid
        while at in best and len(chain) < 5 and best[at]["contract_id"] not in seen:
            chain.append(best[at])
            at = best[at]["contract_id"]
            seen.add(at)
        chains[cid] = chain
    return chains
