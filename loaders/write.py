"""The write pass: what the check pass planned, written to the graph in idempotent batches.

Organisations and OCDS parties first, then contract rows, re-read from their
files rather than held (a deal-history file's rows in background batches, an
OCDS file's winning rows only), then contracts a later OCDS release
superseded are retired, then lineage edges.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import neo4j

from supplygraph.graph import tower_corrections
from supplygraph.graph.db import Graph
from supplygraph.loaders.lineage import WRITE_LINEAGE
from supplygraph.loaders.plan import Plan
from supplygraph.loaders.planned import csv_batches, ocds_batches
from supplygraph.loaders.touched import LoadTouches
from supplygraph.loaders.writer import (
    DROP_ORPHAN_SOURCES,
    RETIRE_CONTRACTS,
    WRITE_CONTRACTS,
    WRITE_ORGANISATIONS,
    WRITE_PARTIES,
    BackgroundWriter,
    batched,
    write_batch,
    write_contracts,
)

Progress = Callable[[str, int, int | None], None]
"""progress(label, advance, total): called as batches are written."""


@dataclass(frozen=True)
class Written:
    """What the write pass wrote: organisations from organisations files, new organisations, contracts."""

    organisations: int
    new_organisations: int
    contracts: int


def write(graph: Graph, plan: Plan, touches: LoadTouches, progress: Progress | None = None) -> Written:
    """Write what ``plan`` holds after its check pass, telling ``touches`` what it changes;
    ``progress`` is told as contract batches go."""
    organisations = len(plan.org_params)
    new_organisations = len(plan.new_orgs) + len(set(plan.parties) - plan.existing)
    for batch in batched(plan.org_params):
        write_batch(graph, WRITE_ORGANISATIONS, batch)
    for batch in batched(plan.party_params()):
        write_batch(graph, WRITE_PARTIES, batch)
    for batch in batched(list(plan.new_orgs.values())):
        write_batch(graph, WRITE_ORGANISATIONS, batch)

    # Second pass: rows are re-read rather than held, so memory stays flat; the
    # next batch is parsed while Neo4j writes the last one.
    had_contracts = bool(graph.read("MATCH (c:Contract) RETURN c.id LIMIT 1"))
    decided = tower_corrections.decisions(graph)  # an analyst's towers outlive what the files say
    with BackgroundWriter(lambda rows: write_contracts(graph, rows, had_contracts)) as background:
        for planned in csv_batches(plan):
            params = [tower_corrections.overlay(p, decided) for p in planned.params]
            if params:
                touches.contracts(params)
                background.submit(params)
            if progress:
                progress(planned.file, planned.rows, planned.total)
    ocds_total = plan.winners.count() if plan.ocds_files else 0
    for planned in ocds_batches(plan):
        params = [tower_corrections.overlay(p, decided) for p in planned.params]
        if params:
            touches.contracts(params)
            write_batch(graph, WRITE_CONTRACTS, params)
        if progress:
            progress(planned.file, planned.rows, planned.total)
    if plan.ocds_files:
        for ids in batched(plan.winners.retired()):
            touches.retiring(ids)
            _retire(graph, ids)
    for batch in batched(plan.lineage):
        write_batch(graph, WRITE_LINEAGE, batch)
    touches.organisations_written(x for e in plan.lineage for x in (e["from_id"], e["to_id"]))
    touches.organisations_written(o["id"] for o in plan.org_params)
    return Written(organisations, new_organisations, plan.contracts + ocds_total)


def _retire(graph: Graph, ids: list[str]) -> None:
    """Delete contracts a later release superseded, and the sources only they cited."""

    def work(tx: neo4j.ManagedTransaction) -> None:
        sources = {s for r in tx.run(RETIRE_CONTRACTS, ids=ids) for s in r["sources"]}
        tx.run(DROP_ORPHAN_SOURCES, ids=sorted(sources)).consume()

    graph.execute_write(work)


__all__ = ["Progress", "Written", "write"]
