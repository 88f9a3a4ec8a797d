"""The stored tenure layer: derive it from contracts and lineage, write it, keep it current, check it.

Per buyer and tower, each spell of :mod:`supplygraph.graph.tenure` is a ``(:Tenure)``;
per buyer, each period in which a supplier held anything there (any tower or
none) is an ``(:Engagement)``. Both variants of the rule are stored: where
lineage changes nothing (most pairs) one set serves both (``with_lineage`` and
``without_lineage`` true); otherwise each variant has its own set. Every write
command ends with :func:`refresh` on what it touched; ``supplygraph check`` runs
:func:`check`. See docs/model.md.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any, TypeVar

from neo4j import ManagedTransaction

from supplygraph.graph import consolidation, layer_diff, tenure
from supplygraph.graph.db import Batch, Graph
from supplygraph.graph.names import IN_HOUSE_ID

log = logging.getLogger(__name__)

#: buyers derived (and written in one transaction) at a time: at most this many buyers...
BUYERS_PER_BATCH = 200
#: ... and at most this many contracts (a buyer with more is a batch of its own): a transaction's memory stays
#: bounded (at 100k contracts, 200 buyers in one transaction ran past Neo4j's transaction memory limit)
CONTRACTS_PER_BATCH = 5000
#: ids looked up at a time when finding what a write touched
IDS_PER_BATCH = 2000
#: rows per UNWIND statement when writing the layer
ROWS_PER_STATEMENT = 5000
#: what one write transaction creates at most, nodes and links (:func:`_weight`): a buyer whose layer is bigger is
#: written in several (at 1M generated contracts, one buyer's layer ran past Neo4j's 2.8 GiB of transaction memory)
ROWS_PER_TRANSACTION = 50_000

Pair = tuple[str, str]  # (buyer id, tower id)
T = TypeVar("T")


@dataclass
class Touched:
    """What a write changed: buyer x tower pairs (their tenures) and buyers (their engagements)."""

    pairs: set[Pair] = field(default_factory=set)
    buyers: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.pairs or self.buyers)

    def __ior__(self, other: Touched) -> Touched:
        self.pairs |= other.pairs
        self.buyers |= other.buyers
        return self

    def add(self, buyer: str | None, towers: Iterable[str | None] = ()) -> None:
        if buyer is None:
            return
        self.buyers.add(buyer)
        self.pairs.update((buyer, t) for t in towers if t is not None)


@dataclass(frozen=True)
class Statement:
    """One statement of a layer write, with what it creates (:func:`_weight` of its rows; 0 for a drop)."""

    query: str
    params: dict[str, Any]
    weight: int


@dataclass
class Derived:
    """One buyer's layer as the rule gives it: node rows and the links between them."""

    tenures: list[dict[str, Any]] = field(default_factory=list)
    engagements: list[dict[str, Any]] = field(default_factory=list)
    succeeded_by: list[dict[str, Any]] = field(default_factory=list)
    resumed_by: list[dict[str, Any]] = field(default_factory=list)
    consolidations: list[dict[str, Any]] = field(default_factory=list)


def refresh(graph: Graph, touched: Touched) -> int:
    """Re-derive the tenures of the touched pairs and the engagements of the touched buyers; returns nodes written."""
    if not touched:
        return 0
    lineage = read_lineage(graph)
    pairs_by_buyer: dict[str, set[str]] = defaultdict(set)
    for b, t in touched.pairs:
        pairs_by_buyer[b].add(t)
    buyers = sorted(touched.buyers | set(pairs_by_buyer))
    written = 0
    batches = (
        (batch, derive(graph, batch, lineage, {b: pairs_by_buyer.get(b, set()) for b in batch}))
        for batch in _batches(graph, buyers)
    )
    for batch, derived in _ahead(batches):
        pairs = [[b, t] for b in batch for t in sorted(pairs_by_buyer.get(b, ()))]
        engaged = [b for b in batch if b in touched.buyers or b in pairs_by_buyer]
        _write(graph, derived, pairs, engaged)
        written += len(derived.tenures) + len(derived.engagements)
    log.info("tenure layer: %d buyers, %d pairs re-derived, %d nodes written", len(buyers), len(touched.pairs), written)
    return written


def refresh_all(graph: Graph) -> int:
    """Drop the whole layer and derive it again from every buyer's contracts."""
    drop_all(graph)
    lineage = read_lineage(graph)
    written = 0
    for derived in _ahead(
        derive(graph, batch, lineage, None) for batch in _batches(graph, _buyers_with_contracts(graph))
    ):
        _write(graph, derived, [], [])
        written += len(derived.tenures) + len(derived.engagements)
    return written


