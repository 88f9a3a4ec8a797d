"""Writes validated rows to Neo4j in batches.

Each batch is one ``UNWIND`` statement in one managed write transaction, which
the driver retries on transient errors. Every statement is a ``MERGE`` keyed
on ids, so writing the same rows twice changes nothing, and a load that was
interrupted converges when it is run again.

A contract's facts carry ``recorded_at`` (when the graph learnt them). A
reload that changes them keeps the old facts as a ``ContractVersion`` with
``recorded_at`` and ``superseded_at`` and the sources that asserted them, so
"what did we believe on day X" stays answerable.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from neo4j import ManagedTransaction

from supplygraph.graph.config import settings
from supplygraph.graph.db import Batch, Graph
from supplygraph.graph.names import IN_HOUSE_ID, IN_HOUSE_NAME, keys_for, reference_key
from supplygraph.loaders.coverage import notice_year
from supplygraph.loaders.deal_csv import HOLDING_STATUSES, ContractRow, OrganisationRow

BATCH_SIZE = 2000
T = TypeVar("T")

WRITE_ORGANISATIONS = """
UNWIND $rows AS row
MERGE (o:Organisation {id: row.id})
SET o.name = row.name,
    o.aliases = row.aliases,
    o.identifiers = row.identifiers,
    o.in_house = row.in_house
FOREACH (_ IN CASE WHEN row.buyer THEN [1] ELSE [] END | SET o:Buyer)
FOREACH (_ IN CASE WHEN row.supplier THEN [1] ELSE [] END | SET o:Supplier)
WITH o, row
UNWIND row.keys AS key
MERGE (a:Alias {key: key})
MERGE (a)-[:ALIAS_OF]->(o)
"""

WRITE_CONTRACTS = """
UNWIND $rows AS row
MERGE (src:Source {id: row.source.id})
SET src.url = row.source.url, src.title = row.source.title,
    src.published = row.source.published, src.published_precision = row.source.published_precision
MERGE (b:Organisation {id: row.buyer_id})
  ON CREATE SET b.name = row.buyer_name, b.aliases = [], b.identifiers = [], b.in_house = false
SET b:Buyer
MERGE (c:Contract {id: row.id})
WITH c, b, src, row,
     [(c)-[:AWARDED_TO]->(s:Organisation) | s.id] AS old_suppliers,
     [(c)-[:COVERS]->(t:ServiceTower) | t.id] AS old_towers,
     [(o:Organisation)-[:AWARDED]->(c) | o.id] AS old_buyers
// history is never lost: facts that change are kept as a ContractVersion with
// the time they were recorded and superseded, still linked to their sources
WITH c, b, src, row, old_suppliers, old_towers, old_buyers,
     c.recorded_at IS NOT NULL AND (
       any(k IN keys(row.props) WHERE NOT (c[k] = row.props[k] OR (c[k] IS NULL AND row.props[k] IS NULL)))
       OR size(old_suppliers) <> size(row.supplier_ids) OR any(x IN row.supplier_ids WHERE NOT x IN old_suppliers)
       OR size(old_towers) <> size(row.towers) OR any(x IN row.towers WHERE NOT x IN old_towers)
       OR old_buyers <> [row.buyer_id]) AS changed
CALL (c, changed, old_suppliers, old_towers, old_buyers) {
  WITH * WHERE changed
  CREATE (v:ContractVersion)
  SET v = properties(c), v.contract_id = c.id, v.superseded_at = datetime.transaction(),
      v.supplier_ids = old_suppliers, v.tower_ids = old_towers, v.buyer_id = head(old_buyers)
  CREATE (c)-[:PREVIOUSLY]->(v)
  WITH c, v
  MATCH (c)-[:SOURCED_FROM]->(old:Source)
  CREATE (v)-[:SOURCED_FROM]->(old)
}
SET c += row.props,
    c.recorded_at = CASE WHEN changed OR c.recorded_at IS NULL THEN datetime.transaction() ELSE c.recorded_at END
