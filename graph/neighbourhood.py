"""The neighbourhood of a buyer, supplier or tower on a day: what the explorer draws.

Nodes are buyers, suppliers, towers and in-house teams; edges are the holding
relations that are true on the day:

* a **holding** edge ``supplier -> buyer`` per pair, carrying every contract by
  which the supplier holds something at the buyer that day (labelled with the
  towers, short names, and the period);
* a **tower** edge ``buyer -> tower`` per tower held at the buyer that day
  (labelled with its holders), so that towers link the buyers that buy them;
* a **succession** edge ``earlier supplier -> later supplier`` per pair, when a
  holding contract most likely replaced an earlier contract of another supplier
  at the same buyer (the stored ``SUCCEEDS`` pairs, graph/incumbents.py),
  labelled with the best score and carrying each pair's evidence.

"In-house" is one organisation in the graph, but it links nothing: each
buyer's own team is drawn as its own node (``in-house:<buyer id>``), except when
in-house itself is the centre. The walk is breadth-first from the centre, one
saved query (``neighbourhood``) per node expanded, and stops adding nodes at
``max_nodes``; the answer then says ``truncated``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from supplygraph.graph import lookup, query_library
from supplygraph.graph.db import Graph
from supplygraph.graph.errors import NotFoundError, ParameterError
from supplygraph.graph.names import IN_HOUSE_ID, IN_HOUSE_NAME, text_key
from supplygraph.graph.towers import TOWERS

if TYPE_CHECKING:
    import networkx as nx

Kind = Literal["buyer", "supplier", "tower", "in-house"]
EdgeKind = Literal["holding", "tower", "succession"]

MAX_DEPTH = 3
DEFAULT_MAX_NODES = 150
MAX_NODES_LIMIT = 500
#: most holding contracts read around one node; more and the answer says it was cut
CONTRACTS_PER_NODE = 500
TOWER_PREFIX = "tower:"
IN_HOUSE_PREFIX = "in-house:"
SHORT_TOWER = {
    "hosting": "Hosting",
    "end-user-services": "EUS",
    "networks": "Networks",
    "service-integration": "SIAM",
    "application-services": "Apps",
}
NO_TOWER = "no tower given"


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: Kind
    #: the id to ask for this node's own neighbourhood (an organisation id or ``tower:<id>``)
    center: str


@dataclass(frozen=True)
class Party:
    id: str
    name: str


@dataclass(frozen=True)
class Source:
    url: str | None
    title: str | None


@dataclass(frozen=True)
class Contract:
    id: str
    title: str | None
    status: str | None
    programme: str | None
    buyer: str
    suppliers: list[Party]
    towers: list[str]
    start: str
    start_precision: str
    start_text: str | None
    end: str | None
    end_precision: str | None
    end_text: str | None
    value: float | None
    currency: str | None
    sources: list[Source]


@dataclass
class Edge:
    id: str
    source: str
    target: str
    kind: EdgeKind
    label: str
    towers: list[str]
    start: str
    start_precision: str
    end: str | None
    end_precision: str | None
    contracts: list[Contract] = field(default_factory=list)
    #: succession edges: each pair, {earlier, earlier_title, later, score, evidence}
    pairs: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Neighbourhood:
    center: Node
    as_of: date
    depth: int
    max_nodes: int
    nodes: list[Node]
    edges: list[Edge]
    truncated: bool
    #: why the answer was cut, when it was
    cut: str | None = None


def resolve_center(graph: Graph, text: str) -> Node:
    """The node a user means: an organisation or a tower by id, name or alias (or ``tower:<id>``)."""
    text = text.strip()
    if not text:
        raise ParameterError("center must name a buyer, supplier or tower")
    if text.startswith(TOWER_PREFIX):
        t = lookup.tower(text[len(TOWER_PREFIX) :])
        return Node(TOWER_PREFIX + t.id, t.name, "tower", TOWER_PREFIX + t.id)
    if text.startswith(IN_HOUSE_PREFIX):
        text = IN_HOUSE_ID
    try:
        org = lookup.organisation(graph, text)
    except NotFoundError:
        try:
            t = lookup.tower(text)
        except NotFoundError:
            raise NotFoundError("buyer, supplier or tower", text) from None
        return Node(TOWER_PREFIX + t.id, t.name, "tower", TOWER_PREFIX + t.id)
    if org.id == IN_HOUSE_ID:
        return Node(IN_HOUSE_ID, IN_HOUSE_NAME, "in-house", IN_HOUSE_ID)
    rows = query_library.run(graph, "find-organisations", {"key": org.id, "limit": 50}).rows
    is_buyer = any(r["id"] == org.id and r["buyer"] for r in rows)
    return Node(org.id, org.name, "buyer" if is_buyer else "supplier", org.id)


def neighbourhood(
    graph: Graph, center: str, as_of: date, depth: int = 1, max_nodes: int = DEFAULT_MAX_NODES
) -> Neighbourhood:
    """Buyers, suppliers and towers within ``depth`` holding hops of ``center`` on ``as_of``."""
    if not 1 <= depth <= MAX_DEPTH:
        raise ParameterError(f"depth must be 1 to {MAX_DEPTH}, got {depth}")
    if not 1 <= max_nodes <= MAX_NODES_LIMIT:
        raise ParameterError(f"max_nodes must be 1 to {MAX_NODES_LIMIT}, got {max_nodes}")
    start = resolve_center(graph, center)
    walk = _Walk(start, max_nodes)
    frontier = [start]
    for _ in range(depth):
        following: list[Node] = []
        for node in frontier:
            if walk.full:
                # past the cap, expanding more nodes could only add edges between nodes already
                # shown, at one query each: stop, and say that such edges may be missing
                walk.stop_early(node)
                break
            following += walk.expand(graph, node, as_of)
        frontier = following
    return Neighbourhood(
        center=start,
        as_of=as_of,
        depth=depth,
        max_nodes=max_nodes,
        nodes=list(walk.nodes.values()),
        edges=[walk.finish(e) for e in walk.edges.values()],
        truncated=walk.cut is not None,
        cut=walk.cut,
    )


class _Walk:
    """The nodes and edges met so far, and whether the cap cut anything."""

    def __init__(self, center: Node, max_nodes: int) -> None:
        self.center = center
        self.max_nodes = max_nodes
        self.nodes: dict[str, Node] = {center.id: center}
        self.edges: dict[str, Edge] = {}
        self.cut: str | None = None

    def expand(self, graph: Graph, node: Node, as_of: date) -> list[Node]:
        """Add the edges at ``node`` and return the nodes first met through them."""
        if node.kind == "in-house" and node.id != IN_HOUSE_ID:
            return []  # a buyer's own team: its only neighbour is its buyer
        if node.kind == "tower":
            params = {"center": node.id[len(TOWER_PREFIX) :], "kind": "tower"}
        else:
            params = {"center": node.center, "kind": "organisation"}
        rows = query_library.run(
            graph, "neighbourhood", {**params, "as_of": as_of, "limit": CONTRACTS_PER_NODE + 1}
        ).rows
        if len(rows) > CONTRACTS_PER_NODE:
            rows = rows[:CONTRACTS_PER_NODE]
            self._cut(
                f"{node.label} has more than {CONTRACTS_PER_NODE} holding contracts on the day; "
                f"the first {CONTRACTS_PER_NODE} by start are shown"
            )
        met: list[Node] = []
        for row in rows:
            contract = _contract(row)
            buyer = Node(row["buyer_id"], row["buyer_name"], "buyer", row["buyer_id"])
            suppliers = [self._supplier_node(s, row["buyer_id"]) for s in row["suppliers"]]
            towers = [Node(TOWER_PREFIX + t["id"], t["name"], "tower", TOWER_PREFIX + t["id"]) for t in row["towers"]]
            if node.kind == "tower":
                pairs = [(buyer, node)]
            elif node.id == buyer.id:
                pairs = [(s, buyer) for s in suppliers] + [(buyer, t) for t in towers]
            else:
                pairs = [(s, buyer) for s in suppliers if s.id == node.id]
            for source, target in pairs:
                other = target if source.id == node.id else source
                if other.id not in self.nodes:
                    if len(self.nodes) >= self.max_nodes:
                        self._cut(f"more than {self.max_nodes} nodes: the walk stopped adding nodes there")
                        continue
                    self.nodes[other.id] = other
                    met.append(other)
                self._add(source, target, contract)
            for earlier in row.get("replaces") or []:
                for later in suppliers:
                    for before in (self._supplier_node(p, row["buyer_id"]) for p in earlier["suppliers"]):
                        if before.id == later.id or later.id not in self.nodes:
                            continue
                        if before.id not in self.nodes:
                            if len(self.nodes) >= self.max_nodes:
                                self._cut(f"more than {self.max_nodes} nodes: the walk stopped adding nodes there")
                                continue
                            self.nodes[before.id] = before
                        self._succession(before, later, contract, earlier)
        return met

    def _succession(self, before: Node, later: Node, contract: Contract, earlier: dict[str, Any]) -> None:
        edge_id = f"succession:{before.id}->{later.id}"
        edge = self.edges.get(edge_id)
        if edge is None:
            edge = self.edges[edge_id] = Edge(
                edge_id,
                before.id,
                later.id,
                "succession",
                "",
                [],
                contract.start,
                contract.start_precision,
                contract.end,
                contract.end_precision,
            )
        pair = {
            "earlier": earlier["contract_id"],
            "earlier_title": earlier["title"],
            "later": contract.id,
            "score": earlier["score"],
            "evidence": list(earlier["evidence"] or []),
        }
        if pair not in edge.pairs:
            edge.pairs.append(pair)
        if all(c.id != contract.id for c in edge.contracts):
            edge.contracts.append(contract)

    def _supplier_node(self, supplier: dict[str, Any], buyer_id: str) -> Node:
        if supplier["id"] != IN_HOUSE_ID:
            return Node(supplier["id"], supplier["name"], "supplier", supplier["id"])
        if self.center.id == IN_HOUSE_ID:
            return self.center
        return Node(IN_HOUSE_PREFIX + buyer_id, IN_HOUSE_NAME, "in-house", IN_HOUSE_ID)

    def _add(self, source: Node, target: Node, contract: Contract) -> None:
        kind: EdgeKind = "tower" if target.kind == "tower" else "holding"
        edge_id = f"{kind}:{source.id}->{target.id}"
        edge = self.edges.get(edge_id)
        if edge is None:
            edge = self.edges[edge_id] = Edge(
                edge_id,
                source.id,
                target.id,
                kind,
                "",
                [],
                contract.start,
                contract.start_precision,
                contract.end,
                contract.end_precision,
            )
        if all(c.id != contract.id for c in edge.contracts):
            edge.contracts.append(contract)

    def finish(self, edge: Edge) -> Edge:
        """Fill in an edge's towers, period and label from its contracts."""
        edge.contracts.sort(key=lambda c: (c.start, c.id))
        first = edge.contracts[0]
        edge.start, edge.start_precision = first.start, first.start_precision
        ongoing = [c for c in edge.contracts if c.end is None]
        if ongoing:
            edge.end, edge.end_precision = None, None
        else:
            last = max(edge.contracts, key=lambda c: (c.end or "", c.id))
            edge.end, edge.end_precision = last.end, last.end_precision
        period = f"{period_text(edge.start, edge.start_precision)}–{period_text(edge.end, edge.end_precision)}"
        if edge.kind == "succession":
            edge.pairs.sort(key=lambda p: (-p["score"], p["earlier"], p["later"]))
            edge.towers = sorted({t for c in edge.contracts for t in c.towers})
            edge.label = f"replaced ({edge.pairs[0]['score']:.2f})"
        elif edge.kind == "holding":
            order = {t.id: i for i, t in enumerate(TOWERS)}
            edge.towers = sorted({t for c in edge.contracts for t in c.towers}, key=lambda t: order.get(t, 99))
            names = ", ".join(SHORT_TOWER.get(t, t) for t in edge.towers) or NO_TOWER
            edge.label = f"{names}\n{period}"
        else:
            edge.towers = [edge.target[len(TOWER_PREFIX) :]]
            holders = sorted({s.name for c in edge.contracts for s in c.suppliers})
            edge.label = f"{', '.join(holders)}\n{period}"
        return edge

    @property
    def full(self) -> bool:
        return len(self.nodes) >= self.max_nodes

    def stop_early(self, node: Node) -> None:
        self._cut(
            f"more than {self.max_nodes} nodes: the walk stopped at {node.label}, "
            "so edges between the nodes shown may be missing too"
        )

    def _cut(self, why: str) -> None:
        if self.cut is None:
            self.cut = why