def drop_all(graph: Graph) -> None:
    """Delete every tenure, engagement and consolidation (the first step of :func:`refresh_all`)."""
    with graph.driver.session(database=graph.database) as session:  # batched deletes need an auto-commit query
        session.run(
            "MATCH (t:Tenure|Engagement|Consolidation) CALL (t) { DETACH DELETE t } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


def check(graph: Graph) -> list[str]:
    """Derive everything again and list how the stored layer differs from it (empty: it is current)."""
    lineage = read_lineage(graph)
    stored_buyers = [r["b"] for r in graph.read("MATCH (t:Tenure|Engagement) RETURN DISTINCT t.buyer_id AS b")]
    buyers = sorted(set(_buyers_with_contracts(graph)) | set(stored_buyers))
    differences: list[str] = []
    for batch in _batches(graph, buyers):
        derived = derive(graph, batch, lineage, None)
        differences += layer_diff.differences(_canonical(derived), _canonical(read_stored(graph, batch)))
    return differences


def derive(graph: Graph, buyers: Sequence[str], lineage: tenure.Lineage, towers: dict[str, set[str]] | None) -> Derived:
    """The layer for ``buyers`` (only the ``towers`` given per buyer; None: every tower)."""
    contracts = _read_contracts(graph, buyers)
    out = Derived()
    for b in buyers:
        mine = contracts.get(b, [])
        wanted = None if towers is None else towers.get(b, set())
        per_tower: dict[str, list[tenure.Holding]] = defaultdict(list)
        engaged: list[tenure.Holding] = []
        for c in mine:
            tower_names = tuple(sorted(name for _, name in c["towers"]))
            for sid, sname in c["suppliers"]:
                h = _holding(c, sid, sname)
                for tid, _ in c["towers"]:
                    if wanted is None or tid in wanted:
                        per_tower[tid].append(h)
                if sid != IN_HOUSE_ID:
                    engaged.append(_holding(c, sid, sname, tower_names))
        for tid in sorted(per_tower):
            _add_succession(out, b, tid, per_tower[tid], lineage)
        _add_engagements(out, b, engaged, lineage)
        _add_consolidations(out, b, mine)
    return out


def read_lineage(graph: Graph) -> tenure.Lineage:
    rows = graph.read(
        "MATCH (a:Organisation)-[r:BECAME]->(b:Organisation) WHERE r.kind IN $kinds "
        "RETURN a.id AS source, b.id AS target, r.date AS day",
        {"kinds": list(tenure.FOLLOWED_KINDS)},
    )
    return tenure.Lineage(tenure.Event(r["source"], r["target"], _native(r["day"])) for r in rows)


def read_stored(graph: Graph, buyers: Sequence[str]) -> Derived:
    """The stored layer of ``buyers``, in the shape :func:`derive` gives (for comparing)."""
    rows = graph.read(
        """
        UNWIND $buyers AS bid
        MATCH (:Organisation {id: bid})<-[:AT]-(t:Tenure|Engagement)
        RETURN t:Tenure AS is_tenure, properties(t) AS props,
               COLLECT { MATCH (o:Organisation)-[h:HELD]->(t) RETURN o.id ORDER BY h.order } AS held,
               COLLECT { MATCH (t)-[:RESTS_ON]->(c:Contract) RETURN c.id ORDER BY c.id } AS rests_on,
               COLLECT { MATCH (t)-[:OF]->(tw:ServiceTower) RETURN tw.id } AS of,
               [(t)-[r:SUCCEEDED_BY]->(n) | {from: t.key, to: n.key, gap_days: r.gap_days, change: r.change}] AS next,
               [(t)-[r:RESUMED_BY]->(n) | {from: t.key, to: n.key, gap_days: r.gap_days}] AS resumed
        """,
        {"buyers": list(buyers)},
    )
    out = Derived()
    for r in rows:
        props = {k: _native(v) for k, v in r["props"].items() if k != "derived_at"}
        # what the links say must agree with the properties: compare them as if properties
        props["_held"] = r["held"]
        props["_rests_on"] = r["rests_on"]
        props["_of"] = r["of"]
        (out.tenures if r["is_tenure"] else out.engagements).append(props)
        out.succeeded_by.extend(r["next"])
        out.resumed_by.extend(r["resumed"])
    for r in graph.read(
        """
        UNWIND $buyers AS bid
        MATCH (:Organisation {id: bid})<-[:AT]-(x:Consolidation)
        RETURN properties(x) AS props, [(x)-[:AROUND]->(c:Contract) | c.id] AS around
        """,
        {"buyers": list(buyers)},
    ):
        props = {k: _native(v) for k, v in r["props"].items() if k != "derived_at"}
        props["_around"] = r["around"]
        out.consolidations.append(props)
    return out


def touched_by_contracts(graph: Graph, contract_ids: Iterable[str]) -> Touched:
    """The pairs and buyers of these contracts now, and those of the tenures resting on them."""
    touched = Touched()
    for ids in _chunks(list(contract_ids), IDS_PER_BATCH):
        for r in graph.read(
            """
            UNWIND $ids AS cid
            MATCH (c:Contract {id: cid})
            RETURN [(b:Organisation)-[:AWARDED]->(c) | b.id] AS buyers,
                   [(c)-[:COVERS]->(t:ServiceTower) | t.id] AS towers,
                   [(t:Tenure|Engagement)-[:RESTS_ON]->(c) | [t.buyer_id, t.tower_id]] AS stored
            """,
            {"ids": ids},
        ):
            for b in r["buyers"]:
                touched.add(b, r["towers"])
            for b, t in r["stored"]:
                touched.add(b, [t])
    return touched


def touched_by_organisations(graph: Graph, org_ids: Iterable[str], lineage: tenure.Lineage | None = None) -> Touched:
    """Everything these organisations (and those linked to them by lineage) held or hold, as suppliers or buyers."""
    lineage = lineage if lineage is not None else read_lineage(graph)
    touched = Touched()
    for ids in _chunks(sorted(lineage.component(org_ids)), IDS_PER_BATCH):
        for r in graph.read(
            """
            UNWIND $ids AS oid
            MATCH (o:Organisation {id: oid})
            CALL (o) {
              MATCH (o)<-[:AWARDED_TO]-(c:Contract)<-[:AWARDED]-(b:Organisation)
              RETURN b.id AS buyer, [(c)-[:COVERS]->(t:ServiceTower) | t.id] AS towers
              UNION
              MATCH (o)-[:HELD]->(t:Tenure|Engagement)
              RETURN t.buyer_id AS buyer, [t.tower_id] AS towers
              UNION
              MATCH (o)-[:AWARDED]->(c:Contract)
              RETURN o.id AS buyer, [(c)-[:COVERS]->(t:ServiceTower) | t.id] AS towers
              UNION
              MATCH (t:Tenure {buyer_id: o.id})
              RETURN o.id AS buyer, [t.tower_id] AS towers
            }
            RETURN buyer, towers
            """,
            {"ids": ids},
        ):
            touched.add(r["buyer"], r["towers"])
    return touched


# --- derivation ------------------------------------------------------------------


def _holding(c: dict[str, Any], sid: str, sname: str, towers: tuple[str, ...] = ()) -> tenure.Holding:
    return tenure.Holding(
        contract_id=c["id"],
        start=c["start"],
        start_precision=c["start_precision"],
        end=c["end"],
        end_precision=c["end_precision"],
        supplier_id=sid,
        supplier_name=sname,
        towers=towers,
    )


def _variants(holdings: list[tenure.Holding], lineage: tenure.Lineage) -> list[tuple[str, list[tenure.Spell]]]:
    """('both', spells) when lineage changes nothing here, else ('lineage', ...) and ('plain', ...)."""
    plain = tenure.spells(holdings)
    if not lineage or not any(lineage.knows(h.supplier_id) for h in holdings):
        return [("both", plain)]
    followed = tenure.spells(holdings, lineage)
    if [_spell_facts(s) for s in followed] == [_spell_facts(s) for s in plain]:
        return [("both", plain)]
    return [("lineage", followed), ("plain", plain)]


def _spell_facts(s: tenure.Spell) -> tuple[Any, ...]:
    return (
        s.start,
        s.end,
        s.start_precision,
        s.end_precision,
        s.holder_id,
        s.first_id,
        s.ids,
        s.forerunners,
        s.contract_ids,
        s.towers,
    )


def _props(key: str, buyer: str, variant: str, seq: int, s: tenure.Spell) -> dict[str, Any]:
    return {
        "key": key,
        "buyer_id": buyer,
        "with_lineage": variant in ("both", "lineage"),
        "without_lineage": variant in ("both", "plain"),
        "seq": seq,
        "holder_id": s.holder_id,
        "first_id": s.first_id,
        "held_by": list(s.ids),
        "forerunners": list(s.forerunners),
        "from": s.start,
        "from_precision": s.start_precision,
        "to": s.end,
        "to_precision": s.end_precision,
        "contract_ids": list(s.contract_ids),
    }


def _add_succession(
    out: Derived, buyer: str, tower: str, holdings: list[tenure.Holding], lineage: tenure.Lineage
) -> None:
    for variant, ordered in _variants(holdings, lineage):
        keys = [f"{buyer}|{tower}|{variant}|{i + 1}" for i in range(len(ordered))]
        for i, s in enumerate(ordered):
            out.tenures.append({**_props(keys[i], buyer, variant, i + 1, s), "tower_id": tower})
        for i in range(len(ordered) - 1):
            prev, nxt = ordered[i], ordered[i + 1]
            out.succeeded_by.append(
                {
                    "from": keys[i],
                    "to": keys[i + 1],
                    "gap_days": tenure.gap_days(prev, nxt),
                    "change": not prev.continued_by(nxt),
                }
            )


def _add_engagements(out: Derived, buyer: str, holdings: list[tenure.Holding], lineage: tenure.Lineage) -> None:
    for variant, ordered in _variants(holdings, lineage):
        keys = {id(s): f"{buyer}|*|{variant}|{i + 1}" for i, s in enumerate(ordered)}
        for i, s in enumerate(ordered):
            out.engagements.append({**_props(keys[id(s)], buyer, variant, i + 1, s), "towers": list(s.towers)})
        for before, after, gap in tenure.resumptions(ordered):
            out.resumed_by.append({"from": keys[id(before)], "to": keys[id(after)], "gap_days": gap})


def _add_consolidations(out: Derived, buyer: str, contracts: list[dict[str, Any]]) -> None:
    deals = [
        consolidation.Deal(
            c["id"], c["start"], c["end"], tuple(map(tuple, c["towers"])), tuple(map(tuple, c["suppliers"]))
        )
        for c in contracts
    ]
    for x in consolidation.consolidations(deals):
        out.consolidations.append(
            {
                "key": f"{buyer}|{x.contract_id}|{x.kind}",
                "buyer_id": buyer,
                "contract_id": x.contract_id,
                "kind": x.kind,
                "day": x.day,
                "towers": list(x.towers),
                "other_holders": list(x.other_holders),
                "other_ids": list(x.other_ids),
                "other_names": list(x.other_names),
            }
        )


def _read_contracts(graph: Graph, buyers: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    rows = graph.read(
        """
        UNWIND $buyers AS bid
        MATCH (:Organisation {id: bid})-[:AWARDED]->(c:Contract)
        WHERE c.holds
        RETURN bid AS buyer, c.id AS id, c.start AS start, c.start_precision AS start_precision,
               c.end AS end, c.end_precision AS end_precision,
               [(c)-[:COVERS]->(t:ServiceTower) | [t.id, t.name]] AS towers,
               COLLECT { MATCH (c)-[:AWARDED_TO]->(s:Organisation) RETURN [s.id, s.name] ORDER BY s.name, s.id }
                 AS suppliers
        """,
        {"buyers": list(buyers)},
    )
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        r["start"], r["end"] = _native(r["start"]), _native(r["end"])
        out[r["buyer"]].append(r)
    return out


def _buyers_with_contracts(graph: Graph) -> list[str]:
    return [
        r["id"]
        for r in graph.read(
            "MATCH (b:Organisation:Buyer) WHERE EXISTS { (b)-[:AWARDED]->(:Contract) } RETURN b.id AS id ORDER BY id"
        )
    ]


# --- writing ---------------------------------------------------------------------

_DROP_PAIRS = """
UNWIND $pairs AS p
MATCH (t:Tenure {buyer_id: p[0], tower_id: p[1]})
DETACH DELETE t
"""
# by the buyer_id property, not the AT link: after an orgs merge the buyer may be gone or its links moved
_DROP_BUYERS = """
UNWIND $buyers AS bid
CALL (bid) {
  MATCH (e:Engagement {buyer_id: bid}) DETACH DELETE e
}
CALL (bid) {
  MATCH (x:Consolidation {buyer_id: bid}) DETACH DELETE x
}
"""
# one statement per label: each node with all its links, looked up by id, never by the new node's key
_CREATE = """
UNWIND $rows AS row
MATCH (b:Organisation {id: row.buyer_id})
CREATE (t:%s)
SET t = row, t.derived_at = datetime.transaction()
CREATE (t)-[:AT]->(b)
WITH t, row
CALL (t, row) {
  MATCH (tower:ServiceTower {id: row.tower_id})
  CREATE (t)-[:OF]->(tower)
}
CALL (t, row) {
  UNWIND range(0, size(row.held_by) - 1) AS i
  MATCH (o:Organisation {id: row.held_by[i]})
  CREATE (o)-[:HELD {order: i}]->(t)
}
CALL (t, row) {
  UNWIND row.contract_ids AS cid
  WITH DISTINCT cid
  MATCH (c:Contract {id: cid})
  CREATE (t)-[:RESTS_ON]->(c)
}
"""
_CREATE_CONSOLIDATIONS = """
UNWIND $rows AS row
MATCH (b:Organisation {id: row.buyer_id}), (c:Contract {id: row.contract_id})
CREATE (x:Consolidation)
SET x = row, x.derived_at = datetime.transaction()
CREATE (b)<-[:AT]-(x)-[:AROUND]->(c)
"""
_LINK = """
UNWIND $links AS l
MATCH (a:%s {key: l.from}), (n:%s {key: l.to})
CREATE (a)-[r:%s]->(n)
SET r = l.props
"""


def _write(graph: Graph, derived: Derived, pairs: list[list[str]], buyers: list[str]) -> None:
    """Drop the stale tenures of ``pairs`` and engagements and consolidations of ``buyers``, write ``derived``.

    In one transaction when it creates at most :data:`ROWS_PER_TRANSACTION` nodes and links, so a
    reader sees the old layer or the new one. A bigger one (a buyer with tens of thousands of
    contracts) is written in several, in order: drops and the first nodes, the other nodes, then the
    links. A reader may then see it half written for that while; one transaction would run out of
    Neo4j's transaction memory (at 1M generated contracts, 2.8 GiB for one buyer's 54k contracts).
    """
    first: list[Statement] = []
    if pairs:
        first.append(Statement(_DROP_PAIRS, {"pairs": Batch(pairs)}, 0))
    if buyers:
        first.append(Statement(_DROP_BUYERS, {"buyers": buyers}, 0))
    for chunk in _transactions(_statements(derived), ROWS_PER_TRANSACTION, first):
        graph.execute_write(partial(_run_all, statements=chunk))


def _statements(derived: Derived) -> Iterator[Statement]:
    """The statements that write ``derived``: nodes first, then the links between them; each of at most
    :data:`ROWS_PER_STATEMENT` rows and (but for one row that has more) :data:`ROWS_PER_TRANSACTION` weight."""
    for label, rows in (("Tenure", derived.tenures), ("Engagement", derived.engagements)):
        for batch, weight in _weighed(rows):
            yield Statement(_CREATE % label, {"rows": Batch(batch)}, weight)
    for batch, weight in _weighed(derived.consolidations):
        yield Statement(_CREATE_CONSOLIDATIONS, {"rows": Batch(batch)}, weight)
    for label, rel, links in (
        ("Tenure", "SUCCEEDED_BY", derived.succeeded_by),
        ("Engagement", "RESUMED_BY", derived.resumed_by),
    ):
        params = [
            {"from": x["from"], "to": x["to"], "props": {k: v for k, v in x.items() if k not in ("from", "to")}}
            for x in links
        ]
        for batch, weight in _weighed(params):
            yield Statement(_LINK % (label, label, rel), {"links": Batch(batch)}, weight)


def _weight(row: dict[str, Any]) -> int:
    """What writing a row creates: the node or link, a node's links (one per holder and contract, AT, OF)
    and each entry of its list properties (a consolidation at a buyer with hundreds of suppliers running
    at once names them all three times: at 1M generated contracts, one buyer's 15,302 consolidations held
    35 million names, which as 3 a row went into one transaction and ran out of transaction memory)."""
    links = len(row.get("held_by", ())) + len(row.get("contract_ids", ())) + ("buyer_id" in row) + 1
    return 1 + links + sum(len(v) for v in row.values() if isinstance(v, list))


def _weighed(rows: list[dict[str, Any]]) -> Iterator[tuple[list[dict[str, Any]], int]]:
    """``rows`` in statements' batches (:func:`_grouped`), each with its weight, so no row is weighed twice."""
    weights = {id(row): _weight(row) for row in rows}
    for batch in _grouped(rows, lambda row: weights[id(row)], ROWS_PER_TRANSACTION, ROWS_PER_STATEMENT):
        yield batch, sum(weights[id(row)] for row in batch)


def _transactions(statements: Iterable[Statement], limit: int, first: Sequence[Statement]) -> Iterator[list[Statement]]:
    """``first`` then ``statements``, in order, grouped into transactions of at most ``limit`` weight each
    (a statement of more alone); ``first`` always opens the first transaction, even with nothing after it."""
    return _grouped(statements, lambda st: st.weight, limit, first=first)


def _grouped(
    items: Iterable[T], weigh: Callable[[T], int], limit: int, count: int | None = None, first: Sequence[T] = ()
) -> Iterator[list[T]]:
    """``items`` in order, in groups of at most ``limit`` weight (an item weighing more alone) and ``count`` items;
    ``first`` (weighing nothing) opens the first group."""
    group, weight = list(first), 0
    for item in items:
        w = weigh(item)
        if weight and (len(group) == count or weight + w > limit):
            yield group
            group, weight = [], 0
        group.append(item)
        weight += w
    if group:
        yield group


def _run_all(tx: ManagedTransaction, statements: list[Statement]) -> None:
    for st in statements:
        tx.run(st.query, st.params).consume()


# --- comparing -------------------------------------------------------------------


def _canonical(d: Derived) -> dict[str, Any]:
    """Every node and link by key, with what it says, so a derived and a stored layer compare with ==."""
    out: dict[str, Any] = {}
    for row in (*d.tenures, *d.engagements):
        props = dict(row)
        props.setdefault("_held", list(row["held_by"]))
        props.setdefault("_rests_on", sorted(set(row["contract_ids"])))
        props.setdefault("_of", [row["tower_id"]] if row.get("tower_id") is not None else [])
        out[row["key"]] = sorted((k, v) for k, v in props.items() if v is not None)  # a null is no property
    for row in d.consolidations:
        props = dict(row)
        props.setdefault("_around", [row["contract_id"]])
        out[row["key"]] = sorted((k, v) for k, v in props.items() if v is not None)
    for link in d.succeeded_by:
        out[f"{link['from']} -SUCCEEDED_BY-> {link['to']}"] = (link["gap_days"], link["change"])
    for link in d.resumed_by:
        out[f"{link['from']} -RESUMED_BY-> {link['to']}"] = link["gap_days"]
    return out


def _native(value: Any) -> Any:
    """Neo4j's dates as Python dates (other values as they are)."""
    to_native = getattr(value, "to_native", None)
    if to_native is not None:
        native = to_native()
        return native if isinstance(native, date) else value
    if isinstance(value, list):
        return list(value)
    return value


def _batches(graph: Graph, buyers: Sequence[str]) -> Iterator[list[str]]:
    """``buyers`` in order, in batches of at most :data:`BUYERS_PER_BATCH` buyers and (but for a buyer that has more
    on its own) :data:`CONTRACTS_PER_BATCH` contracts."""
    batch: list[str] = []
    contracts = 0
    for ids in _chunks(buyers, IDS_PER_BATCH):
        for row in graph.read(_CONTRACT_COUNTS, {"ids": ids}):
            n = row["n"]
            if batch and (len(batch) == BUYERS_PER_BATCH or contracts + n > CONTRACTS_PER_BATCH):
                yield batch
                batch, contracts = [], 0
            batch.append(row["id"])
            contracts += n
    if batch:
        yield batch


_CONTRACT_COUNTS = """
UNWIND range(0, size($ids) - 1) AS i
OPTIONAL MATCH (b:Organisation {id: $ids[i]})
RETURN $ids[i] AS id, CASE WHEN b IS NULL THEN 0 ELSE COUNT { (b)-[:AWARDED]->(:Contract) } END AS n ORDER BY i
"""


def _ahead(items: Iterator[T]) -> Iterator[T]:
    """``items``, each made in a worker thread while the caller works on the one before.

    Deriving a batch (reading its contracts, the rule in Python) and writing the one before then
    overlap: the writer mostly waits on Neo4j. The derivation reads contracts only, which no batch's
    write changes, so the overlap changes nothing that is written.
    """
    end = object()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="supplygraph-derive") as pool:
        pending = pool.submit(next, items, end)
        while (item := pending.result()) is not end:
            pending = pool.submit(next, items, end)
            yield item  # type: ignore[misc]


def _chunks(items: Sequence[T], size: int) -> Iterator[list[T]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])
