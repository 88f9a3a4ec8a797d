"""Market movements across buyers: returns, insourcing, consolidation, switching.

Each function resolves optional filters (so an unknown name is a clear error,
not an empty answer; an empty one too, not every buyer) and runs one saved query.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from supplygraph.graph import lookup, query_library
from supplygraph.graph.db import Graph
from supplygraph.graph.errors import ParameterError


def _optional_org(graph: Graph, text: str | None, role: str) -> lookup.Entity | None:
    return None if text is None else lookup.organisation(graph, text, role=role)


def returns(
    graph: Graph,
    min_gap_days: int = 365,
    supplier: str | None = None,
    buyer: str | None = None,
    limit: int | None = None,
    follow_lineage: bool = True,
) -> list[dict[str, Any]]:
    """Suppliers that came back to a former client after at least ``min_gap_days``.

    With ``follow_lineage`` a return counts when the company a former supplier
    became (renamed, merged into, acquired by) comes back.
    """
    if min_gap_days < 0:
        raise ParameterError("min_gap_days must be 0 or more")
    if limit is not None and limit < 1:
        raise ParameterError("limit must be 1 or more")
    rows = query_library.run(
        graph,
        "returns",
        {
            "min_gap_days": min_gap_days,
            "supplier": _optional_org(graph, supplier, "supplier"),
            "buyer": _optional_org(graph, buyer, "buyer"),
            "follow_lineage": follow_lineage,
        },
    ).rows
    return rows if limit is None else rows[:limit]


def insourcing(graph: Graph, buyer: str | None = None) -> list[dict[str, Any]]:
    """Supplier -> in-house (insourcing) and in-house -> supplier (outsourcing) events."""
    return query_library.run(graph, "insourcing", {"buyer": _optional_org(graph, buyer, "buyer")}).rows


def consolidations(
    graph: Graph, buyer: str | None = None, since: date | None = None, limit: int = 1000, names: int = 20
) -> list[dict[str, Any]]:
    """Multi-tower contracts that took over from (or handed over to) several suppliers, in day order: the first
    ``limit`` events on or after ``since`` (0: all), each naming at most ``names`` other suppliers (0: all)."""
    params = {"buyer": _optional_org(graph, buyer, "buyer"), "since": since, "limit": limit, "names": names}
    return query_library.run(graph, "consolidations", params).rows


def switching_matrix(graph: Graph, limit: int = 1000) -> list[dict[str, Any]]:
    """How often supplier A was succeeded by supplier B, across buyers and towers: the ``limit`` pairs with the most
    switches (0: all)."""
    return query_library.run(graph, "switching-matrix", {"limit": limit}).rows