def period_text(day: str | None, precision: str | None) -> str:
    """A period end as precisely as the source gave it: ``1990s``, ``2015``, ``2021-03``, a day, or ``now``."""
    if day is None:
        return "now"
    if precision == "decade":
        return day[:3] + "0s"
    if precision == "year":
        return day[:4]
    if precision == "month":
        return day[:7]
    return day


def _contract(row: dict[str, Any]) -> Contract:
    return Contract(
        id=row["contract_id"],
        title=row["title"],
        status=row["status"],
        programme=row["programme"],
        buyer=row["buyer_id"],
        suppliers=sorted((Party(s["id"], s["name"]) for s in row["suppliers"]), key=lambda p: p.id),
        towers=sorted(t["id"] for t in row["towers"]),
        start=row["start"],
        start_precision=row["start_precision"],
        start_text=row["start_text"],
        end=row["end"],
        end_precision=row["end_precision"],
        end_text=row["end_text"],
        value=row["value"],
        currency=row["currency"],
        sources=sorted(
            (Source(s["url"], s["title"]) for s in row["sources"]), key=lambda s: (s.url or "", s.title or "")
        ),
    )


@dataclass(frozen=True)
class Suggestion:
    id: str
    name: str
    kind: Kind
    #: the name or alias the text matched, when it is not the name
    matched: str | None


