"""Market analytics with networkx over subgraphs pulled from Neo4j.

* the **switching network**: supplier A -> supplier B when B's tenure on a
  (buyer, tower) came right after A's, weighted by how often (from the
  ``switching-matrix`` saved query over the stored tenures, so a rename or
  merger is not a switch); in-house is a node, so insourcing shows;
* **supplier centrality** in it: switches won and lost, weighted PageRank (where
  business flows to) and betweenness (who sits between others' switches);
* each buyer's **supplier concentration** by year: on 1 July of each year, the
  share of the buyer's held towers that its largest supplier held (from the
  ``spells`` saved query, the stored tenures; contracts with no known tower
  form none, since they say nothing about how many towers there were).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from supplygraph.graph import lookup, query_library
from supplygraph.graph.db import Graph
from supplygraph.graph.errors import ParameterError
from supplygraph.graph.names import IN_HOUSE_ID

if TYPE_CHECKING:
    import networkx as nx

#: the day of the year a buyer's towers are counted on
SNAPSHOT_MONTH_DAY = (7, 1)


def switching_network(graph: Graph) -> nx.DiGraph:
    """Supplier -> successor supplier, ``weight`` = how many (buyer, tower) successions switched so."""
    import networkx as nx

    g = nx.DiGraph()
    # every pair, however many: the network is built in memory, not returned as an answer
    for r in query_library.run(graph, "switching-matrix", {"limit": 0}, max_rows=None).rows:
        for node_id, name in ((r["from_id"], r["from_name"]), (r["to_id"], r["to_name"])):
            g.add_node(node_id, name=name, in_house=node_id == IN_HOUSE_ID)
        g.add_edge(r["from_id"], r["to_id"], weight=r["switches"], examples=list(r["examples"]))
    return g


@dataclass(frozen=True)
class Centrality:
    id: str
    name: str
    won: int
    lost: int
    pagerank: float
    betweenness: float


def supplier_centrality(g: nx.DiGraph) -> list[Centrality]:
    """Each supplier's place in the switching network, most central (PageRank) first."""
    import networkx as nx

    if g.number_of_nodes() == 0:
        return []
    pagerank = nx.pagerank(g, weight="weight")
    betweenness = nx.betweenness_centrality(g, normalized=True)
    rows = [
        Centrality(
            id=n,
            name=g.nodes[n]["name"],
            won=int(g.in_degree(n, weight="weight")),
            lost=int(g.out_degree(n, weight="weight")),
            pagerank=pagerank[n],
            betweenness=betweenness[n],
        )
        for n in g.nodes
    ]
    return sorted(rows, key=lambda c: (-c.pagerank, -c.won, c.name))


@dataclass(frozen=True)
class Concentration:
    buyer_id: str
    buyer_name: str
    year: int
    towers: int
    suppliers: int
    largest: list[str]
    largest_towers: int
    share: float


def concentration(
    graph: Graph, buyer: str | None = None, from_year: int | None = None, to_year: int | None = None
) -> list[Concentration]:
    """Per buyer and year: towers held on 1 July, and the share held by the largest supplier.

    During a handover a tower has two holders and counts for both; years in
    which a buyer had no tower held are left out.
    """
    buyer_id = None if buyer is None else lookup.organisation(graph, buyer, role="buyer").id
    if from_year is not None and to_year is not None and from_year > to_year:
        raise ParameterError(f"from_year {from_year} is after to_year {to_year}")
    # without lineage: who held a tower on the day, under the name it had then
    rows = query_library.run(graph, "spells", {"follow_lineage": False}).rows
    spells = [r for r in rows if buyer_id is None or r["buyer_id"] == buyer_id]
    if not spells:
        return []
    first = from_year if from_year is not None else min(int(r["start"][:4]) for r in spells)
    last = (
        to_year if to_year is not None else max([int(r["end"][:4]) for r in spells if r["end"]] + [date.today().year])
    )
    names = {r["buyer_id"]: r["buyer_name"] for r in spells}
    supplier_names = {r["supplier_id"]: r["supplier_name"] for r in spells}
    out: list[Concentration] = []
    for b in sorted(names):
        mine = [r for r in spells if r["buyer_id"] == b]
        for year in range(first, last + 1):
            day = date(year, *SNAPSHOT_MONTH_DAY).isoformat()
            held: dict[str, set[str]] = defaultdict(set)  # supplier -> towers held on the day
            towers: set[str] = set()
            for r in mine:
                if r["start"] <= day and (r["end"] is None or day <= r["end"]):
                    held[r["supplier_id"]].add(r["tower_id"])
                    towers.add(r["tower_id"])
            if not towers:
                continue
            top = max(len(t) for t in held.values())
            largest = sorted(supplier_names[s] for s, t in held.items() if len(t) == top)
            out.append(Concentration(b, names[b], year, len(towers), len(held), largest, top, top / len(towers)))
    return out
