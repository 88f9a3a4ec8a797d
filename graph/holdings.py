"""Who holds what, when: answers built on the saved queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from supplygraph.graph import lookup, query_library
from supplygraph.graph.db import Graph


@dataclass(frozen=True)
class Holders:
    buyer: lookup.Entity
    tower: lookup.Entity
    as_of: date
    holders: list[dict[str, Any]]


def holders(graph: Graph, buyer: str, tower: str, as_of: date, as_known_on: str | datetime | None = None) -> Holders:
    """Suppliers holding ``tower`` at ``buyer`` on ``as_of`` (names and aliases accepted).

    With ``as_known_on``, on the facts the graph held then (before later corrections).
    """
    b = lookup.organisation(graph, buyer, role="buyer")
    t = lookup.tower(tower)
    params: dict[str, Any] = {"buyer": b, "tower": t, "as_of": as_of}
    name = "holders"
    if as_known_on is not None:
        name, params["as_known_on"] = "holders-known-on", as_known_on
    return Holders(b, t, as_of, query_library.run(graph, name, params).rows)


def footprint(graph: Graph, supplier: str, as_of: date) -> tuple[lookup.Entity, list[dict[str, Any]]]:
    """The buyers and towers a supplier held on ``as_of``."""
    s = lookup.organisation(graph, supplier, role="supplier")
    return s, query_library.run(graph, "footprint", {"supplier": s, "as_of": as_of}).rows


def portfolio(graph: Graph, buyer: str) -> tuple[lookup.Entity, list[dict[str, Any]]]:
    """Every contract and process of a buyer, in start order."""
    b = lookup.organisation(graph, buyer, role="buyer")
    return b, query_library.run(graph, "portfolio", {"buyer": b}).rows


def organisations(graph: Graph, role: str, q: str | None, limit: int = 100) -> list[dict[str, Any]]:
    """Buyers or suppliers whose name or an alias contains ``q``."""
    return query_library.run(graph, "organisations", {"role": role, "q": q, "limit": limit}).rows
