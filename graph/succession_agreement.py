"""Tower tenures and contract succession agree: a ``SUCCEEDS`` pair never contradicts a tenure succession silently.

Where both contracts of a pair rest on tenures (they hold towers at a buyer), the tenure succession
of each tower they share must have the earlier contract's tenure at or before the later one's: the
earlier holder followed, not necessarily immediately, by the later one (or carrying on). Where it is
not so, the pair's evidence names why:

- ``parallel tenures``: the later contract belongs to a tenure that began before the earlier
  contract's tenure, so the two suppliers held the tower side by side (parallel lots, a second
  supplier on the same tower): the pair says "replaced", the tenures say "alongside";
- ``tower differs``: both hold towers but share none, so no tower succession links them.

Tenures follow lineage (``with_lineage``). Pairs whose contracts rest on no tenure (open processes,
contracts with no tower or no supplier) have nothing to contradict.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from supplygraph.graph.db import Graph

PARALLEL = "parallel tenures"
TOWER_DIFFERS = "tower differs"


@dataclass
class Tenures:
    """Where each contract sits in the tenure successions: contract -> tower -> (buyer, first seq, last seq).

    A joint venture's contract rests on one tenure per supplier, so on several places of one succession.
    """

    place: dict[str, dict[str, tuple[str, int, int]]] = field(default_factory=lambda: defaultdict(dict))

    def add(self, buyer: str, tower: str, seq: int, contract_ids: Iterable[str]) -> None:
        for cid in contract_ids:
            known = self.place[cid].get(tower)
            if known is None:
                self.place[cid][tower] = (buyer, seq, seq)
            elif known[0] == buyer:
                self.place[cid][tower] = (buyer, min(known[1], seq), max(known[2], seq))


def explain(earlier: str, later: str, tenures: Tenures) -> list[str]:
    """The evidence lines a pair needs because it contradicts the tenures (empty: they agree)."""
    before, after = tenures.place.get(earlier), tenures.place.get(later)
    if not before or not after:
        return []
    shared = sorted(set(before) & set(after))
    if not shared:
        return [f"tenures: {TOWER_DIFFERS} ({', '.join(sorted(before))} before, {', '.join(sorted(after))} after)"]
    found = []
    for tower in shared:
        (buyer_a, first_a, _), (buyer_b, _, last_b) = before[tower], after[tower]
        if buyer_a == buyer_b and last_b < first_a:
            found.append(
                f"tenures: {PARALLEL} in {tower} (the later contract's tenure {last_b} began before "
                f"the earlier one's {first_a})"
            )
    return found


_ALL = """
MATCH (t:Tenure) WHERE t.with_lineage
RETURN t.buyer_id AS buyer, t.tower_id AS tower, t.seq AS seq, t.contract_ids AS contract_ids
"""
_OF_BUYERS = """
UNWIND $buyers AS bid
MATCH (:Organisation {id: bid})<-[:AT]-(t:Tenure) WHERE t.with_lineage
RETURN t.buyer_id AS buyer, t.tower_id AS tower, t.seq AS seq, t.contract_ids AS contract_ids
"""


def read_tenures(graph: Graph, buyers: Sequence[str] | None = None) -> Tenures:
    """The lineage-following tenures of ``buyers`` (all when None)."""
    if buyers is None:
        rows = graph.read(_ALL)
    else:
        rows = graph.read(_OF_BUYERS, {"buyers": list(buyers)})
    out = Tenures()
    for r in rows:
        out.add(r["buyer"], r["tower"], r["seq"], r["contract_ids"])
    return out


def check(graph: Graph) -> list[str]:
    """Every stored SUCCEEDS pair that contradicts the tenures without its evidence saying why."""
    tenures = read_tenures(graph)
    problems = []
    for r in graph.read(
        "MATCH (b:Contract)-[r:SUCCEEDS]->(a:Contract) "
        "RETURN a.id AS earlier, b.id AS later, r.evidence AS evidence ORDER BY later, earlier"
    ):
        unexplained = [x for x in explain(r["earlier"], r["later"], tenures) if x not in (r["evidence"] or [])]
        if unexplained:
            problems.append(f"unexplained {r['later']} -SUCCEEDS-> {r['earlier']}: {'; '.join(unexplained)}")
    return problems