MERGE (b)-[awarded:AWARDED]->(c)
SET awarded.as_named = row.buyer_name
MERGE (c)-[:SOURCED_FROM]->(src)
WITH c, b, row
// a corrected row may name another buyer, supplier or tower: drop the old links
CALL (c, b) {
  OPTIONAL MATCH (other:Organisation)-[r:AWARDED]->(c) WHERE other <> b
  DELETE r
}
CALL (c, row) {
  OPTIONAL MATCH (c)-[r:AWARDED_TO]->(s:Organisation) WHERE NOT s.id IN row.supplier_ids
  DELETE r
}
CALL (c, row) {
  OPTIONAL MATCH (c)-[r:COVERS]->(t:ServiceTower) WHERE NOT t.id IN row.towers
  DELETE r
}
FOREACH (s IN row.suppliers |
  MERGE (o:Organisation {id: s.id})
    ON CREATE SET o.name = s.name, o.aliases = [], o.identifiers = [], o.in_house = s.in_house
  SET o:Supplier
  MERGE (c)-[to:AWARDED_TO]->(o)
  SET to.as_named = s.as_named)
FOREACH (tid IN row.towers |
  MERGE (t:ServiceTower {id: tid})
  MERGE (c)-[:COVERS]->(t))
"""


def batched(items: Iterable[T], size: int = BATCH_SIZE) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def organisation_param(org: OrganisationRow, org_id: str) -> dict[str, Any]:
    ids = [org.identifier] if org.identifier else []
    return {
        "id": org_id,
        "name": IN_HOUSE_NAME if org_id == IN_HOUSE_ID else org.name,
        "aliases": list(org.aliases),
        "identifiers": ids,
        "in_house": org_id == IN_HOUSE_ID,
        "buyer": org.role in ("buyer", "both"),
        "supplier": org.role in ("supplier", "both"),
        "keys": sorted(keys_for(org.name, org_id, *org.aliases, *ids)),
    }


def contract_param(
    row: ContractRow, buyer_id: str, supplier_ids: list[str], supplier_names: list[str] | None = None
) -> dict[str, Any]:
    """``supplier_names[i]``: the name the row used for ``supplier_ids[i]``, kept on the AWARDED_TO link
    as ``as_named`` (so an analyst's split can take back the contracts that named a spelling)."""
    holds = row.status in HOLDING_STATUSES and bool(supplier_ids)
    names = supplier_names if supplier_names is not None else list(row.suppliers)
    return {
        "id": row.id,
        "buyer_id": buyer_id,
        "buyer_name": row.buyer,
        "supplier_ids": supplier_ids,
        "suppliers": [
            {
                "id": sid,
                "name": IN_HOUSE_NAME if sid == IN_HOUSE_ID else name,
                "in_house": sid == IN_HOUSE_ID,
                "as_named": name,
            }
            for sid, name in zip(supplier_ids, names)
        ],
        "towers": list(row.towers),
        "source": {
            "id": row.source_id,
            "url": row.source_url,
            "title": row.source_title,
            "published": row.source_published.first if row.source_published else None,
            "published_precision": row.source_published.precision if row.source_published else None,
        },
        "props": {
            "title": row.title,
            "value": row.value,
            "currency": row.currency,
            "status": row.status,
            "holds": holds,
            "programme": row.programme,
            "description": row.description,
            "notes": row.notes,
            "start": row.start.first if row.start else None,
            "start_precision": row.start.precision if row.start else None,
            "start_text": row.start.text if row.start else None,
            "end": row.end.last if row.end else None,
            "end_precision": row.end.precision if row.end else None,
            "end_text": row.end.text if row.end else None,
            # OCDS only (absent for CSV rows: a null in SET += sets nothing)
            "ocid": row.ocid,
            "release_id": row.release_id,
            "max_extent": row.max_extent.last if row.max_extent else None,
            "max_extent_text": row.max_extent.text if row.max_extent else None,
            "cpv_codes": list(row.cpv_codes) or None,
            # the source's own reference, and its lower-case key for `contracts find` (indexed)
            "source_ref": row.source_ref,
            "source_ref_key": reference_key(row.source_ref) if row.source_ref else None,
            "service_class": row.service_class,
            "tower_confidence": row.tower_confidence,
            "tower_evidence": list(row.tower_evidence) or None,
            # coverage (supplygraph sources): who published the notice, and the year it was published
            "publisher": row.publisher,
            "notice_year": notice_year(row),
        },
    }


def organisation_param_for_new(org_id: str, name: str) -> dict[str, Any]:
    """An organisation first met as a name in a contract row; its roles are set by the caller."""
    display = IN_HOUSE_NAME if org_id == IN_HOUSE_ID else name
    return {
        "id": org_id,
        "name": display,
        "aliases": [],
        "identifiers": [],
        "in_house": org_id == IN_HOUSE_ID,
        "buyer": False,
        "supplier": False,
        "keys": sorted(keys_for(display, org_id, name)),
    }


def write_batch(graph: Graph, statement: str, rows: list[dict[str, Any]]) -> None:
    graph.write(statement, {"rows": Batch(rows)}, bump=False)  # batches run in parallel: load_paths bumps once


WRITE_NEW_CONTRACTS = """
UNWIND $rows AS row
MERGE (src:Source {id: row.source.id})
SET src.url = row.source.url, src.title = row.source.title,
    src.published = row.source.published, src.published_precision = row.source.published_precision
MERGE (b:Organisation {id: row.buyer_id})
  ON CREATE SET b.name = row.buyer_name, b.aliases = [], b.identifiers = [], b.in_house = false
SET b:Buyer
MERGE (c:Contract {id: row.id})
SET c += row.props, c.recorded_at = datetime.transaction()
CREATE (b)-[:AWARDED {as_named: row.buyer_name}]->(c)
CREATE (c)-[:SOURCED_FROM]->(src)
WITH c, row
CALL (c, row) {
  UNWIND row.suppliers AS s
  MERGE (o:Organisation {id: s.id})
    ON CREATE SET o.name = s.name, o.aliases = [], o.identifiers = [], o.in_house = s.in_house
  SET o:Supplier
  CREATE (c)-[:AWARDED_TO {as_named: s.as_named}]->(o)
}
CALL (c, row) {
  UNWIND row.towers AS tid
  MERGE (t:ServiceTower {id: tid})
  CREATE (c)-[:COVERS]->(t)
}
"""
"""Contracts the graph does not have yet: relationships are created, not merged (no links to check or drop)."""

EXISTING_CONTRACTS = "UNWIND $ids AS id MATCH (c:Contract {id: id}) RETURN collect(c.id) AS ids"


def write_contracts(graph: Graph, rows: list[dict[str, Any]], graph_had_contracts: bool = True) -> None:
    """Write a batch of contract params (each id once) in one transaction.

    New contracts take the lean ``CREATE`` statement; contracts already in the
    graph (a reload or a correction) take :data:`WRITE_CONTRACTS`, which merges
    and drops stale links. The check and the writes share the transaction, so a
    retry re-checks. When the graph had no contracts before this load, every
    row is new and the check is skipped.
    """

    def work(tx: ManagedTransaction) -> None:
        if not graph_had_contracts:
            tx.run(WRITE_NEW_CONTRACTS, rows=Batch(rows)).consume()
            return
        known = set(tx.run(EXISTING_CONTRACTS, ids=[row["id"] for row in rows]).single(strict=True)["ids"])
        fresh = [row for row in rows if row["id"] not in known]
        if fresh:
            tx.run(WRITE_NEW_CONTRACTS, rows=Batch(fresh)).consume()
        if known:
            tx.run(WRITE_CONTRACTS, rows=Batch(row for row in rows if row["id"] in known)).consume()

    graph.execute_write(work, bump=False)  # batches run in parallel: load_paths bumps once


class BackgroundWriter:
    """Writes batches on background threads while the caller prepares the next.

    The caller's CPU work (parsing, resolving names) overlaps Neo4j's, and two
    transactions in flight keep both of a small machine's cores busy (measured:
    1.6-2x one writer at 100k contracts). Batches hold distinct contracts, so
    their order does not matter; shared nodes (buyers, suppliers, sources) are
    merged under Neo4j's locks, and a deadlock between the two is a transient
    error the driver retries. At most ``depth`` batches wait, so memory stays
    bounded. A writer's error is raised in the caller at the next
    :meth:`submit` or at :meth:`close`.
    """

    def __init__(
        self, write: Callable[[list[dict[str, Any]]], None], workers: int | None = None, depth: int = 2
    ) -> None:
        """``workers``: threads writing at once (default SUPPLYGRAPH_LOAD_WRITERS)."""
        workers = settings().load_writers if workers is None else workers
        self._write = write
        self._queue: queue.Queue[list[dict[str, Any]] | None] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._cancelled = False
        self._threads = [
            threading.Thread(target=self._run, name=f"supplygraph-writer-{i}", daemon=True) for i in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    def _run(self) -> None:
        while (batch := self._queue.get()) is not None:
            if self._error is None and not self._cancelled:
                try:
                    self._write(batch)
                except BaseException as exc:  # handed to the caller, not swallowed
                    self._error = exc

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def submit(self, batch: list[dict[str, Any]]) -> None:
        self._raise()
        self._queue.put(batch)

    def _stop(self) -> None:
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join()

    def close(self) -> None:
        """Wait for every submitted batch; re-raise the first error."""
        self._stop()
        self._raise()

    def __enter__(self) -> BackgroundWriter:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.close()
            return
        self._cancelled = True  # the caller failed: drop what is queued, keep its error
        self._stop()


WRITE_PARTIES = """
UNWIND $rows AS row
MERGE (o:Organisation {id: row.id})
  ON CREATE SET o.name = row.name, o.aliases = [], o.identifiers = [], o.in_house = false
WITH o, row
CALL (o, row) {
  UNWIND coalesce(o.identifiers, []) + row.identifiers AS i
  WITH DISTINCT i ORDER BY i
  RETURN collect(i) AS identifiers
}
CALL (o, row) {
  UNWIND coalesce(o.aliases, []) + [n IN row.names WHERE n <> o.name] AS a
  WITH DISTINCT a ORDER BY a
  RETURN collect(a) AS aliases
}
CALL (o, row) {
  UNWIND coalesce(o.postcodes, []) + row.postcodes AS p
  WITH DISTINCT p ORDER BY p
  RETURN collect(p) AS postcodes
}
SET o.identifiers = identifiers, o.aliases = aliases, o.postcodes = postcodes
FOREACH (_ IN CASE WHEN row.buyer THEN [1] ELSE [] END | SET o:Buyer)
FOREACH (_ IN CASE WHEN row.supplier THEN [1] ELSE [] END | SET o:Supplier)
WITH o, row
UNWIND row.keys AS key
MERGE (a:Alias {key: key})
MERGE (a)-[:ALIAS_OF]->(o)
"""
"""OCDS parties: add names, identifiers and postcodes to an organisation, never overwrite what an analyst gave it."""

RETIRE_CONTRACTS = """
UNWIND $ids AS id
MATCH (c:Contract {id: id})
OPTIONAL MATCH (c)-[:SOURCED_FROM]->(s:Source)
WITH c, collect(s.id) AS sources
DETACH DELETE c
RETURN sources
"""
DROP_ORPHAN_SOURCES = """
UNWIND $ids AS id
MATCH (s:Source {id: id})
WHERE NOT (s)<-[:SOURCED_FROM]-()
DELETE s
"""
