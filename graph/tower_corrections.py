"""An analyst's decision on what a contract buys: ``supplygraph contracts set-towers``.

The classifier (loaders/classify.py) can be wrong; an analyst who reads the notice sets its towers
(or ``it-other`` / ``none``). Each decision is kept in the graph as a ``(:TowerCorrection)`` node
with who, when and why, like the organisation corrections, and every later load writes the decision
in place of what the files say (:func:`overlay`), so reloading the notice does not undo it. Setting
towers ends, like every write command, by re-deriving the tenures and ``SUCCEEDS`` pairs it touched.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction

from supplygraph.graph import derived, tenure_store
from supplygraph.graph.db import Graph
from supplygraph.graph.errors import NotFoundError, ParameterError
from supplygraph.graph.towers import TOWERS, UnknownTowerError, canonical_tower

CLASSES = ("it-other", "none")


@dataclass(frozen=True)
class TowerCorrection:
    contract: str
    towers: tuple[str, ...]  # tower ids; empty for it-other or none
    service_class: str  # tower, it-other or none
    note: str
    by: str
    at: str
    seq: int


def set_towers(
    graph: Graph, contract_id: str, towers: list[str], note: str = "", by: str | None = None
) -> TowerCorrection:
    """Record and apply an analyst's towers for a contract: tower names or aliases, or one of it-other / none."""
    tower_ids, service_class = _parse(towers)
    who = by or getpass.getuser()

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        if tx.run("MATCH (c:Contract {id: $id}) RETURN c.id", id=contract_id).single() is None:
            raise NotFoundError("contract", contract_id)
        done = tx.run(
            "OPTIONAL MATCH (k:TowerCorrection) WITH coalesce(max(k.seq), 0) + 1 AS seq "
            "CREATE (n:TowerCorrection {contract: $contract, towers: $towers, service_class: $service_class, "
            "note: $note, by: $by, seq: seq, at: datetime()}) RETURN n.seq AS seq, toString(n.at) AS at",
            {
                "contract": contract_id,
                "towers": list(tower_ids),
                "service_class": service_class,
                "note": note,
                "by": who,
            },
        ).single(strict=True)
        tx.run(_APPLY, rows=[_row(contract_id, tower_ids, service_class, who, note)]).consume()
        return dict(done)

    touched = tenure_store.touched_by_contracts(graph, [contract_id])  # the pairs it rested on
    done = graph.execute_write(work)
    touched |= tenure_store.touched_by_contracts(graph, [contract_id])  # and those it covers now
    derived.refresh(graph, touched)
    return TowerCorrection(contract_id, tower_ids, service_class, note, who, done["at"], done["seq"])


def decisions(graph: Graph) -> dict[str, dict[str, Any]]:
    """The latest decision per contract id, for a load to write in place of what the files say."""
    found = graph.read(
        "MATCH (k:TowerCorrection) RETURN k.contract AS contract, k.towers AS towers, k.service_class AS class, "
        "k.by AS by, k.note AS note ORDER BY k.seq"
    )
    return {r["contract"]: _row(r["contract"], tuple(r["towers"]), r["class"], r["by"], r["note"]) for r in found}


def overlay(param: dict[str, Any], decided: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A load's contract parameters with the analyst's decision in place of the file's towers, if there is one.

    Written in place (not re-applied after the load), so reloading the same files changes nothing.
    """
    decision = decided.get(param["id"])
    if decision is not None:
        param["towers"] = list(decision["towers"])
        param["props"].update(
            service_class=decision["class"], tower_confidence=1.0, tower_evidence=[decision["evidence"]]
        )
    return param


def history(graph: Graph, contract_id: str) -> list[TowerCorrection]:
    """The decisions recorded for a contract, oldest first."""
    return [
        TowerCorrection(
            r["contract"], tuple(r["towers"]), r["class"], r["note"] or "", r["by"] or "", r["at"], r["seq"]
        )
        for r in graph.read(
            "MATCH (k:TowerCorrection {contract: $id}) RETURN k.contract AS contract, k.towers AS towers, "
            "k.service_class AS class, k.note AS note, k.by AS by, toString(k.at) AS at, k.seq AS seq ORDER BY k.seq",
            {"id": contract_id},
        )
    ]


_APPLY = """
UNWIND $rows AS row
MATCH (c:Contract {id: row.contract})
SET c.service_class = row.class, c.tower_confidence = 1.0, c.tower_evidence = [row.evidence]
WITH c, row
CALL (c, row) {
  OPTIONAL MATCH (c)-[r:COVERS]->(t:ServiceTower) WHERE NOT t.id IN row.towers
  DELETE r
}
CALL (c, row) {
  UNWIND row.towers AS tid
  MATCH (t:ServiceTower {id: tid})
  MERGE (c)-[:COVERS]->(t)
}
"""


def _row(contract_id: str, towers: tuple[str, ...], service_class: str, by: str, note: str) -> dict[str, Any]:
    said = f"set by {by}" + (f": {note}" if note else "")
    return {"contract": contract_id, "towers": list(towers), "class": service_class, "evidence": said}


def _parse(values: list[str]) -> tuple[tuple[str, ...], str]:
    words = [v.strip() for v in values if v.strip()]
    if not words:
        raise ParameterError("give one or more towers, or it-other, or none")
    classes = [w.lower() for w in words if w.lower() in CLASSES]
    if classes:
        if len(words) > 1:
            raise ParameterError(f"{classes[0]} stands alone: it cannot be given with towers or another class")
        return (), classes[0]
    ids = []
    for word in words:
        try:
            ids.append(canonical_tower(word).id)
        except UnknownTowerError as exc:
            raise ParameterError(f"{exc}; or it-other, or none") from None
    order = [t.id for t in TOWERS]
    return tuple(sorted(set(ids), key=order.index)), "tower"
