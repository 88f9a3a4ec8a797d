"""Who holds what, when: answers built on the saved queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from graph import lookup, query_library
from graph.db import Graph


@dataclass(frozen=True)
class Holders:
    buyer: lookup.Entity
    tower: lookup.Entity
    as_of: date
    holders: list[dict[str, Any]]


def holders(graph: Graph, buyer: str, tower: str, as_of: date) -> Holders:
    """Suppliers holding ``tower`` at ``buyer`` on ``as_of`` (names and aliases accepted)."""
    b = lookup.organisation(graph, buyer, role="buyer")
    t = lookup.tower(tower)
    rows = query_library.run(
        graph, "holders", {"buyer": b.id, "tower": t.id, "as_of": as_of}
    ).rows
    return Holders(b, t, as_of, rows)