def search(graph: Graph, text: str, limit: int = 10) -> list[Suggestion]:
    """Buyers, suppliers and towers whose name, id or alias starts with ``text``: the search box's suggestions."""
    key = text_key(text)
    if not key:
        return []
    suggestions: list[Suggestion] = []
    for t in TOWERS:
        names = (t.name, t.id, *t.aliases)
        hit = next((n for n in names if text_key(n).startswith(key)), None)
        if hit is not None:
            suggestions.append(Suggestion(TOWER_PREFIX + t.id, t.name, "tower", None if hit == t.name else hit))
    rows = query_library.run(graph, "find-organisations", {"key": key, "limit": limit}).rows
    orgs: list[Suggestion] = []
    for r in rows:
        kind: Kind = "in-house" if r["id"] == IN_HOUSE_ID else ("buyer" if r["buyer"] else "supplier")
        matched = None
        if not text_key(r["name"]).startswith(key):
            matched = next((a for a in (r["aliases"] or []) if text_key(a).startswith(key)), None)
        orgs.append(Suggestion(r["id"], r["name"], kind, matched))
    return (orgs + suggestions)[:limit]


def to_networkx(result: Neighbourhood) -> nx.DiGraph:
    """The neighbourhood as a networkx DiGraph: node and edge attributes as in the JSON answer."""
    import networkx as nx

    g = nx.DiGraph(
        center=result.center.id, as_of=result.as_of.isoformat(), depth=result.depth, truncated=result.truncated
    )
    for n in result.nodes:
        g.add_node(n.id, label=n.label, kind=n.kind, center=n.center)
    for e in result.edges:
        g.add_edge(
            e.source,
            e.target,
            id=e.id,
            kind=e.kind,
            label=e.label,
            towers=list(e.towers),
            start=e.start,
            start_precision=e.start_precision,
            end=e.end,
            end_precision=e.end_precision,
            contracts=[asdict(c) for c in e.contracts],
            pairs=list(e.pairs),
        )
    return g
