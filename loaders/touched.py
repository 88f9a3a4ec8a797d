"""What a load touched, so that the derived layers (tenures, SUCCEEDS) are re-derived for those buyers and pairs only."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from supplygraph.graph import derived, org_corrections, tenure_store
from supplygraph.graph.db import Graph

log = logging.getLogger(__name__)


class LoadTouches:
    """Collects, while a load writes, the pairs and buyers whose tenures may have changed.

    On a graph that had no contracts the whole layer is derived at the end
    instead (cheaper than looking anything up).
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.fresh = not graph.read("MATCH (c:Contract) RETURN c.id LIMIT 1")
        self.touched = tenure_store.Touched()
        self.organisations: set[str] = set()

    def contracts(self, params: list[dict[str, Any]]) -> None:
        """Contract rows about to be written: their pairs now, and (before the write) the pairs they rested on."""
        if self.fresh:
            return
        for p in params:
            self.touched.add(p["buyer_id"], p["towers"])
        self.touched |= tenure_store.touched_by_contracts(self.graph, [p["id"] for p in params])

    def retiring(self, contract_ids: list[str]) -> None:
        """Contracts about to be deleted: the pairs their tenures cover."""
        if not self.fresh:
            self.touched |= tenure_store.touched_by_contracts(self.graph, contract_ids)

    def organisations_written(self, org_ids: Iterable[str]) -> None:
        """Organisations whose names, lineage or corrections the load wrote."""
        self.organisations.update(org_ids)

    def finish(self) -> int:
        """The explicit last step of a load: re-derive what it touched (everything on a fresh graph)."""
        if self.fresh:
            return derived.refresh_all(self.graph)
        corrected = {x for r in org_corrections.corrections(self.graph) for x in (r["organisation"], r["other"])}
        if self.organisations or corrected:
            self.touched |= tenure_store.touched_by_organisations(self.graph, self.organisations | corrected)
        return derived.refresh(self.graph, self.touched)
